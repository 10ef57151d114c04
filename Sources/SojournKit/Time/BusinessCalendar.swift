/// Which days are working days: Monday to Friday, less a country's public holidays.
public struct BusinessCalendar: Sendable {
    /// A business-day calculation ran past the years the holiday list covers.
    public struct OutOfRange: Error, Sendable, Hashable {
        /// The calendar's name, for example `FR`.
        public var calendar: String
        /// The years it covers.
        public var years: ClosedRange<Int>
        /// The year the calculation needed.
        public var year: Int

        public init(calendar: String, years: ClosedRange<Int>, year: Int) {
            self.calendar = calendar
            self.years = years
            self.year = year
        }

        public var message: String {
            "the \(calendar) holiday calendar covers \(years.lowerBound) to \(years.upperBound), not \(year); give --calendars FOLDER with a \(calendar).yaml that covers \(year)"
        }
    }

    /// The calendar's name (a country code), or `weekends only`.
    public var name: String
    /// The public holidays, as day numbers.
    public var holidays: Set<Int>
    /// The years the holiday list covers, or `nil` for no holidays at all.
    public var years: ClosedRange<Int>?

    /// Creates a calendar.
    public init(name: String, holidays: Set<CalendarDate>, years: ClosedRange<Int>?) {
        self.name = name
        self.holidays = Set(holidays.map(\.dayNumber))
        self.years = years
    }

    /// Monday to Friday, no holidays: what `bd` means when a workflow names no calendar.
    public static let weekendsOnly = BusinessCalendar(name: "weekends only", holidays: [], years: nil)

    /// Whether `date` is a working day.
    public func isBusinessDay(_ date: CalendarDate) -> Bool {
        !date.weekday.isWeekend && !holidays.contains(date.dayNumber)
    }

    /// The date `count` business days after `date` (before it when negative). Zero
    /// business days is `date` itself.
    public func adding(businessDays count: Int, to date: CalendarDate) throws(OutOfRange) -> CalendarDate {
        var result = date
        var remaining = abs(count)
        let step = count < 0 ? -1 : 1
        while remaining > 0 {
            result = result.adding(days: step)
            if let years, !years.contains(result.year) {
                throw OutOfRange(calendar: name, years: years, year: result.year)
            }
            if isBusinessDay(result) { remaining -= 1 }
        }
        return result
    }
}
