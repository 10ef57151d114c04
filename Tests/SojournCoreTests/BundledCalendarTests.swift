import Foundation
import SojournCore
import SojournKit
import Testing

/// The holiday calendars compiled into the binary.
@Suite struct BundledCalendarTests {
    @Test func everyFileInTheFolderIsBuiltInAndReads() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Sources/SojournCore/Calendars/Holidays").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(files.count == 20)
        #expect(CalendarLibrary.bundled.availableCountries == files)
        for code in files {
            let calendar = try #require(try CalendarLibrary.bundled.calendar(for: code))
            #expect(calendar.years == 2025...2032, "\(code)")
        }
        // France's Whit Monday 2027 and Bastille Day 2028.
        let france = try #require(try CalendarLibrary.bundled.calendar(for: "FR"))
        #expect(!france.isBusinessDay(CalendarDate("2027-05-17")!))
        #expect(!france.isBusinessDay(CalendarDate("2028-07-14")!))
        #expect(try CalendarLibrary.bundled.calendar(for: "KE") == nil)
        #expect(try CalendarLibrary.bundled.calendar(for: "../etc/passwd") == nil)
    }
}
