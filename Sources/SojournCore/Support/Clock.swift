public import SojournKit

import Foundation

/// Where "today" comes from. Nothing in Sojourn reads the system clock except `live`;
/// tests and `--as-of` use fixed dates.
public struct Clock: Sendable {
    /// Today's date.
    public var today: @Sendable () -> CalendarDate
    /// The wall-clock time, for the moment an event was written.
    public var now: @Sendable () -> Timestamp

    public init(today: @escaping @Sendable () -> CalendarDate, now: @escaping @Sendable () -> Timestamp) {
        self.today = today
        self.now = now
    }

    /// The system clock; today in the machine's time zone.
    public static let live = Clock(
        today: {
            let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        },
        now: { Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) })

    /// Always the same date, and a wall clock stuck at its midnight.
    public static func constant(_ date: CalendarDate) -> Clock {
        Clock(today: { date }, now: { Timestamp(midnightOf: date) })
    }
}
