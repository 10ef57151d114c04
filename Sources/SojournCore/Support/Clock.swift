public import SojournKit

import Foundation

/// Where "today" comes from. Nothing in Sojourn reads the system clock except `live`;
/// tests and `--as-of` use fixed dates.
public struct Clock: Sendable {
    /// Today's date.
    public var today: @Sendable () -> CalendarDate
    /// The wall-clock time, ISO 8601 in UTC, for the moment an event was written.
    public var now: @Sendable () -> String

    public init(today: @escaping @Sendable () -> CalendarDate, now: @escaping @Sendable () -> String) {
        self.today = today
        self.now = now
    }

    /// The system clock; today in the machine's time zone.
    public static let live = Clock(
        today: {
            let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
            return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
        },
        now: {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: Date())
        })

    /// Always the same date, and a wall clock stuck at its midnight.
    public static func constant(_ date: CalendarDate) -> Clock {
        Clock(today: { date }, now: { "\(date)T00:00:00.000Z" })
    }
}
