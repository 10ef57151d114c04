@testable import SojournCore
import SojournKit
import Testing

@Suite struct DateArithmeticTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test func parsesOnlyRealDates() {
        #expect(CalendarDate("2028-02-29") != nil)
        #expect(CalendarDate("2027-02-29") == nil)
        #expect(CalendarDate("2100-02-29") == nil, "1900 and 2100 are not leap years")
        #expect(CalendarDate("2000-02-29") != nil, "2000 is")
        #expect(CalendarDate("2027-13-01") == nil)
        #expect(CalendarDate("2027-1-01") == nil)
        #expect(CalendarDate("27-01-01") == nil)
    }

    @Test func dayNumbersRoundTrip() {
        #expect(date("1970-01-01").dayNumber == 0)
        #expect(date("2027-03-01").dayNumber == 20_878)
        for dayNumber in stride(from: -719_162, through: 2_932_896, by: 997) {  // 0001-01-01 to 9999-12-31
            let date = CalendarDate(dayNumber: dayNumber)
            #expect(CalendarDate(date.description)?.dayNumber == dayNumber)
        }
    }

    @Test func weekdays() {
        #expect(date("2027-03-01").weekday == .monday)
        #expect(date("2026-11-23").weekday == .monday)
        #expect(date("2028-02-29").weekday == .tuesday)
        #expect(date("1969-12-31").weekday == .wednesday)
    }

    @Test(arguments: [
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2027-03-31", -1, "2027-02-28"),
        ("2027-08-31", 1, "2027-09-30"),
        ("2027-12-15", 1, "2028-01-15"),
        ("2027-01-15", -13, "2025-12-15"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2028-02-29", 48, "2032-02-29"),
    ])
    func calendarMonthsClampToTheMonthEnd(start: String, months: Int, expected: String) {
        #expect(date(start).adding(months: months) == date(expected))
    }

    @Test func periodsApplyInOrder() throws {
        let weekendsOnly = BusinessCalendar.weekendsOnly
        func apply(_ text: String, _ start: String, sign: Int = 1) throws -> CalendarDate {
            try Period.parse(text).get().apply(to: date(start), sign: sign, calendar: weekendsOnly)
        }
        #expect(try apply("8w", "2027-03-01", sign: -1) == date("2027-01-04"))
        #expect(try apply("1y", "2028-02-29") == date("2029-02-28"))
        #expect(try apply("1y6mo", "2027-08-31") == date("2029-02-28"))
        #expect(try apply("P1Y2M10D", "2027-01-31") == date("2028-04-10"))
        #expect(try apply("P2W", "2027-03-01") == date("2027-03-15"))
        #expect(try apply("3d", "2027-12-30") == date("2028-01-02"))
    }

    @Test func businessDaysSkipWeekendsAndHolidays() throws {
        let norway = try #require(try TestSupport.calendars.calendar(for: "NO"))
        // 2027-05-17 (Monday) is Norway's Constitution Day.
        #expect(try norway.adding(businessDays: 1, to: date("2027-05-14")) == date("2027-05-18"))
        // Easter 2027: Maundy Thursday, Good Friday and Easter Monday are holidays.
        #expect(try norway.adding(businessDays: 2, to: date("2027-03-24")) == date("2027-03-31"))
        #expect(try norway.adding(businessDays: -2, to: date("2027-03-30")) == date("2027-03-23"))
        #expect(try norway.adding(businessDays: 2, to: date("2027-12-23")) == date("2027-12-27"))
        #expect(try norway.adding(businessDays: 0, to: date("2027-05-15")) == date("2027-05-15"))
        let unitedStates = try #require(try TestSupport.calendars.calendar(for: "US"))
        // 2027-07-05 is the observed Independence Day.
        #expect(try unitedStates.adding(businessDays: 1, to: date("2027-07-02")) == date("2027-07-06"))
        #expect(try BusinessCalendar.weekendsOnly.adding(businessDays: 1, to: date("2027-07-02")) == date("2027-07-05"))
    }

    @Test func businessDaysBeyondTheCalendarAreAnError() throws {
        let norway = try #require(try TestSupport.calendars.calendar(for: "NO"))
        #expect(throws: BusinessCalendar.OutOfRange(calendar: "NO", years: 2025...2032, year: 2033)) {
            try norway.adding(businessDays: 5, to: date("2032-12-28"))
        }
    }

    @Test(arguments: [
        ("8w", Period(8, .weeks)), ("3d", Period(3, .days)), ("2mo", Period(2, .months)), ("1y", Period(1, .years)),
        ("5bd", Period(5, .businessDays)), ("1y6mo", Period([.init(1, .years), .init(6, .months)])),
        ("P2W", Period(2, .weeks)), ("P1Y2M", Period([.init(1, .years), .init(2, .months)])),
    ])
    func durationsParse(text: String, expected: Period) throws {
        #expect(try Period.parse(text).get() == expected)
    }

    @Test(arguments: [
        ("8x", "unknown unit 'x' in duration '8x'; use d (days), w (weeks), mo (months), y (years) or bd (business days)"),
        ("8", "a number without a unit in duration '8'; use d (days), w (weeks), mo (months), y (years) or bd (business days)"),
        ("w", "'w' is not a duration; write a number and a unit, for example 8w"),
        ("PT2H", "'PT2H' is not an ISO 8601 duration; write for example P2W, P1M or P1Y2M10D (no time part)"),
        ("P2M1Y", "'P2M1Y' is not an ISO 8601 duration; write for example P2W, P1M or P1Y2M10D (no time part)"),
    ])
    func badDurations(text: String, message: String) {
        guard case .failure(let error) = Period.parse(text) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(error.message == message)
    }
}
