import SojournKit

extension CalendarDate {
    /// `2027-03`: the month, as reports name it.
    var monthName: String { String(description.prefix(7)) }

    /// `2027-Q1`: the quarter, as reports name it (and `--by cohort` groups departures).
    var quarterName: String {
        let (year, month, _) = components
        return "\(year)-Q\((month - 1) / 3 + 1)"
    }
}
