import SojournKit

/// The lines a case puts on the agenda: each waiting step or open occurrence, and each
/// failed step, with who owes it and when.
enum Agenda {
    static func items(of stored: StoredCase, workflow: Workflow) -> [AgendaItem] {
        guard stored.progress.state == .open else { return [] }
        var items: [AgendaItem] = []
        for step in workflow.steps {
            guard let state = stored.progress.steps[step.id.value] else { continue }
            let role = step.owner?.value
            func item(_ kind: AgendaItem.Kind, occurrence: Int?, due: CalendarDate?, prompt: String) -> AgendaItem {
                AgendaItem(
                    caseID: stored.id, caseLabel: stored.label, step: step.id.value, occurrence: occurrence,
                    title: step.displayTitle, kind: kind, ownerRole: role, ownerPerson: role.flatMap { stored.people[$0] },
                    due: due, prompt: prompt)
            }
            switch state.state {
            case .failed:
                items.append(item(.failed, occurrence: nil, due: nil, prompt: "failed: \(state.failure ?? "?"); run 'sojourn retry \(stored.id) \(step.id.value)'"))
            case .active where step.repeats.isEmpty:
                if let request = state.request { items.append(item(.waiting, occurrence: nil, due: state.due, prompt: request.prompt)) }
            case .active:
                for occurrence in state.occurrences where occurrence.state == .open {
                    items.append(item(.waiting, occurrence: occurrence.number, due: occurrence.due, prompt: occurrence.request?.prompt ?? "Record it"))
                }
            default:
                continue
            }
        }
        return items
    }
}
