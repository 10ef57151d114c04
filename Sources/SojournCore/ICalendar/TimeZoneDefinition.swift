import Foundation

/// A `VTIMEZONE` for an IANA zone (RFC 5545 §3.6.5), from the system's time zone
/// database: one `STANDARD` or `DAYLIGHT` observance for each offset change in the years
/// a calendar covers, so that clients without the zone still place each session right.
enum TimeZoneDefinition {
    /// The component for `identifier` over `years`, or `nil` when the system does not
    /// know the zone.
    static func write(_ identifier: String, years: ClosedRange<Int>, into out: inout ICalendarText) -> Bool {
        guard let zone = TimeZone(identifier: identifier), let start = instant(year: years.lowerBound), let end = instant(year: years.upperBound + 1) else { return false }
        out.begin("VTIMEZONE")
        out.line("TZID", identifier)
        // The offset in force when the range begins, then every change within it.
        var from = zone.secondsFromGMT(for: start)
        observance(zone.isDaylightSavingTime(for: start), local: start.addingTimeInterval(TimeInterval(from)), from: from, to: from, into: &out)
        var cursor = start
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change < end {
            let to = zone.secondsFromGMT(for: change)
            observance(zone.isDaylightSavingTime(for: change), local: change.addingTimeInterval(TimeInterval(from)), from: from, to: to, into: &out)
            from = to
            cursor = change
        }
        out.end("VTIMEZONE")
        return true
    }

    private static func observance(_ daylight: Bool, local: Date, from: Int, to: Int, into out: inout ICalendarText) {
        let kind = daylight ? "DAYLIGHT" : "STANDARD"
        out.begin(kind)
        out.line("DTSTART", localText(local))
        out.line("TZOFFSETFROM", offset(from))
        out.line("TZOFFSETTO", offset(to))
        out.end(kind)
    }

    /// `+0100`, `-0330`, `+053000` when seconds are not zero.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        let text = sign + two(value / 3600) + two(value % 3600 / 60)
        return value % 60 == 0 ? text : text + two(value % 60)
    }

    /// A wall-clock time written `YYYYMMDDTHHMMSS`, from a date shifted by its offset.
    private static func localText(_ shifted: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: shifted)
        return four(parts.year ?? 1970) + two(parts.month ?? 1) + two(parts.day ?? 1) + "T" + two(parts.hour ?? 0) + two(parts.minute ?? 0) + two(parts.second ?? 0)
    }

    private static func instant(year: Int) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(identifier: "UTC") else { return nil }
        calendar.timeZone = utc
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1))
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    static func four(_ value: Int) -> String { String(repeating: "0", count: max(0, 4 - String(value).count)) + String(value) }
}
