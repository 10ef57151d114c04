public import SojournKit

import Foundation

/// Where "today" comes from. Nothing in Sojourn reads the system clock except `live`;
/// tests and `--as-of` use fixed dates.
public struct Clock: Sendable {
    /// Today's date.
    public var today: @Sendable () -> CalendarDate

    public init(today: @escaping @Sendable () -> CalendarDate) {
        self.today = today
    }

    /// The system clock, in the machine's time zone.
    public static let live = Clock {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Always the same date.
    public static func constant(_ date: CalendarDate) -> Clock {
        Clock { date }
    }
}
