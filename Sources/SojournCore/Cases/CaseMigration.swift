import SojournKit
import SojournLanguage

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

    /// The case's field values under the new workflow: those given (`--field`) checked
    /// against its fields, defaults for new fields that have one; and why not, one line
    /// each, for a field the new workflow requires and the case has no value for (a case
    /// moved without it could never compute what depends on it).
    static func fields(_ current: [String: PluginValue], given: [String: String], for new: Workflow) -> (fields: [String: PluginValue], problems: [String]) {
        var fields = current
        var problems: [String] = []
        for (name, text) in given.sorted(by: { $0.key < $1.key }) {
            guard let field = new.field(name) else {
                problems.append("the new workflow has no field '\(name)'\(Suggestions.didYouMean(name, among: new.fields.map(\.name.value)))")
                continue
            }
            switch field.parse(text) {
            case .success(let value): fields[name] = PluginValue(value)
            case .failure(let error): problems.append("field '\(name)': \(error.message)")
            }
        }
        for field in new.fields where fields[field.name.value] == nil {
            if let value = field.defaultValue {
                fields[field.name.value] = PluginValue(value)
            } else if field.required {
                problems.append("the new workflow requires field '\(field.name.value)' (\(field.type.summary)), which the case has no value for; give it with --field \(field.name.value)=VALUE")
            }
        }
        return (fields, problems)
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
