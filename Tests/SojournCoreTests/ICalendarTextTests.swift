import SojournKit
import Testing
@testable import SojournCore

/// The iCalendar writer's lines: values that cannot break out of their property, folding
/// that never splits a character, and time zones that follow the system's rules.
@Suite struct ICalendarTextTests {
    @Test func textCannotStartAPropertyOfItsOwn() {
        var out = ICalendarText()
        out.textLine("SUMMARY", "Lima, Ana; \\ notes\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT")
        out.line("ATTENDEE", "mailto:ana@example.com", [("CN", "Lima, \"Nana\": Ana\u{7}")])
        #expect(out.text == """
            SUMMARY:Lima\\, Ana\\; \\\\ notes\\nATTENDEE:mailto:evil@example.com\\nEND:VEVENT\r
            ATTENDEE;CN="Lima, 'Nana': Ana":mailto:ana@example.com\r

            """)
    }

    @Test func foldingKeepsEachLineWithin75OctetsAndCharactersWhole() {
        let line = "DESCRIPTION:" + String(repeating: "é🌍", count: 30)
        let folded = ICalendarText.folded(line + "\r\n")
        let lines = folded.split(separator: "\r\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        // Unfolding (a CRLF and one space removed) gives the line back.
        #expect(folded.replacing("\r\n ", with: "").replacing("\r\n", with: "") == line)
    }

    @Test func aTimeZoneHasEachChangeOfItsYears() {
        var out = ICalendarText()
        #expect(TimeZoneDefinition.write("Europe/Berlin", years: 2027...2027, into: &out))
        #expect(out.text.split(separator: "\r\n").map(String.init) == [
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
            "BEGIN:STANDARD", "DTSTART:20270101T010000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:20270328T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:20271031T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
            "END:VTIMEZONE",
        ])
        #expect(!TimeZoneDefinition.write("Mars/Olympus_Mons", years: 2027...2027, into: &out))
    }

    @Test func datesSplitIntoRunsAtASteadyPace() {
        func dates(_ texts: [String]) -> [CalendarDate] { texts.compactMap { CalendarDate($0) } }
        let runs = CalendarSeries.runs(dates(["2027-01-04", "2027-01-11", "2027-01-18", "2027-02-01", "2027-02-15", "2027-03-15", "2027-04-15", "2027-05-15", "2027-06-01"]))
        #expect(runs.map { "\($0.expected.count) \($0.rule?.text ?? "single")" } == [
            "3 FREQ=WEEKLY;COUNT=3", "2 FREQ=WEEKLY;INTERVAL=2;COUNT=2", "3 FREQ=MONTHLY;COUNT=3", "1 single",
        ])
        // A session moved a day off a holiday stays in its weekly run, at the date the
        // rule gives it (the calendar then moves that one instance).
        let shifted = CalendarSeries.runs(dates(["2027-12-20", "2027-12-27", "2028-01-03", "2028-01-10", "2028-01-18", "2028-01-24"]))
        #expect(shifted.map { "\($0.rule?.text ?? "single")" } == ["FREQ=WEEKLY;COUNT=6"])
        #expect(shifted.first?.expected.map(\.description) == ["2027-12-20", "2027-12-27", "2028-01-03", "2028-01-10", "2028-01-17", "2028-01-24"])
    }
}

/// `at: overlap`: the working hours a pair in two time zones shares.
@Suite struct WorkingHoursTests {
    @Test func thePairMeetsWhenTheLaterWorkingDayBegins() throws {
        let date = try #require(CalendarDate("2027-03-01"))
        // Singapore (UTC+8) and London (UTC+0): Singapore's day ends (17:00) as London's
        // begins (09:00); they share none.
        #expect(WorkingHours.overlap(["Asia/Singapore", "Europe/London"], on: date, minutes: 30) == nil)
        // Tokyo (UTC+9) and Singapore (UTC+8): Singapore's 09:00 is Tokyo's 10:00.
        let tokyo = try #require(WorkingHours.overlap(["Asia/Tokyo", "Asia/Singapore"], on: date, minutes: 60))
        #expect("\(tokyo.hour):\(tokyo.minute) \(tokyo.zone)" == "10:0 Asia/Tokyo")
        // Berlin (UTC+1) and New York (UTC-5): New York's 09:00 is Berlin's 15:00, two hours left.
        let berlin = try #require(WorkingHours.overlap(["Europe/Berlin", "America/New_York"], on: date, minutes: 90))
        #expect("\(berlin.hour):\(berlin.minute)" == "15:0")
        #expect(WorkingHours.overlap(["Europe/Berlin", "America/New_York"], on: date, minutes: 150) == nil)
        // India (UTC+5:30) and Berlin: Berlin's 09:00 is 13:30 in Kolkata.
        let kolkata = try #require(WorkingHours.overlap(["Asia/Kolkata", "Europe/Berlin"], on: date, minutes: 45))
        #expect("\(kolkata.hour):\(kolkata.minute)" == "13:30")
    }
}
