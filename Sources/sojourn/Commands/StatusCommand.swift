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

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Show the case as it will stand on this later date if nobody records anything (nothing is written).", valueName: "date"))
    var asOf: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of takes a date as YYYY-MM-DD, not '\(asOf)'") }
    }

    func run() throws {
        let service = try database.service()
        let view: CaseService.CaseView
        do {
            view = try service.view(caseID, asOf: asOf.flatMap { CalendarDate($0) })
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
        let ending = progress.ending.map { " (\($0.rawValue))" } ?? progress.hold.map { " (on hold since \($0.since))" } ?? ""
        let projected = view.projected ? " (projected: nothing recorded until then)" : ""
        lines.append("\(paint.bold(stored.id))  \(stored.label) · \(view.workflow.id.value)\(version) · \(state(progress.state.rawValue))\(ending) · as of \(progress.asOf)\(projected)")
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
            var phaseDetail = dates
            if phaseState.state == .pending {
                let planned = view.forecast.phaseStarts[phase.id.value]
                let waits = view.phaseWaits[phase.id.value].map { "waits for " + $0.map { waited in describeWait(waited) }.joined(separator: ", ") }
                phaseDetail = [planned.map { "planned \($0)" }, waits].compactMap { $0 }.joined(separator: " · ")
            }
            lines.append("\(state(phaseState.state.rawValue, width: 10)) \(paint.bold(phase.id.value.padding(toLength: width, withPad: " ", startingAt: 0)))  \(paint.dim(phaseDetail))")
            for step in phase.steps {
                let stepState = progress.steps[step.id.value] ?? StepProgress()
                lines.append("  \(state(stepState.state.rawValue, width: 10)) \(step.id.value.padding(toLength: width - 2, withPad: " ", startingAt: 0))  \(detail(step, stepState))")
            }
        }
        lines.append("")
        if let hold = progress.hold {
            lines.append("On hold since \(hold.since): \(hold.reason). Nothing happens and nothing can be recorded until it resumes: sojourn resume \(stored.id)")
            lines.append("Planned dates above assume it resumes on \(progress.asOf).")
        } else if view.agenda.isEmpty {
            if progress.state == .open {
                let next = view.forecast.entries.compactMap { entry in entry.starts.map { (entry, $0) } }.filter { $0.1 > progress.asOf }.min { $0.1 < $1.1 }
                lines.append("Nothing is waiting for anyone now." + (next.map { " Next: \($0.0.target) starts on \($0.1)." } ?? ""))
            } else {
                lines.append("The case is \(progress.state.rawValue)\(ending).")
            }
        } else {
            lines.append(paint.bold("Next:"))
            for item in view.agenda {
                let name = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                let owner = [item.ownerRole, item.ownerPerson.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
                let due = item.due.map { due in due < progress.asOf ? paint.red("overdue (due \(due))") : "due \(due)" } ?? ""
                lines.append("  \(name): \(item.prompt)" + (owner.isEmpty ? "" : " — \(owner)") + (due.isEmpty ? "" : ", \(due)"))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `12 of 43 done, 2 missed, 1 skipped`.
    static func counts(_ occurrences: [OccurrenceProgress]) -> String {
        let done = occurrences.filter { $0.state == .completed }.count
        let missed = occurrences.filter { $0.state == .missed }.count
        let skipped = occurrences.filter { $0.state == .skipped }.count
        return "\(done) of \(occurrences.count) done" + (missed > 0 ? ", \(missed) missed" : "") + (skipped > 0 ? ", \(skipped) skipped" : "")
    }

    /// `goals (employee, due 2027-03-01, overdue)` or `phase return`.
    private func describeWait(_ waited: String) -> String {
        guard let (step, _) = view.workflow.step(waited), let state = view.stored.progress.steps[waited] else { return waited }
        var parts: [String] = []
        if let owner = step.owner { parts.append(owner.value) }
        if !state.occurrences.isEmpty, let last = state.occurrences.last(where: { !$0.isFinished }) {
            // A series: the phase waits for all of it.
            parts.append("sessions until \(last.date)")
            if let open = state.occurrences.first(where: { $0.state == .open }), isOverdue(open.due) { parts.append("#\(open.number) overdue since \(open.due)") }
        } else if let due = state.due {
            parts.append(isOverdue(due) ? "overdue since \(due)" : "due \(due)")
        } else if state.state == .pending || state.state == .ready {
            parts.append(state.state.rawValue)
        }
        return waited + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// Whether a due date has passed; nothing is overdue while the case is on hold.
    private func isOverdue(_ due: CalendarDate) -> Bool {
        view.stored.progress.hold == nil && due < view.stored.progress.asOf
    }

    private func state(_ word: String, width: Int = 0) -> String {
        let padded = word.padding(toLength: max(width, word.count), withPad: " ", startingAt: 0)
        switch word {
        case "completed": return paint.green(padded)
        case "active", "open": return paint.cyan(padded)
        case "failed", "cancelled", "ended": return paint.red(padded)
        case "skipped", "pending", "ready": return paint.dim(padded)
        default: return padded
        }
    }

    private func detail(_ step: Step, _ state: StepProgress) -> String {
        var parts: [String] = []
        if let owner = step.owner { parts.append(owner.value + (view.stored.people[owner.value].map { " (\($0))" } ?? "")) }
        if let owner = step.owner?.value, state.state == .active, view.stored.people[owner] == nil {
            parts.append("nobody is \(owner): sojourn reassign \(view.stored.id) \(owner) --to PERSON")
        }
        switch state.state {
        case .pending, .ready:
            if let planned = view.forecast.entry(.init(step: step.id.value)) {
                if planned.skipped {
                    parts.append("will be skipped (its condition is false)")
                } else {
                    parts.append("planned " + [planned.starts.map { "\($0)" }, planned.due.flatMap { $0 == planned.starts ? nil : "due \($0)" }].compactMap { $0 }.joined(separator: ", "))
                }
            } else if let first = view.forecast.entry(.init(step: step.id.value, occurrence: 1)), let starts = first.starts {
                parts.append("planned from \(starts)")
            }
        case .active where !state.occurrences.isEmpty:
            parts.append(Self.counts(state.occurrences))
            if let next = state.occurrences.first(where: { !$0.isFinished }) {
                parts.append("#\(next.number) \(next.state == .open ? "open" : "on \(next.date)"), due \(next.due)")
            }
        case .active:
            if let started = state.started { parts.append("started \(started)") }
            if let due = state.due { parts.append(isOverdue(due) ? paint.red("overdue (due \(due))") : "due \(due)") }
        case .completed, .skipped:
            if let finished = state.finished { parts.append("\(state.state.rawValue) \(finished)") }
            if !state.occurrences.isEmpty { parts.append(Self.counts(state.occurrences)) }
            if let reason = state.skipReason { parts.append("(\(reason))") }
        case .failed:
            parts.append(paint.red(state.failure ?? "failed"))
        }
        return paint.dim(parts.joined(separator: " · "))
    }
}
