public import SojournKit

/// A moment on the wall clock, to the millisecond, in UTC: when an event was written or a
/// message queued. (Case dates are `CalendarDate`s: a case lives in whole days.)
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Midnight (UTC) of a date.
    public init(midnightOf date: CalendarDate) {
        milliseconds = Int64(date.dayNumber) * 86_400_000
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    /// ISO 8601 in UTC with milliseconds: `2027-01-04T09:30:00.000Z`.
    public var description: String {
        let days = Int(milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000)
        var rest = Int(milliseconds - Int64(days) * 86_400_000)
        let millis = rest % 1000
        rest /= 1000
        let (hours, minutes, seconds) = (rest / 3600, rest / 60 % 60, rest % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func three(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
        return "\(CalendarDate(dayNumber: days))T\(two(hours)):\(two(minutes)):\(two(seconds)).\(three(millis))Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fff]Z`, as `description` writes it.
    public init?(iso8601 text: String) {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let date = CalendarDate(parts[0]), parts[1].hasSuffix("Z") else { return nil }
        let time = parts[1].dropLast().split(separator: ":")
        guard time.count == 3, let hours = Int(time[0]), let minutes = Int(time[1]), (0..<24).contains(hours), (0..<60).contains(minutes) else { return nil }
        let secondParts = time[2].split(separator: ".", maxSplits: 1)
        guard let seconds = Int(secondParts[0]), (0..<61).contains(seconds) else { return nil }
        var millis = 0
        if secondParts.count == 2 {
            let digits = secondParts[1].prefix(3)
            guard let value = Int(digits), digits.allSatisfy(\.isASCII) else { return nil }
            millis = value * [100, 10, 1][digits.count - 1]
        }
        milliseconds = Int64(date.dayNumber) * 86_400_000 + Int64(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
    }
}
