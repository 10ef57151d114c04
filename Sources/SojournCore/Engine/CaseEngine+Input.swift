import SojournLanguage
public import SojournKit

/// What people do to a case: record input, skip or postpone a step or an occurrence,
/// retry a failed step, cancel the case. Each is refused with a clear message, changing
/// nothing, when it does not apply.
extension CaseEngine {
    /// Where a change applies: a step, or one occurrence of a repeating step (`mentoring#3`).
    public struct Target: Sendable, Hashable, CustomStringConvertible {
        public var step: String
        public var occurrence: Int?

        public init(step: String, occurrence: Int? = nil) {
            self.step = step
            self.occurrence = occurrence
        }

        /// Reads `step` or `step#N`.
        public init?(_ text: String) {
            let parts = text.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count <= 2, !parts[0].isEmpty else { return nil }
            step = String(parts[0])
            if parts.count == 2 {
                guard let number = Int(parts[1]), number >= 1 else { return nil }
                occurrence = number
            }
        }

        public var description: String { occurrence.map { "\(step)#\($0)" } ?? step }
    }

    /// Records input for a waiting step or open occurrence on `date` (the case's date),
    /// then lets the case move on that day.
    ///
    /// - Throws: `EngineError` when the step does not wait for input or the input is
    ///   refused; nothing changes then.
    public mutating func record(_ input: Node, for target: Target, by actor: String, on date: CalendarDate) throws(EngineError) {
        if let problem = InputText.problem(in: input) { throw EngineError(problem.message, diagnostics: [problem]) }
        let (step, state) = try lookUp(target)
        guard let invocation = invocation(step) else { throw EngineError("step '\(step.id.value)' has no plugin") }
        let started: CalendarDate, due: CalendarDate?
        var occurrence = target.occurrence
        if step.repeats.isEmpty {
            guard occurrence == nil else { throw EngineError("step '\(step.id.value)' does not repeat; write '\(step.id.value)' without '#\(occurrence!)'") }
            try requireActive(step, state)
            started = state.started ?? date
            due = state.due
        } else {
            try requireActive(step, state)
            let open = state.occurrences.filter { $0.state == .open }
            if let number = occurrence {
                guard let found = state.occurrences.first(where: { $0.number == number }) else {
                    throw EngineError("step '\(step.id.value)' has \(state.occurrences.count) occurrences; there is no #\(number)")
                }
                guard found.state == .open else { throw EngineError(notOpen(step, found)) }
                started = found.date
                due = found.due
            } else {
                // Without #N: the current occurrence, the latest to have opened.
                guard let current = open.max(by: { ($0.date, $0.number) < ($1.date, $1.number) }) else {
                    let next = state.occurrences.first { $0.state == .scheduled }
                    throw EngineError("no occurrence of '\(step.id.value)' is open" + (next.map { "; #\($0.number) opens on \($0.date)" } ?? ""))
                }
                occurrence = current.number
                started = current.date
                due = current.due
            }
        }
        let (outcome, pluginState): (StepOutcome, PluginValue?)
        do {
            (outcome, pluginState) = try invocation.record(input, context(step, today: date, started: started, due: due, occurrence: occurrence, actor: actor), state: state.pluginState)
        } catch {
            let first = error.diagnostics.first?.message ?? "the input was refused"
            throw EngineError("input for \(Target(step: step.id.value, occurrence: occurrence)) refused: \(first)", diagnostics: error.diagnostics)
        }
        progress.steps[step.id.value]?.pluginState = pluginState
        // Private keys go apart from the history, which says only that they were given.
        var recorded = PluginValue(input)
        var event = CaseEvent(.inputRecorded, on: date, step: step.id.value, occurrence: occurrence, actor: actor)
        for key in invocation.privateInputKeys.sorted() {
            // A dotted key (`details.number`) is a key of a mapping in the input.
            if let value = recorded.replacing(path: key.split(separator: ".").map(String.init), with: .text("(private)")) {
                event.privateInput[key] = value
            }
        }
        event.data = ["input": recorded]
        try Self.refuseKept(event.privateInput, plugin: invocation.configuration.plugin.name, state: pluginState, outputs: outcome.outputs)
        emit(event)
        apply(outcome, to: step, occurrence: step.repeats.isEmpty ? nil : occurrence, on: date)
        touched(step: step.id.value)
        try run(until: date)
    }

