import SojournKit

/// When a pairing ends on its own: the last unfinished step involving a role (as its
/// owner, or by its plugin's `roles`) finishes, and nothing is left for that person to do
/// in the case. They stay in the case's people (the thank-you still reaches them); their
/// capacity is free again.
enum PairingLife {
    /// The roles a step involves.
    static func roles(of step: Step) -> Set<String> {
        var roles = Set(step.configuration.map { PluginInvocation(configuration: $0).roles } ?? [])
        if let owner = step.owner?.value { roles.insert(owner) }
        return roles
    }

    /// The `pairing-ended` events of a change that took the case from `before` to
    /// `after`: one for each role whose last involving step finished in it.
    static func endings(from before: CaseProgress, to after: CaseProgress, workflow: Workflow, people: [String: String]) -> [CaseEvent] {
        // A case that completed or ended ends every pairing anyway.
        guard after.state == .open else { return [] }
        var events: [CaseEvent] = []
        var done = Set<String>()
        for step in workflow.steps {
            let id = step.id.value
            guard !(before.steps[id]?.isFinished ?? false), let now = after.steps[id], now.isFinished else { continue }
            for role in roles(of: step).sorted() where !done.contains(role) {
                guard let person = people[role] else { continue }
                let stillUsed = workflow.steps.contains { other in
                    !(after.steps[other.id.value]?.isFinished ?? true) && roles(of: other).contains(role)
                }
                guard !stillUsed else { continue }
                done.insert(role)
                events.append(CaseEvent(.pairingEnded, on: now.finished ?? after.asOf, step: id, data: ["role": .text(role), "person": .text(person)]))
            }
        }
        return events
    }
}
