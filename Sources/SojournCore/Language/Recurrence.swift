public import SojournKit

/// The dates of a repeating step's occurrences, shared by the planner and the engine.
public enum Recurrence {
    /// At most this many occurrences per step, so a mistaken `every: 1d, until: 2099-…`
    /// cannot run away.
    public static let limit = 10_000

    /// The occurrence dates of `step` when it starts on `start`, segment after segment.
    ///
    /// Each segment counts from its own start (`start + k × every`), so month ends do
    /// not drift; `for:` ends before its end date, `until:` includes it. A segment after
    /// the first starts one of its intervals after the last occurrence before it.
    ///
    /// - Parameters:
    ///   - until: evaluates a segment's `until:` expression to a date.
    public static func dates(
        of step: Step, from start: CalendarDate, calendar: BusinessCalendar,
        until: (SourceExpression) throws(Planner.Problem) -> CalendarDate
    ) throws(Planner.Problem) -> [CalendarDate] {
        var dates: [CalendarDate] = []
        var cursor = start
        for (index, segment) in step.repeats.enumerated() {
            let every = segment.every.value
            // A later segment begins one of its own intervals after the last occurrence
            // before it: weekly then fortnightly puts two weeks between the last weekly
            // session and the first fortnightly one, never a day.
            if index > 0, let last = dates.last {
                cursor = try apply(every, to: last, calendar: calendar, at: segment.every.location)
            }
            func slot(_ k: Int) throws(Planner.Problem) -> CalendarDate {
                try apply(Period(every.terms.map { Period.Term($0.amount * k, $0.unit) }), to: cursor, calendar: calendar, at: segment.every.location)
            }
            var k = 0
            switch segment.limit {
            case .count(let count):
                while k < count.value, dates.count < limit { dates.append(try slot(k)); k += 1 }
            case .duration(let length):
                let end = try apply(length.value, to: cursor, calendar: calendar, at: length.location)
                while case let next = try slot(k), next < end, dates.count < limit { dates.append(next); k += 1 }
                cursor = end
                continue
            case .until(let expression):
                let last = try until(expression)
                while case let next = try slot(k), next <= last, dates.count < limit { dates.append(next); k += 1 }
            }
            cursor = try slot(k)
        }
        return dates
    }

    static func apply(_ period: Period, to date: CalendarDate, calendar: BusinessCalendar, at location: SourceLocation?) throws(Planner.Problem) -> CalendarDate {
        do {
            return try period.apply(to: date, calendar: calendar)
        } catch {
            throw Planner.Problem(diagnostic: .error(error.message, at: location))
        }
    }
}