    /// Private input is kept apart from everything a case shows and stores with its
    /// rows: a plugin that copies it into its state or outputs breaks that, and the input
    /// is refused (a fault of the plugin, which its own tests meet first). Texts of eight
    /// characters or more are looked for; shorter ones could match by chance.
    static func refuseKept(_ privateInput: [String: PluginValue], plugin: String, state: PluginValue?, outputs: [String: PluginValue]) throws(EngineError) {
        let kept = [state?.jsonText ?? "", PluginValue.object(outputs).jsonText]
        for (key, value) in privateInput.sorted(by: { $0.key < $1.key }) {
            for text in value.texts where text.count >= 8 {
                let stored = PluginValue.text(text).jsonText.dropFirst().dropLast()
                if kept.contains(where: { $0.contains(stored) }) {
                    throw EngineError("plugin '\(plugin)' keeps the private input '\(key)' in its state or outputs, where it would be stored with the case; the plugin must leave private input to the engine (StepPlugin.privateInputKeys)")
                }
            }
        }
    }

    /// Skips a step that has not finished, or one occurrence, with a reason.
    public mutating func skip(_ target: Target, reason: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw EngineError("say why with --reason \"…\"; a skip is part of the case's history") }
        let (step, state) = try lookUp(target)
        let id = step.id.value
        if let number = target.occurrence {
            guard let index = state.occurrences.firstIndex(where: { $0.number == number }) else {
                throw EngineError(state.occurrences.isEmpty ? "step '\(id)' has no occurrences yet" : "step '\(id)' has \(state.occurrences.count) occurrences; there is no #\(number)")
            }
            guard !state.occurrences[index].isFinished else { throw EngineError("\(id)#\(number) is already \(state.occurrences[index].state.rawValue)") }
            progress.steps[id]?.occurrences[index].state = .skipped
            progress.steps[id]?.occurrences[index].finished = max(date, state.occurrences[index].date)
            progress.steps[id]?.occurrences[index].skipReason = reason
            progress.steps[id]?.occurrences[index].request = nil
            emit(CaseEvent(.occurrenceSkipped, on: date, step: id, occurrence: number, actor: actor, data: ["message": .text(reason)]))
        } else {
            guard !state.isFinished else { throw EngineError("step '\(id)' is already \(state.state.rawValue)") }
            progress.steps[id]?.state = .skipped
            progress.steps[id]?.finished = date
            progress.steps[id]?.skipReason = reason
            progress.steps[id]?.request = nil
            progress.steps[id]?.wakeUp = nil
            if progress.steps[id]?.started == nil { progress.steps[id]?.started = date }
            emit(CaseEvent(.stepSkipped, on: date, step: id, actor: actor, data: ["message": .text(reason)]))
        }
        touched(step: id)
        try run(until: date)
    }

    /// Moves an occurrence to a new date (the rest of the cadence stays as it was), or a
    /// step's due date.
    public mutating func postpone(_ target: Target, to newDate: CalendarDate, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard newDate >= date else {
            throw EngineError("cannot postpone to \(newDate), before the case's date \(date); give a date from \(date) on")
        }
        let (step, state) = try lookUp(target)
        let id = step.id.value
        if step.repeats.isEmpty {
            guard target.occurrence == nil else { throw EngineError("step '\(id)' does not repeat; write '\(id)' without '#\(target.occurrence!)'") }
            try requireActive(step, state)
            try checkDatesFollowing(step, due: newDate, start: state.started ?? date, postponing: target, to: newDate)
            moveDue(of: step, to: newDate, by: actor, on: date)
        } else {
            guard let number = target.occurrence else {
                throw EngineError("step '\(id)' repeats; say which occurrence to postpone, as \(id)#N")
            }
            guard let index = state.occurrences.firstIndex(where: { $0.number == number }) else {
                throw EngineError(state.occurrences.isEmpty ? "step '\(id)' has not started; its occurrences are not scheduled yet" : "step '\(id)' has \(state.occurrences.count) occurrences; there is no #\(number)")
            }
            let occurrence = state.occurrences[index]
            guard !occurrence.isFinished else { throw EngineError("\(id)#\(number) is already \(occurrence.state.rawValue)") }
            let dueOffset = occurrence.date.days(until: occurrence.due)
            try checkDatesFollowing(step, due: newDate.adding(days: dueOffset), start: newDate, postponing: target, to: newDate)
            progress.steps[id]?.occurrences[index].date = newDate
            progress.steps[id]?.occurrences[index].due = newDate.adding(days: dueOffset)
            progress.steps[id]?.occurrences[index].postponedFrom = occurrence.postponedFrom ?? occurrence.date
            progress.steps[id]?.occurrences[index].overdue = false
            progress.steps[id]?.occurrences[index].graceEnded = false
            progress.steps[id]?.occurrences[index].remindersSent = []
            if newDate > date {
                progress.steps[id]?.occurrences[index].state = .scheduled
                progress.steps[id]?.occurrences[index].request = nil
            }
            emit(CaseEvent(.occurrencePostponed, on: date, step: id, occurrence: number, actor: actor, data: ["from": .date(occurrence.date), "to": .date(newDate)]))
        }
        touched(step: id)
        try run(until: date)
    }

    /// Refuses a postponement whose due date, reminders or grace would fall outside the
    /// years 0001 to 9999, before anything moves.
    private func checkDatesFollowing(_ step: Step, due: CalendarDate, start: CalendarDate, postponing target: Target, to newDate: CalendarDate) throws(EngineError) {
        let refusal = "cannot postpone \(target) to \(newDate)"
        // The day after the due date, when it falls overdue, must exist too.
        guard due < CalendarDate.latest else { throw EngineError("\(refusal): its due date would fall on or after \(CalendarDate.latest); give a date before it") }
        for rule in step.remind {
            do {
                _ = try reminderDate(rule, of: step, start: start, due: due)
            } catch {
                throw EngineError("\(refusal): its reminder '\(rule.text)' would fall outside the years 0001 to 9999; give an earlier date")
            }
        }
        if let grace = step.grace {
            do {
                _ = try grace.value.apply(to: due, calendar: calendar(of: step))
            } catch {
                throw EngineError("\(refusal): its grace (\(grace.value)) would end after \(CalendarDate.latest); give an earlier date")
            }
        }
    }

    /// Starts a failed step again, with a fresh plugin state.
    public mutating func retry(_ stepID: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        let (step, state) = try lookUp(Target(step: stepID))
        guard state.state == .failed else {
            throw EngineError("step '\(stepID)' has not failed (it is \(state.state.rawValue)); only failed steps can be retried")
        }
        progress.steps[stepID]?.state = .active
        progress.steps[stepID]?.failure = nil
        progress.steps[stepID]?.pluginState = nil
        progress.steps[stepID]?.wakeUp = nil
        progress.steps[stepID]?.request = nil
        emit(CaseEvent(.stepRetried, on: date, step: stepID, actor: actor, data: ["previous": .text(state.failure ?? "")]))
        if let invocation = invocation(step) {
            if step.repeats.isEmpty {
                let (outcome, pluginState) = invocation.start(context(step, today: date, started: state.started ?? date, due: state.due, occurrence: nil), state: nil)
                progress.steps[stepID]?.pluginState = pluginState
                apply(outcome, to: step, occurrence: nil, on: date)
            } else if state.occurrences.isEmpty {
                // It failed before its occurrences were scheduled: start it from scratch.
                progress.steps[stepID]?.state = .pending
                progress.steps[stepID]?.started = nil
            } else {
                for occurrence in state.occurrences where occurrence.state == .open {
                    guard progress.steps[stepID]?.state == .active else { break }
                    let (outcome, pluginState) = invocation.start(context(step, today: date, started: occurrence.date, due: occurrence.due, occurrence: occurrence.number), state: progress.steps[stepID]?.pluginState)
                    progress.steps[stepID]?.pluginState = pluginState
                    apply(outcome, to: step, occurrence: occurrence.number, on: date)
                }
            }
        }
        touched(step: stepID)
        try run(until: date)
    }

    /// Ends the case without finishing it.
    public mutating func cancel(reason: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw EngineError("say why with --reason \"…\"; a cancellation is part of the case's history") }
        guard progress.state == .open else { throw EngineError("case \(caseID) is already \(progress.state.rawValue)") }
        progress.state = .cancelled
        progress.hold = nil
        emit(CaseEvent(.caseCancelled, on: date, actor: actor, data: ["message": .text(reason)]))
    }

    // MARK: - Checks

    private func lookUp(_ target: Target) throws(EngineError) -> (Step, StepProgress) {
        guard progress.state == .open else { throw EngineError("case \(caseID) is \(progress.state.rawValue); it takes no more input") }
        if let hold = progress.hold {
            throw EngineError("case \(caseID) is on hold since \(hold.since) (\(hold.reason)) and takes no input; resume it first: sojourn resume \(caseID)")
        }
        guard let (step, _) = workflow.step(target.step), let state = progress.steps[target.step] else {
            let hint = Suggestions.closest(to: target.step, among: workflow.steps.map(\.id.value)).map { "; did you mean '\($0)'?" } ?? ""
            throw EngineError("workflow '\(workflow.id.value)' has no step '\(target.step)'\(hint)")
        }
        return (step, state)
    }

    private func requireActive(_ step: Step, _ state: StepProgress) throws(EngineError) {
        let id = step.id.value
        switch state.state {
        case .active: return
        case .pending: throw EngineError("step '\(id)' has not started; it waits for what comes before it")
        case .ready: throw EngineError("step '\(id)' has not started; it starts on its start date")
        case .completed: throw EngineError("step '\(id)' is already completed (\(state.finished.map(\.description) ?? "?"))")
        case .skipped: throw EngineError("step '\(id)' was skipped (\(state.finished.map(\.description) ?? "?"))")
        case .failed: throw EngineError("step '\(id)' failed: \(state.failure ?? "?"); fix the cause and run 'sojourn retry \(caseID) \(id)'")
        }
    }

    private func notOpen(_ step: Step, _ occurrence: OccurrenceProgress) -> String {
        let name = "\(step.id.value)#\(occurrence.number)"
        switch occurrence.state {
        case .scheduled: return "\(name) is scheduled for \(occurrence.date); it opens then (to move it, use --postpone DATE)"
        case .completed: return "\(name) is already completed"
        case .missed:
            let finished = occurrence.finished.map(\.description) ?? "?"
            if occurrence.graceEnded, let end = graceEnd(step, due: occurrence.due) {
                return "\(name) counts as missed since \(finished): nothing was recorded by \(end), the end of its grace period after the due date \(occurrence.due)"
            }
            return "\(name) was recorded as missed (\(finished)); it cannot be recorded again"
        case .skipped: return "\(name) was skipped"
        case .open: return "\(name) is open"
        }
    }
}

extension PluginValue {
    /// Replaces the value at `path` (keys of nested objects) with `replacement`, returning
    /// what was there; `nil`, changing nothing, when there is no such value.
    fileprivate mutating func replacing(path: [String], with replacement: PluginValue) -> PluginValue? {
        guard let key = path.first, case .object(var values) = self, var value = values[key] else { return nil }
        if path.count == 1 {
            values[key] = replacement
            self = .object(values)
            return value
        }
        let found = value.replacing(path: Array(path.dropFirst()), with: replacement)
        values[key] = value
        self = .object(values)
        return found
    }
}

extension PluginValue {
    /// Every text in the value, nested ones included.
    fileprivate var texts: [String] {
        switch self {
        case .text(let text): return [text]
        case .list(let items): return items.flatMap(\.texts)
        case .object(let fields): return fields.values.flatMap(\.texts)
        default: return []
        }
    }
}
