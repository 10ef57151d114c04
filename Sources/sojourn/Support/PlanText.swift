import SojournCore
import SojournKit

/// A plan as a readable timeline: one line per event, the date shown when it changes.
struct PlanText {
    let plan: Plan
    let paint: Paint

    func render() -> String {
        var lines: [String] = []
        lines.append(paint.bold(plan.workflowTitle))
        let version = plan.workflowVersion.map { ", version \($0)" } ?? ""
        lines.append("\(plan.workflowID)\(version); opened \(plan.opened); business days: \(plan.businessCalendar)")
        if !plan.fields.isEmpty {
            lines.append(plan.fields.map { "\($0.name) \($0.value.plainText)" }.joined(separator: " · "))
        }
        lines.append("")

        let steps = Dictionary(plan.phases.flatMap(\.steps).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let phases = Dictionary(plan.phases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lastDate: CalendarDate?
        for event in plan.timeline {
            let dateColumn = event.date == lastDate ? String(repeating: " ", count: 10) : paint.cyan(event.date.description)
            lastDate = event.date
            let step = event.step.flatMap { steps[$0] }
            let text: String
            switch event.kind {
            case .phaseStarted:
                text = paint.bold("phase \(event.phase) starts") + (phases[event.phase]?.title.map { ": \($0)" } ?? "")
            case .phaseSkipped:
                text = paint.dim("phase \(event.phase) is skipped (its condition is false)")
            case .phaseDone:
                text = paint.bold("phase \(event.phase) done")
            case .stepStarted:
                var details: [String] = []
                if let owner = step?.owner { details.append("owner \(owner)") }
                if let due = step?.due, due != event.date { details.append("due \(due)") }
                text = "  \(event.step!) starts" + (step?.title.map { ": \($0)" } ?? "") + (details.isEmpty ? "" : paint.dim(" (\(details.joined(separator: ", ")))"))
            case .stepSkipped:
                text = paint.dim("  \(event.step!) is skipped (its condition is false)")
            case .stepDue:
                guard event.date != step?.start else { continue }
                text = "  \(event.step!) due"
            case .occurrence:
                let occurrence = step?.occurrences.first { $0.number == event.occurrence }
                let due = occurrence.flatMap { $0.due != $0.date ? " (due \($0.due))" : nil } ?? ""
                let owner = step?.owner.map { paint.dim(" (\($0))") } ?? ""
                text = "  \(event.step!)#\(event.occurrence!)" + (step?.title.map { ": \($0)" } ?? "") + owner + due
            case .reminder:
                let target = event.occurrence.map { "\(event.step!)#\($0)" } ?? event.step!
                let done = event.occurrence.flatMap { n in step?.occurrences.first { $0.number == n }?.due } ?? step?.done
                let condition = done.map { event.date > $0 ? ", if not done by then" : "" } ?? ""
                text = paint.dim("    reminder for \(target) (\(event.detail ?? "")\(condition))")
            }
            lines.append("\(dateColumn)  \(text)")
        }

        let active = plan.phases.filter { !$0.skipped }
        let stepCount = active.flatMap(\.steps).filter { !$0.skipped }.count
        let occurrences = active.flatMap(\.steps).reduce(0) { $0 + $1.occurrences.count }
        let reminders = active.flatMap(\.steps).reduce(0) { $0 + $1.reminders.count }
        let completes = active.map(\.done).max() ?? plan.opened
        lines.append("")
        lines.append("\(active.count.counted("phase")), \(stepCount.counted("step")), \(occurrences.counted("repeat occurrence")), \(reminders.counted("reminder")); the case completes on \(completes).")
        for assumption in plan.assumptions {
            lines.append(paint.yellow("assumed:") + " \(assumption)")
        }
        return lines.joined(separator: "\n")
    }
}
