import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn status`: one case's timeline.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a case: its phases and steps with their state and dates, what is next and who owes it."
    )

    @Argument(help: "The case.")
    var caseID: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let view: CaseService.CaseView
        do {
            view = try service.view(caseID)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(view.json.rendered())
        } else {
            Output.print(CaseStatusText(view: view, paint: .standardOutput).render())
        }
    }
}

/// A case as text: a header, a line per phase and step, then what is next.
struct CaseStatusText {
    let view: CaseService.CaseView
    let paint: Paint

    func render() -> String {
        let stored = view.stored
        let progress = stored.progress
        var lines: [String] = []
        let version = view.workflow.version.map { " v\($0)" } ?? ""
        lines.append("\(paint.bold(stored.id))  \(stored.label) · \(view.workflow.id.value)\(version) · \(state(progress.state.rawValue)) · as of \(progress.asOf)")
        let fields = view.workflow.fields.compactMap { field in stored.fields[field.name.value].map { "\(field.name.value) \($0.displayText)" } }
        if !fields.isEmpty { lines.append(paint.dim(fields.joined(separator: " · "))) }
        if !stored.people.isEmpty {
            lines.append(paint.dim(stored.people.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · ")))
        }
        lines.append("")
        let width = view.workflow.phases.flatMap { [$0.id.value.count] + $0.steps.map { $0.id.value.count + 2 } }.max() ?? 0
        for phase in view.workflow.phases {
            let phaseState = progress.phases[phase.id.value] ?? PhaseProgress()
            let dates = [phaseState.started.map { "\($0)" }, phaseState.finished.map { "→ \($0)" }].compactMap { $0 }.joined(separator: " ")
            lines.append("\(state(phaseState.state.rawValue, width: 10)) \(paint.bold(phase.id.value.padding(toLength: width, withPad: " ", startingAt: 0)))  \(paint.dim(dates))")
            for step in phase.steps {
                let stepState = progress.steps[step.id.value] ?? StepProgress()
                lines.append("  \(state(stepState.state.rawValue, width: 10)) \(step.id.value.padding(toLength: width - 2, withPad: " ", startingAt: 0))  \(detail(step, stepState))")
            }
        }
        lines.append("")
        if view.agenda.isEmpty {
            lines.append(progress.state == .open ? "Nothing is waiting for anyone; the next steps start on their dates." : "The case is \(progress.state.rawValue).")
        } else {
            lines.append(paint.bold("Next:"))
            for item in view.agenda {
                let name = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                let owner = [item.ownerRole, item.ownerPerson.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
                let due = item.due.map { due in due < progress.asOf ? paint.red("overdue since \(due)") : "due \(due)" } ?? ""
                lines.append("  \(name): \(item.prompt)" + (owner.isEmpty ? "" : " — \(owner)") + (due.isEmpty ? "" : ", \(due)"))
            }
        }
        return lines.joined(separator: "\n")
    }

    private func state(_ word: String, width: Int = 0) -> String {
        let padded = word.padding(toLength: max(width, word.count), withPad: " ", startingAt: 0)
        switch word {
        case "completed": return paint.green(padded)
        case "active", "open": return paint.cyan(padded)
        case "failed", "cancelled": return paint.red(padded)
        case "skipped", "pending", "ready": return paint.dim(padded)
        default: return padded
        }
    }

    private func detail(_ step: Step, _ state: StepProgress) -> String {
        var parts: [String] = []
        if let owner = step.owner { parts.append(owner.value + (view.stored.people[owner.value].map { " (\($0))" } ?? "")) }
        switch state.state {
        case .pending: break
        case .ready: parts.append("starts \(step.start.map { _ in "on its start date" } ?? "soon")")
        case .active where !state.occurrences.isEmpty:
            let done = state.occurrences.filter { $0.state == .completed }.count
            let skipped = state.occurrences.filter { $0.state == .skipped }.count
            parts.append("\(done) of \(state.occurrences.count) done" + (skipped > 0 ? ", \(skipped) skipped" : ""))
            if let next = state.occurrences.first(where: { !$0.isFinished }) {
                parts.append("#\(next.number) \(next.state == .open ? "open" : "on \(next.date)"), due \(next.due)")
            }
        case .active:
            if let started = state.started { parts.append("started \(started)") }
            if let due = state.due { parts.append(state.overdue ? paint.red("overdue since \(due)") : "due \(due)") }
        case .completed, .skipped:
            if let finished = state.finished { parts.append("\(state.state.rawValue) \(finished)") }
            if let reason = state.skipReason { parts.append("(\(reason))") }
        case .failed:
            parts.append(paint.red(state.failure ?? "failed"))
        }
        return paint.dim(parts.joined(separator: " · "))
    }
}
