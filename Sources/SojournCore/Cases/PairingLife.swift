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
        let finished = workflow.steps.filter { step in
            !(before.steps[step.id.value]?.isFinished ?? false) && (after.steps[step.id.value]?.isFinished ?? false)
        }
        // Most changes finish no step: nothing more to work out then.
        guard !finished.isEmpty else { return [] }
        // The roles still involved in an unfinished step, worked out once.
        var stillUsed = Set<String>()
        for step in workflow.steps where !(after.steps[step.id.value]?.isFinished ?? true) { stillUsed.formUnion(roles(of: step)) }
        var events: [CaseEvent] = []
        var done = Set<String>()
        for step in finished {
            let id = step.id.value
            guard let now = after.steps[id] else { continue }
            for role in roles(of: step).sorted() where !done.contains(role) {
                guard let person = people[role], !stillUsed.contains(role) else { continue }
                done.insert(role)
                events.append(CaseEvent(.pairingEnded, on: now.finished ?? after.asOf, step: id, data: ["role": .text(role), "person": .text(person)]))
            }
        }
        return events
    }
}
