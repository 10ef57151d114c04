import Foundation
import SojournKit

/// When people in different time zones can meet: the working hours (09:00 to 17:00,
/// each in their own zone) they share on a day.
enum WorkingHours {
    static let start = 9 * 60
    static let end = 17 * 60

    /// The start of the shared working hours of `zones` on `date`, long enough for a
    /// session of `minutes`, as a time of day in the first zone; `nil` when they share
    /// too little (or a zone is unknown).
    static func overlap(_ zones: [String], on date: CalendarDate, minutes: Int) -> CalendarSeries.Time? {
        // Each zone's working day in minutes from the date's midnight UTC.
        var from = Int.min, to = Int.max
        var offsets: [Int] = []
        for identifier in zones {
            guard let zone = TimeZone(identifier: identifier) else { return nil }
            let noon = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
            let offset = zone.secondsFromGMT(for: noon) / 60
            offsets.append(offset)
            from = max(from, start - offset)
            to = min(to, end - offset)
        }
        guard let first = offsets.first, to - from >= minutes else { return nil }
        // In the first person's zone, rounded up to a quarter hour.
        var local = from + first
        local = (local + 14) / 15 * 15
        guard local - first + minutes <= to, local >= 0 else { return nil }
        return CalendarSeries.Time(hour: local / 60, minute: local % 60, minutes: minutes, zone: zones[0])
    }
}
