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
    /// The dates its rule gives (the first-scheduled ones, or the pace a date moved off
    /// a holiday belongs to), in order.
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

    /// Splits a step's first-scheduled dates (sorted, without repeats) into runs at a
    /// steady pace: each run of two or more becomes a repeating event, a date alone a
    /// single one. A date a few days off its pace (moved off a holiday) stays in the run:
    /// `expected` holds the date the rule gives it, which the caller turns into a moved
    /// instance. Of the paces the next dates suggest, the one that covers most dates wins.
    static func runs(_ dates: [CalendarDate]) -> [(expected: [CalendarDate], rule: Rule?)] {
        var runs: [(expected: [CalendarDate], rule: Rule?)] = []
        var i = 0
        while i < dates.count {
            guard i + 1 < dates.count else { runs.append(([dates[i]], nil)); break }
            var best: (expected: [CalendarDate], rule: Rule, moved: Int)?
            func consider(_ rule: Rule, _ next: (Int) -> CalendarDate?, tolerance: Int) {
                var expected = [dates[i]]
                var moved = 0
                var j = i
                while j + 1 < dates.count, let date = next(expected.count), abs(dates[j + 1].dayNumber - date.dayNumber) <= tolerance {
                    expected.append(date)
                    if date != dates[j + 1] { moved += 1 }
                    j += 1
                }
                guard expected.count > 1 else { return }
                var found = rule
                found.count = expected.count
                if let current = best, (current.expected.count, -current.moved) >= (expected.count, -moved) { return }
                best = (expected, found, moved)
            }
            // Paces in days: the next two gaps, and the whole weeks near them.
            var gaps: [Int] = [dates[i + 1].dayNumber - dates[i].dayNumber]
            if i + 2 < dates.count { gaps.append(dates[i + 2].dayNumber - dates[i + 1].dayNumber) }
            for gap in gaps where gap % 7 != 0 {
                let weeks = Int((Double(gap) / 7).rounded())
                if weeks >= 1, abs(gap - weeks * 7) <= 3 { gaps.append(weeks * 7) }
            }
            for gap in Set(gaps).sorted() where gap > 0 {
                let rule = gap % 7 == 0 ? Rule(frequency: "WEEKLY", interval: gap / 7, count: 0) : Rule(frequency: "DAILY", interval: gap, count: 0)
                consider(rule, { k in dates[i].adding(days: k * gap) }, tolerance: min(3, (gap - 1) / 2))
            }
            // Paces in months, on the first date's day of the month (one every month has).
            let (year, month, day) = dates[i].components
            var months: [Int] = []
            for pair in [(i, i + 1), (i + 1, i + 2)] where pair.1 < dates.count {
                let (a, b) = (dates[pair.0].components, dates[pair.1].components)
                let gap = (b.year - a.year) * 12 + (b.month - a.month)
                if gap > 0 { months.append(gap) }
            }
            if day <= 28 {
                for gap in Set(months).sorted() {
                    consider(Rule(frequency: "MONTHLY", interval: gap, count: 0), { k in
                        let total = month - 1 + k * gap
                        return CalendarDate(year: year + total / 12, month: total % 12 + 1, day: day)
                    }, tolerance: 3)
                }
            }
            guard let best else { runs.append(([dates[i]], nil)); i += 1; continue }
            runs.append((best.expected, best.rule))
            i += best.expected.count
        }
        return runs
    }
}
