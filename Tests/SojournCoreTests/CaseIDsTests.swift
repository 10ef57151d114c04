import Foundation
import Testing
@testable import SojournCore

@Suite struct CaseIDsTests {
    private func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test func theFirstTwoCharactersCountMonthsFromJanuary2026() throws {
        #expect(CaseIDs.monthsSince2026(try date("2026-01-31T23:59:59Z")) == 0)
        #expect(CaseIDs.monthsSince2026(try date("2026-02-01T00:00:00Z")) == 1)
        #expect(CaseIDs.monthsSince2026(try date("2027-12-01T00:00:00Z")) == 23)
        // Before 2026 and after what two characters hold, the count stops at its ends.
        #expect(CaseIDs.monthsSince2026(try date("2019-06-01T00:00:00Z")) == 0)
        #expect(CaseIDs.monthsSince2026(try date("2200-01-01T00:00:00Z")) == 1023)
    }

    @Test func idsOfOneMonthShareTheirPrefixRiseAndSortAfterEarlierMonths() {
        let ids = (0..<50).map { _ in CaseIDs.random.next() }
        // Rising, so cases opened together are stored together (the sequence starts
        // again from a random point only after a million ids).
        #expect(Set(ids).count == 50)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
        let month = CaseIDs.monthsSince2026(Date())
        let prefix = String([CaseIDs.alphabet[month / 32], CaseIDs.alphabet[month % 32]])
        #expect(ids.allSatisfy { $0.count == 6 && $0.hasPrefix(prefix) })
        #expect(ids.allSatisfy { $0.allSatisfy { CaseIDs.alphabet.contains($0) } })
        // An id opened a month earlier sorts before: the alphabet is in ASCII order.
        if month > 0 {
            let earlier = String([CaseIDs.alphabet[(month - 1) / 32], CaseIDs.alphabet[(month - 1) % 32]]) + "zzzz"
            #expect(ids.allSatisfy { earlier < $0 })
        }
        #expect(CaseIDs.alphabet == CaseIDs.alphabet.sorted())
    }
}
