import Foundation
import SojournKit
import Testing

/// The stored form of values: compact JSON, written and read without Foundation.
@Suite struct PluginValueJSONTests {
    static let everything = PluginValue.object([
        "text": .text("Zoë \"quoted\" \\ back\nslash\ttab \u{1}\u{1F} 東京 🧭"),
        "numbers": .list([.number(0), .number(-3), .number(2.5), .number(-0.125), .number(1e20), .number(123456789012345)]),
        "flags": .list([.bool(true), .bool(false), .null]),
        "when": .date(CalendarDate("2027-01-15")!),
        "nested": .object(["empty list": .list([]), "empty object": .object([:]), "a": .list([.object(["b": .text("")])])]),
    ])

    @Test func everyKindOfValueRoundTrips() throws {
        let text = Self.everything.jsonText
        #expect(PluginValue(jsonText: text) == Self.everything)
    }

    @Test func theTextIsCompactWithSortedKeysAndMarkedDates() {
        #expect(PluginValue.object(["b": .number(1), "a": .list([.bool(true), .null]), "d": .date(CalendarDate("2027-03-01")!)]).jsonText
            == #"{"a":[true,null],"b":1,"d":{"$date":"2027-03-01"}}"#)
        #expect(PluginValue.text("a\u{7}b").jsonText == #""a\u0007b""#)
        #expect(PluginValue.number(2.5).jsonText == "2.5")
        #expect(PluginValue.number(.nan).jsonText == "null")
    }

    @Test func datesAreOnlyObjectsOfOneDateKey() {
        #expect(PluginValue(jsonText: #"{"$date":"2027-01-15"}"#) == .date(CalendarDate("2027-01-15")!))
        #expect(PluginValue(jsonText: #"{"$date":"soon"}"#) == .object(["$date": .text("soon")]))
        #expect(PluginValue(jsonText: #"{"$date":"2027-01-15","x":1}"#) == .object(["$date": .text("2027-01-15"), "x": .number(1)]))
    }

    @Test func anyJSONReads() {
        #expect(PluginValue(jsonText: " { \"a\" : [ 1 , 2.0e1 , -3 ] , \"b\" : \"\\u00e9\\ud83e\\udded\\/\" } ")
            == .object(["a": .list([.number(1), .number(20), .number(-3)]), "b": .text("é🧭/")]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "{\"a\":1,}", "[\"\\x\"]", "\"\\ud83e\"", "nul"])
    func whatIsNotJSONReadsAsNothing(_ text: String) {
        #expect(PluginValue(jsonText: text) == nil)
    }

    @Test func deepNestingIsRefusedRatherThanExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(PluginValue(jsonText: deep) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(PluginValue(jsonText: fine) != nil)
    }

    @Test func whatFoundationWroteBeforeReadsTheSame() throws {
        // Earlier versions stored values with JSONEncoder (sorted keys, escaped slashes).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let legacy = String(decoding: try encoder.encode(Self.everything), as: UTF8.self)
        #expect(PluginValue(jsonText: legacy) == Self.everything)
    }
}
