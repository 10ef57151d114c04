public import SojournKit
public import SojournLanguage

/// The dates of a repeating step's occurrences, shared by the planner and the engine.
public enum Recurrence {
    /// At most this many occurrences per step, so a mistaken `every: 1d, until: 2099-…`
    /// cannot run away.
    public static let limit = 10_000

    /// The occurrence dates of `step` when it starts on `start`, segment after segment.
    ///
    /// Each segment counts from its own start (`start + k × every`), so month ends do
    /// not drift; `for:` ends before its end date, `until:` includes it. The first
    /// segment starts with the step, a later one one of its intervals after the last
    /// occurrence before it, unless the segment says `from:`. Occurrences that would
    /// fall before the step starts, or not after the one before, are left out. With
    /// `on_holiday:` an occurrence on a weekend or holiday moves to a working day; the
    /// series itself does not move, so the next one keeps its date.
    ///
    /// - Parameters:
    ///   - evaluate: works out a segment's `from:` or `until:` expression.
    public static func dates(
        of step: Step, from start: CalendarDate, calendar: BusinessCalendar,
        evaluate: (SourceExpression) throws(Planner.Problem) -> CalendarDate
    ) throws(Planner.Problem) -> [CalendarDate] {
        var dates: [CalendarDate] = []
        var cursor = start
        for (index, segment) in step.repeats.enumerated() {
            let every = segment.every.value
            if let from = segment.from {
                cursor = try evaluate(from)
            } else if index > 0, let last = dates.last {
                // A later segment begins one of its own intervals after the last occurrence
                // before it: weekly then fortnightly puts two weeks between the last weekly
                // session and the first fortnightly one, never a day.
                cursor = try apply(every, to: last, calendar: calendar, at: segment.every.location)
            }
            func slot(_ k: Int) throws(Planner.Problem) -> CalendarDate {
                try apply(Period(every.terms.map { Period.Term($0.amount * k, $0.unit) }), to: cursor, calendar: calendar, at: segment.every.location)
            }
            func add(_ date: CalendarDate) {
                var moved = shifted(date, segment.onHoliday, calendar: calendar)
                // Moving back would put it before the step starts: it moves forward instead.
                if moved < start, date >= start { moved = shifted(date, .nextBusinessDay, calendar: calendar) }
                guard moved >= start, dates.last.map({ moved > $0 }) ?? true else { return }
                dates.append(moved)
            }
            var k = 0
            switch segment.limit {
            case .count(let count):
                while k < count.value, dates.count < limit { add(try slot(k)); k += 1 }
            case .duration(let length):
                let end = try apply(length.value, to: cursor, calendar: calendar, at: length.location)
                while case let next = try slot(k), next < end, dates.count < limit { add(next); k += 1 }
                cursor = end
                continue
            case .until(let expression):
                let last = try evaluate(expression)
                while case let next = try slot(k), next <= last, dates.count < limit { add(next); k += 1 }
            }
            cursor = try slot(k)
        }
        return dates
    }

    /// `date`, or the working day `rule` moves it to (at most a year away, so a calendar
    /// with no working day cannot run away).
    static func shifted(_ date: CalendarDate, _ rule: RepeatSegment.HolidayRule, calendar: BusinessCalendar) -> CalendarDate {
        let step: Int
        switch rule {
        case .keep: return date
        case .nextBusinessDay: step = 1
        case .previousBusinessDay: step = -1
        }
        var moved = date
        for _ in 0..<366 {
            if calendar.isBusinessDay(moved) { return moved }
            moved = moved.adding(days: step)
        }
        return date
    }

    static func apply(_ period: Period, to date: CalendarDate, calendar: BusinessCalendar, at location: SourceLocation?) throws(Planner.Problem) -> CalendarDate {
        do {
            return try period.apply(to: date, calendar: calendar)
        } catch {
            throw Planner.Problem(diagnostic: .error(error.message, at: location))
        }
    }
}
