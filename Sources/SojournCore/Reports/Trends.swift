public import SojournKit

/// How a meeting step's figures move, period by period (month or quarter).
public struct Trend: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        /// `2027-03` or `2027-Q1`.
        public var period: String
        public var start: CalendarDate
        public var end: CalendarDate
        /// Sessions due in the period (by due date), and of those held by their due date.
        public var adherence: Ratio
        /// Sessions held in the period (by the day held), and missed (by due date).
        public var held: Int
        public var missed: Int
        /// Pairs active on the period's last day, of pairs running then.
        public var active: Ratio
    }

    public var step: String
    public var title: String
    public var points: [Point]

    /// The trends of every meeting step over `facts`, in periods from the first session
    /// due to the latest report date (or `options.from`/`options.to`), without the empty
    /// periods before its first activity and after its last.
    public static func trends(_ facts: [CaseFacts], titles: [String: String], options: ReportOptions) -> [Trend] {
        let facts = facts.filter { $0.state != .cancelled }
        let steps = ProgrammeFigures.order(facts) { $0.meetings.map(\.step) }
        let dues = facts.flatMap { $0.meetings.flatMap { $0.sessions.map(\.due) } }
        guard let first = options.from ?? dues.min(), let last = options.to ?? facts.map(\.reportDate).max(), first <= last else { return [] }
        let periods = Self.periods(from: first, to: last, by: options.period)
        return steps.map { step in
            let meetings = facts.compactMap { fact in fact.meetings.first { $0.step == step }.map { (fact, $0) } }
            let points = periods.map { period in
                var due = 0, onTime = 0, held = 0, missed = 0, running = 0, active = 0
                for (fact, meeting) in meetings {
                    for session in meeting.sessions {
                        switch session.outcome {
                        case .held(let on, _):
                            if (period.start...period.end).contains(session.due) { due += 1; if on <= session.due { onTime += 1 } }
                            if (period.start...period.end).contains(on) { held += 1 }
                        case .missed:
                            if (period.start...period.end).contains(session.due) { due += 1; missed += 1 }
                        case .open:
                            if (period.start...period.end).contains(session.due), session.due < fact.reportDate { due += 1 }
                        case .dropped:
                            break
                        }
                    }
                    if period.end <= fact.reportDate, let activity = ProgrammeFigures.activity(meeting, on: period.end) {
                        running += 1
                        if activity { active += 1 }
                    }
                }
                return Point(period: period.name, start: period.start, end: period.end, adherence: Ratio(onTime, of: due),
                             held: held, missed: missed, active: Ratio(active, of: running))
            }
            // Periods before the step's first session and after its last activity say nothing.
            let busy = points.indices.filter { points[$0].adherence.denominator > 0 || points[$0].held > 0 || points[$0].missed > 0 || points[$0].active.denominator > 0 }
            return Trend(step: step, title: titles[step] ?? step, points: busy.first.map { Array(points[$0...busy.last!]) } ?? [])
        }
    }

    /// The months or quarters that `first...last` touches, each whole.
    static func periods(from first: CalendarDate, to last: CalendarDate, by period: ReportOptions.Period) -> [(name: String, start: CalendarDate, end: CalendarDate)] {
        let months = period == .month ? 1 : 3
        let (year, month, _) = first.components
        let firstMonth = (month - 1) / months * months + 1
        guard var start = CalendarDate(year: year, month: firstMonth, day: 1) else { return [] }
        var periods: [(String, CalendarDate, CalendarDate)] = []
        // A bound on the count keeps a hostile date range from running away.
        while start <= last, periods.count < 1200 {
            let next = start.adding(months: months)
            let (y, m, _) = start.components
            let name = period == .month ? String(start.description.prefix(7)) : "\(y)-Q\((m - 1) / 3 + 1)"
            periods.append((name, start, next.adding(days: -1)))
            start = next
        }
        return periods
    }
}
