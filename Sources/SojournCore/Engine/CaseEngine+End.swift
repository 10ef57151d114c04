public import SojournKit

extension CaseEngine {
    /// Ends the case early on `date`: every step not finished stops (skipped, with the
    /// outputs its plugin says the ending implies, so a leaver counts as not retained),
    /// every occurrence still to come is withdrawn, and the case's state becomes
    /// `ended` with the reason. Its pairings end and its unsent messages are withdrawn
    /// when the change is stored (`SideEffects`). One event records it all.
    ///
    /// - Parameter step: the step whose outcome ended the case, if one did.
    /// - Throws: `EngineError` when the case is not open.
    public mutating func end(_ ending: CaseEnding, by actor: String?, on date: CalendarDate, step: String? = nil) throws(EngineError) {
        guard progress.state == .open else { throw EngineError("case \(caseID) is already \(progress.state.rawValue)") }
        stop(ending, by: actor, on: date, step: step)
    }

    /// Ends an open case (see `end`).
    mutating func stop(_ ending: CaseEnding, by actor: String?, on date: CalendarDate, step: String?) {
        let why = "case ended: \(ending.reason.rawValue)"
        var stopped: [PluginValue] = []
        for phase in workflow.phases {
            for step in phase.steps {
                let id = step.id.value
                guard var state = progress.steps[id], !state.isFinished else { continue }
                let implied = invocation(step)?.caseEnded(ending) ?? [:]
                if !implied.isEmpty { state.outputs.merge(implied) { _, new in new } }
                state.state = .skipped
                state.started = state.started ?? date
                state.finished = date
                state.skipReason = why
                state.request = nil
                state.wakeUp = nil
                state.nextMoment = nil
                for index in state.occurrences.indices where !state.occurrences[index].isFinished {
                    state.occurrences[index].state = .skipped
                    state.occurrences[index].finished = max(date, state.occurrences[index].date)
                    state.occurrences[index].skipReason = why
                    state.occurrences[index].request = nil
                }
                progress.steps[id] = state
                stopped.append(.text(id))
            }
            if let state = progress.phases[phase.id.value], !state.isFinished {
                progress.phases[phase.id.value]?.state = .skipped
                progress.phases[phase.id.value]?.started = state.started ?? date
                progress.phases[phase.id.value]?.finished = date
                progress.phases[phase.id.value]?.nextMoment = nil
            }
        }
        progress.state = .ended
        progress.ending = ending.reason
        progress.hold = nil
        var data: [String: PluginValue] = ["reason": .text(ending.reason.rawValue), "stopped": .list(stopped)]
        if let note = ending.note, !note.allSatisfy(\.isWhitespace) { data["message"] = .text(note) }
        emit(CaseEvent(.caseEnded, on: date, step: step, actor: actor, data: data))
    }
}
