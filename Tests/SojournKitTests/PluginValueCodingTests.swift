import Foundation
import SojournKit
import Testing

/// A plugin's state, encoded to a `PluginValue` and back without Foundation's coders.
@Suite struct PluginValueCodingTests {
    enum Mood: String, Codable, Equatable { case calm, busy }

    enum Event: Codable, Equatable {
        case held(minutes: Int, rating: Double?)
        case missed(String)
        case postponed
    }

    struct Session: Codable, Equatable {
        var number: Int
        var on: CalendarDate
        var notes: [String]
    }

    struct State: Codable, Equatable, PluginState {
        var answers: [String: PluginValue] = [:]
        var sessions: [Session] = []
        var counts: [String: Int] = [:]
        var byNumber: [Int: String] = [:]
        var mood: Mood?
        var last: Event?
        var history: [Event] = []
        var ratio = 0.0
        var done = false
        var nothing: String?
        var big: Int64 = 0
        var small: UInt8 = 0
    }

    static let full = State(
        answers: ["eligible": .bool(true), "when": .date(CalendarDate("2027-02-01")!), "score": .number(4.5)],
        sessions: [Session(number: 1, on: CalendarDate("2027-03-01")!, notes: ["first", ""]), Session(number: 2, on: CalendarDate("2027-03-08")!, notes: [])],
        counts: ["held": 3, "missed": 1], byNumber: [1: "one", 10: "ten"], mood: .busy,
        last: .held(minutes: 60, rating: nil), history: [.missed("holiday"), .postponed, .held(minutes: 45, rating: 4)],
        ratio: 0.25, done: true, nothing: nil, big: 9_007_199_254_740_000, small: 200)

    @Test func aStateRoundTripsThroughItsStoredForm() throws {
        let value = try PluginValueEncoder().encode(Self.full)
        let stored = value.jsonText
        let read = try #require(PluginValue(jsonText: stored))
        #expect(try PluginValueDecoder().decode(State.self, from: read) == Self.full)
        #expect(try PluginValueDecoder().decode(State.self, from: try PluginValueEncoder().encode(State())) == State())
    }

    @Test func stateStoredByJSONEncoderStillReads() throws {
        let legacy = try JSONEncoder().encode(Self.full)
        let read = try #require(PluginValue(jsonText: String(decoding: legacy, as: UTF8.self)))
        #expect(try PluginValueDecoder().decode(State.self, from: read) == Self.full)
    }

    @Test func nilIsLeftOutAndDatesAreText() throws {
        let value = try PluginValueEncoder().encode(Session(number: 1, on: CalendarDate("2027-03-01")!, notes: []))
        #expect(value == .object(["number": .number(1), "on": .text("2027-03-01"), "notes": .list([])]))
        guard case .object(let pairs) = try PluginValueEncoder().encode(State()) else { Issue.record("not an object"); return }
        #expect(pairs["nothing"] == nil)
        #expect(pairs["mood"] == nil)
    }

    @Test func aValueOfTheWrongKindSaysWhereAndWhat() throws {
        let wrong = PluginValue.object(["number": .text("one"), "on": .text("2027-03-01"), "notes": .list([])])
        let error = try #require(throws: DecodingError.self) { try PluginValueDecoder().decode(Session.self, from: wrong) }
        guard case .typeMismatch(_, let context) = error else { Issue.record("\(error)"); return }
        #expect(context.codingPath.map(\.stringValue) == ["number"])
        #expect(context.debugDescription == "expected a whole number, found text")
        let badDate = PluginValue.object(["number": .number(1), "on": .text("someday"), "notes": .list([])])
        #expect(throws: DecodingError.self) { try PluginValueDecoder().decode(Session.self, from: badDate) }
        let fraction = PluginValue.object(["number": .number(1.5), "on": .text("2027-03-01"), "notes": .list([])])
        #expect(throws: DecodingError.self) { try PluginValueDecoder().decode(Session.self, from: fraction) }
    }
}
