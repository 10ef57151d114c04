public import SojournKit

/// A run of a step's dates that reads as one calendar event: a meeting's sessions at a
/// steady interval (`RRULE`), one session, or a step's due date. A step whose sessions
/// change pace (weekly, then every other week) is one series per pace.
public struct CalendarSeries: Sendable, Hashable {
    /// How the dates repeat, when they do.
    public struct Rule: Sendable, Hashable {
        /// `DAILY`, `WEEKLY` or `MONTHLY`.
        public var frequency: String
        public var interval: Int
        public var count: Int

        /// The text of the `RRULE` property.
        public var text: String { "FREQ=\(frequency)" + (interval > 1 ? ";INTERVAL=\(interval)" : "") + ";COUNT=\(count)" }
    }

    /// A time of day in a zone, and a length.
    public struct Time: Sendable, Hashable {
        public var hour: Int
        public var minute: Int
        public var minutes: Int
        /// An IANA zone.
        public var zone: String
    }

    /// Stable across runs, so that importing again updates rather than duplicates.
    public var uid: String
    public var caseID: String
    public var step: String
    public var summary: String
    public var description: String
    /// The people invited (`Name <email>`).
    public var attendees: [String]
    public var organizer: String?
    /// `nil`: all-day.
    public var time: Time?
    /// The dates as first scheduled, in order.
    public var dates: [CalendarDate]
    public var rule: Rule?
    /// First-scheduled dates of sessions that will not take place (skipped, withdrawn).
    public var excluded: [CalendarDate] = []
    /// Sessions moved: from their first-scheduled date to the one they take place on.
    public var moved: [Moved] = []
    /// Whether it is a meeting its attendees are invited to (and sent updates of).
    public var isMeeting: Bool
    /// How many times its case's schedule changed: its `SEQUENCE`.
    public var sequence = 0

    public struct Moved: Sendable, Hashable {
        public var from: CalendarDate
        public var to: CalendarDate
    }

    /// Whether no session of it takes place any more.
    public var isCancelled: Bool { Set(excluded).isSuperset(of: dates) }

    /// The dates its sessions take place on, as a client expands them.
    public var instances: [CalendarDate] {
        let skipped = Set(excluded)
        let moves = Dictionary(moved.map { ($0.from, $0.to) }, uniquingKeysWith: { _, last in last })
        return dates.filter { !skipped.contains($0) }.map { moves[$0] ?? $0 }.sorted()
    }

    /// Splits a step's first-scheduled dates into runs at a steady interval: each run of
    /// two or more becomes a repeating event, a date alone a single one.
    static func runs(_ dates: [CalendarDate]) -> [(dates: [CalendarDate], rule: Rule?)] {
        var runs: [(dates: [CalendarDate], rule: Rule?)] = []
        var i = 0
        while i < dates.count {
            guard i + 1 < dates.count else { runs.append(([dates[i]], nil)); break }
            // The longest run at a steady number of days, or of months on the same day.
            let gap = dates[i + 1].dayNumber - dates[i].dayNumber
            var j = i + 1
            while j + 1 < dates.count, dates[j + 1].dayNumber - dates[j].dayNumber == gap { j += 1 }
            var end = j
            var rule = gap % 7 == 0 ? Rule(frequency: "WEEKLY", interval: gap / 7, count: 0) : Rule(frequency: "DAILY", interval: gap, count: 0)
            if let months = monthGap(dates[i], dates[i + 1]) {
                var k = i + 1
                while k + 1 < dates.count, monthGap(dates[k], dates[k + 1]) == months { k += 1 }
                if k > end { end = k; rule = Rule(frequency: "MONTHLY", interval: months, count: 0) }
            }
            rule.count = end - i + 1
            runs.append((Array(dates[i...end]), rule))
            i = end + 1
        }
        return runs
    }

    /// The months from `a` to `b` when both fall on the same day of the month.
    private static func monthGap(_ a: CalendarDate, _ b: CalendarDate) -> Int? {
        let (x, y) = (a.components, b.components)
        guard x.day == y.day else { return nil }
        let months = (y.year - x.year) * 12 + (y.month - x.month)
        return months > 0 ? months : nil
    }
}
