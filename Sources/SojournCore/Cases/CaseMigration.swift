import SojournKit

/// Moving a running case to a new version of its workflow.
enum CaseMigration {
    /// Why the case cannot move, one line each; empty when it can. Every phase and step
    /// that has started must still exist, with the same plugin, and a repeating step
    /// must still repeat (and one that does not, still not).
    static func problems(moving progress: CaseProgress, from old: Workflow, to new: Workflow) -> [String] {
        var problems: [String] = []
        for phase in old.phases where progress.phases[phase.id.value]?.state != .pending {
            if new.phase(phase.id.value) == nil {
                problems.append("phase '\(phase.id.value)' has started but the new workflow has no such phase")
            }
        }
        for step in old.steps {
            guard let state = progress.steps[step.id.value], state.state != .pending else { continue }
            guard let (newStep, _) = new.step(step.id.value) else {
                problems.append("step '\(step.id.value)' is \(state.state.rawValue) but the new workflow has no such step")
                continue
            }
            if newStep.uses.value != step.uses.value {
                problems.append("step '\(step.id.value)' is \(state.state.rawValue) with plugin '\(step.uses.value)', but the new workflow uses '\(newStep.uses.value)'")
            }
            if newStep.repeats.isEmpty != step.repeats.isEmpty {
                problems.append("step '\(step.id.value)' \(step.repeats.isEmpty ? "does not repeat" : "repeats") but in the new workflow it \(newStep.repeats.isEmpty ? "does not" : "does")")
            }
        }
        return problems
    }

    /// The progress in terms of the new workflow: steps and phases it drops (all pending)
    /// go, new ones start pending.
    static func progress(_ progress: CaseProgress, for new: Workflow) -> CaseProgress {
        var result = progress
        result.phases = [:]
        result.steps = [:]
        for phase in new.phases {
            result.phases[phase.id.value] = progress.phases[phase.id.value] ?? PhaseProgress()
            for step in phase.steps { result.steps[step.id.value] = progress.steps[step.id.value] ?? StepProgress() }
        }
        return result
    }
}
