import SojournKit
import SojournLanguage

/// Warnings about schedules that are legal but almost certainly not meant: a step due
/// before it can start, reminders before it starts, recurrences that end before they
/// begin, business days with no holiday calendar, conditions that are always false.
///
/// Dates are compared only when both are fixed offsets of the same date (`departure -
/// 8w` and `departure - 6w`); months and business days vary in length, so they are
/// left alone.
enum DateWarnings {
    /// A date as an anchor plus a number of days.
    private struct Offset: Equatable {
        var anchor: String
        var days: Int
    }

    static func check(_ workflow: Workflow, into diagnostics: inout [Diagnostic]) {
        for phase in workflow.phases {
            let phaseStart = phase.start.flatMap { offset(of: $0.expression, step: nil) }
            if let when = phase.when, case .boolean(false) = when.expression.kind {
                diagnostics.append(.warning("'when: false' means phase '\(phase.id.value)' never runs", at: when.location))
            }
            for step in phase.steps {
                let ownStart = step.start.flatMap { offset(of: $0.expression, step: step) }
                var starts: [(Offset, String)] = []
                if let ownStart, let text = step.start?.text { starts.append((ownStart, "its start, \(text)")) }
                if let phaseStart, let text = phase.start?.text { starts.append((phaseStart, "its phase's start, \(text)")) }

                func warnIfBefore(_ expression: SourceExpression, _ what: String) {
                    guard let date = offset(of: expression.expression, step: step) else { return }
                    for (start, description) in starts where start.anchor == date.anchor && date.days < start.days {
                        diagnostics.append(.warning("\(what) (\(expression.text)) is before step '\(step.id.value)' can start (\(description))", at: expression.location, length: expression.textColumn == nil ? 1 : expression.text.count))
                        return
                    }
                }
                if let due = step.due { warnIfBefore(due, "the due date") }
                for reminder in step.remind { warnIfBefore(reminder, "this reminder") }
                for segment in step.repeats {
                    if case .until(let until) = segment.limit { warnIfBefore(until, "the repeat's end") }
                }
                if let when = step.when, case .boolean(false) = when.expression.kind {
                    diagnostics.append(.warning("'when: false' means step '\(step.id.value)' never runs", at: when.location))
                }
            }
        }
        if workflow.calendar == nil, let first = firstBusinessDayUse(in: workflow) {
            diagnostics.append(.warning("business days (bd) skip weekends only, because the workflow names no holiday calendar; add 'calendar: host_country' (a country field) or 'calendar: FR'", at: first))
        }
    }

    private static func firstBusinessDayUse(in workflow: Workflow) -> SourceLocation? {
        for phase in workflow.phases {
            let expressions = [phase.start, phase.when].compactMap { $0 }
                + phase.steps.flatMap { step in
                    [step.start, step.due, step.when].compactMap { $0 } + step.remind
                        + step.repeats.compactMap { segment -> SourceExpression? in
                            if case .until(let until) = segment.limit { return until }
                            return nil
                        }
                }
            for expression in expressions where expression.expression.periods.contains(where: \.usesBusinessDays) {
                return expression.location
            }
        }
        return nil
    }

    /// The expression as an anchor plus whole days, when it is one.
    private static func offset(of expression: Expression, step: Step?, depth: Int = 0) -> Offset? {
        guard depth < 4 else { return nil }
        switch expression.kind {
        case .date(let date):
            return Offset(anchor: "", days: date.dayNumber)
        case .reference(let names):
            switch names.map(\.text) {
            case ["start"]:
                return step?.start.flatMap { offset(of: $0.expression, step: step, depth: depth + 1) }
            case ["due"]:
                return step?.due.flatMap { offset(of: $0.expression, step: step, depth: depth + 1) }
            default:
                return Offset(anchor: names.map(\.text).joined(separator: "."), days: 0)
            }
        case .arithmetic(let op, let left, let right):
            guard case .period(let period) = right.kind, let days = period.fixedDays,
                  let base = offset(of: left, step: step, depth: depth) else { return nil }
            return Offset(anchor: base.anchor, days: base.days + (op == .plus ? days : -days))
        default:
            return nil
        }
    }
}
