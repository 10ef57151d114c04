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
    /// due to the latest date the cases have reached, without the empty periods before a
    /// step's first activity and after its last. (`--from`/`--to` choose the cases; their
    /// sessions are followed to the end.)
    public static func trends(_ facts: [CaseFacts], titles: [String: String], options: ReportOptions) -> [Trend] {
        let facts = facts.filter { $0.state != .cancelled }
        let steps = ProgrammeFigures.order(facts) { $0.meetings.map(\.step) }
        let dues = facts.flatMap { $0.meetings.flatMap { $0.sessions.map(\.due) } }
        guard let first = dues.min(), let last = facts.map(\.reportDate).max(), first <= last else { return [] }
        let periods = Self.periods(from: first, to: last, by: options.period)
        guard let start = periods.first?.start else { return [] }
        let months = options.period == .month ? 1 : 3
        /// The period a date falls in, by counting months from the first period's start.
        func period(of date: CalendarDate) -> Int? {
            let (y0, m0, _) = start.components, (y, m, _) = date.components
            let index = ((y - y0) * 12 + (m - m0)) / months
            return date >= start && index < periods.count ? index : nil
        }
        return steps.map { step in
            var due = Array(repeating: 0, count: periods.count), onTime = due, held = due, missed = due, running = due, active = due
            for fact in facts {
                guard let meeting = fact.meetings.first(where: { $0.step == step }) else { continue }
                for session in meeting.sessions {
                    if session.isDue(by: fact.reportDate), let index = period(of: session.due) {
                        due[index] += 1
                        if session.heldOnTime { onTime[index] += 1 }
                        if session.outcome == .missed { missed[index] += 1 }
                    }
                    if case .held(let on, _) = session.outcome, let index = period(of: on) { held[index] += 1 }
                }
                // On the period's last day, or the day the case has reached in its last period.
                for (index, period) in periods.enumerated() where period.start <= fact.reportDate {
                    guard let activity = ProgrammeFigures.activity(meeting, of: fact, on: min(period.end, fact.reportDate)) else { continue }
                    running[index] += 1
                    if activity { active[index] += 1 }
                }
            }
            let points = periods.indices.map { index in
                Point(period: periods[index].name, start: periods[index].start, end: periods[index].end, adherence: Ratio(onTime[index], of: due[index]),
                      held: held[index], missed: missed[index], active: Ratio(active[index], of: running[index]))
            }
            // Periods before the step's first session and after its last activity say nothing.
            let busy = points.indices.filter { points[$0].adherence.denominator > 0 || points[$0].held > 0 || points[$0].active.denominator > 0 }
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
        // The range comes from the cases' own dates; the bound only stops a runaway.
        while start <= last, periods.count < 12_000 {
            let next = start.adding(months: months)
            let name = period == .month ? start.monthName : start.quarterName
            periods.append((name, start, next.adding(days: -1)))
            start = next
        }
        return periods
    }
}
