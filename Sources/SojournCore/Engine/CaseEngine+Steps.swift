import SojournKit
import SojournLanguage

extension CaseEngine {
    func invocation(_ step: Step) -> PluginInvocation? {
        step.configuration.map(PluginInvocation.init)
    }

    func context(_ step: Step, today: CalendarDate, started: CalendarDate, due: CalendarDate?, occurrence: Int?, actor: String? = nil) -> PluginInvocation.Context {
        PluginInvocation.Context(
            caseID: caseID, stepID: step.id.value, today: today, started: started, due: due, occurrence: occurrence,
            fields: fields, people: people, actor: actor, steps: snapshots(), roster: roster,
            calendar: calendar(of: step), evaluator: conditionEvaluator(today: today),
            dates: dateEvaluator(step, today: today, started: started, due: due))
    }

    /// Works out date expressions from a step's settings over the case now, as its
    /// `due:` would be: `start` is the step's (or occurrence's) start.
    func dateEvaluator(_ step: Step, today: CalendarDate, started: CalendarDate, due: CalendarDate?) -> @Sendable (DateExpression) -> CalendarDate? {
        let environment = environment(today: today, start: started, due: due, calendar: calendar(of: step))
        return { expression in
            guard let parsed = try? ExpressionParser.parse(expression.text),
                  case .date(let date)? = try? ExpressionEvaluator.evaluate(parsed, in: environment) else { return nil }
            return date
        }
    }

    /// The case's steps as plugins see them, each worked out when a plugin asks for it.
    func snapshots() -> StepSnapshots {
        let steps = progress.steps
        let workflow = workflow
        return StepSnapshots { id in
            guard var snapshot = steps[id].map(Self.snapshot) else { return nil }
            snapshot.title = workflow.step(id)?.0.displayTitle
            return snapshot
        }
    }

    private static func snapshot(_ state: StepProgress) -> StepSnapshot {
        let completed = state.occurrences.filter { $0.state == .completed }
        return StepSnapshot(
            state: state.state.rawValue, started: state.started, finished: state.finished,
            count: state.occurrences.isEmpty ? (state.state == .completed ? 1 : 0) : completed.count,
            lastCompleted: state.occurrences.isEmpty ? (state.state == .completed ? state.finished : nil) : completed.compactMap(\.finished).max(),
            outputs: state.outputs)
    }

    /// Evaluates conditions from plugins' settings: over given values, or over the case now.
    func conditionEvaluator(today: CalendarDate) -> @Sendable (Condition, [String: PluginValue]?) -> Bool? {
        let environment = environment(today: today)
        return { condition, values in
            guard let expression = try? ExpressionParser.parse(condition.text) else { return nil }
            if let values {
                let scope = ValueEnvironment(values: values, businessCalendar: environment.businessCalendar)
                return (try? ExpressionEvaluator.evaluate(expression, in: scope)).flatMap(ExpressionEvaluator.truth)
            }
            return (try? ExpressionEvaluator.evaluate(expression, in: environment)).flatMap(ExpressionEvaluator.truth)
        }
    }

    mutating func startStep(_ step: Step, on date: CalendarDate) throws(EngineError) {
        let id = step.id.value
        try assumeUnknownStart(step.start, of: "step '\(id)'", today: date)
        if let when = step.when, try !holds(when, today: date, what: "step '\(id)'") {
            progress.steps[id]?.state = .skipped
            progress.steps[id]?.started = date
            progress.steps[id]?.finished = date
            emit(CaseEvent(.stepSkipped, on: date, step: id, data: ["message": .text("its condition is false: \(when.text)"), "condition": .text(when.text)]))
            return
        }
        progress.steps[id]?.state = .active
        progress.steps[id]?.started = date
        if progress.steps[id]?.ready == nil { progress.steps[id]?.ready = date }

        if !step.repeats.isEmpty {
            let dates: [CalendarDate]
            switch occurrenceDates(step, from: date) {
            case .success(let found): dates = found
            case .failure(let problem):
                fail(step, message: problem.diagnostic.message, on: date)
                return
            }
            var occurrences: [OccurrenceProgress] = []
            for (index, occurrenceDate) in dates.enumerated() {
                let due = try step.due.flatMap { expression throws(EngineError) in try self.date(expression, today: occurrenceDate, start: occurrenceDate, calendar: self.calendar(of: step)) } ?? occurrenceDate
                occurrences.append(OccurrenceProgress(number: index + 1, date: occurrenceDate, due: max(due, occurrenceDate)))
            }
            progress.steps[id]?.occurrences = occurrences
            emit(CaseEvent(.stepStarted, on: date, step: id, data: [
                "occurrences": .number(Double(occurrences.count)),
                "first": occurrences.first.map { .date($0.date) } ?? .null,
                "last": occurrences.last.map { .date($0.date) } ?? .null,
            ]))
            return
        }

        let due = try step.due.flatMap { expression throws(EngineError) in try self.date(expression, today: date, start: date, calendar: self.calendar(of: step)) }
        progress.steps[id]?.due = due
        var data: [String: PluginValue] = [:]
        if let due { data["due"] = .date(due) }
        if let owner = step.owner { data["owner"] = .text(owner.value) }
        emit(CaseEvent(.stepStarted, on: date, step: id, data: data))
        guard let invocation = invocation(step) else { return }
        let (outcome, state) = invocation.start(context(step, today: date, started: date, due: due, occurrence: nil), state: progress.steps[id]?.pluginState)
        // A forecast keeps only what a step does by itself (a notification completes as
        // it starts); anything else is done on its due date.
        if forecasting, outcome.status != .completed { return }
        progress.steps[id]?.pluginState = state
        apply(outcome, to: step, occurrence: nil, on: date)
    }

    func occurrenceDates(_ step: Step, from start: CalendarDate) -> Result<[CalendarDate], Planner.Problem> {
        let engine = self
        return Result { () throws(Planner.Problem) -> [CalendarDate] in
            try Recurrence.dates(of: step, from: start, calendar: engine.calendar(of: step)) { expression throws(Planner.Problem) in
                switch Result(catching: { () throws(EngineError) in try engine.date(expression, today: start, start: start, calendar: engine.calendar(of: step)) }) {
                case .success(let until?): return until
                case .success(nil):
                    throw Planner.Problem(diagnostic: expression.diagnostic(.error, "'\(expression.text)' has no date yet", at: expression.expression.range))
                case .failure(let error):
                    throw Planner.Problem(diagnostic: error.diagnostics.first ?? .error(error.message, at: expression.location))
                }
            }
        }
    }

    mutating func openOccurrence(_ step: Step, _ number: Int, on date: CalendarDate) {
        let id = step.id.value
        guard let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == number }), let occurrence = progress.steps[id]?.occurrences[index] else { return }
        // Nobody holds the role that owes it since its person was released (a mentor who
        // went quiet, not yet replaced): it cannot happen, so it is withdrawn rather than
        // left open to be missed.
        if let owner = step.owner?.value, progress.vacantRoles.contains(owner), people[owner] == nil {
            withdraw(step, occurrence: index, vacant: owner, on: date)
            return
        }
        progress.steps[id]?.occurrences[index].state = .open
        emit(CaseEvent(.occurrenceOpened, on: date, step: id, occurrence: number, data: ["due": .date(occurrence.due)]))
        guard let invocation = invocation(step) else { return }
        let (outcome, state) = invocation.start(context(step, today: date, started: occurrence.date, due: occurrence.due, occurrence: number), state: progress.steps[id]?.pluginState)
        if forecasting, outcome.status != .completed { return }
        progress.steps[id]?.pluginState = state
        apply(outcome, to: step, occurrence: number, on: date)
    }

    /// Withdraws an occurrence that the person of a vacant role would have owed.
    mutating func withdraw(_ step: Step, occurrence index: Int, vacant role: String, on date: CalendarDate) {
        let id = step.id.value
        guard let occurrence = progress.steps[id]?.occurrences[index] else { return }
        let why = "nobody is \(role); sojourn reassign \(caseID) \(role) --to PERSON"
        progress.steps[id]?.occurrences[index].state = .skipped
        progress.steps[id]?.occurrences[index].finished = max(date, occurrence.date)
        progress.steps[id]?.occurrences[index].skipReason = why
        progress.steps[id]?.occurrences[index].request = nil
        emit(CaseEvent(.occurrenceSkipped, on: date, step: id, occurrence: occurrence.number, data: ["message": .text(why)]))
        touched(step: id)
    }

    /// Lets the plugin react to a date passing.
    mutating func timePassed(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        let id = step.id.value
        guard !forecasting, let invocation = invocation(step), let state = progress.steps[id] else { return }
        if state.state == .completed {
            wokenAfterCompletion(step, invocation, state, on: date)
            return
        }
        guard state.state == .active else { return }
        let started = occurrence.flatMap { n in state.occurrences.first { $0.number == n }?.date } ?? state.started ?? date
        let due = occurrence.flatMap { n in state.occurrences.first { $0.number == n }?.due } ?? state.due
        let (outcome, pluginState) = invocation.timePassed(context(step, today: date, started: started, due: due, occurrence: occurrence), state: state.pluginState)
        progress.steps[id]?.pluginState = pluginState
        if let outcome {
            // A wake-up without an occurrence concerns the step; apply it to the open
            // occurrence a repeating step is waiting on, if any.
            let target = occurrence ?? state.occurrences.first { $0.state == .open }?.number
            apply(outcome, to: step, occurrence: step.repeats.isEmpty ? nil : target, on: date)
        }
    }

    /// A completed step woken on the date it asked for: the plugin may queue messages,
    /// update its outputs and ask to be woken again; the step stays completed.
    private mutating func wokenAfterCompletion(_ step: Step, _ invocation: PluginInvocation, _ state: StepProgress, on date: CalendarDate) {
        let id = step.id.value
        let started = state.started ?? date
        let (outcome, pluginState) = invocation.timePassed(context(step, today: date, started: started, due: state.due, occurrence: nil), state: state.pluginState)
        progress.steps[id]?.pluginState = pluginState
        progress.steps[id]?.wakeUp = outcome?.wakeUp
        guard let outcome else { return }
        queue(outcome.messages, from: step, occurrence: nil, on: date)
        if !outcome.outputs.isEmpty { progress.steps[id]?.outputs = outcome.outputs }
    }

    /// Queues a plugin's messages: roles become the people bound to them; addresses stay
    /// as they are. Roles nobody holds in this case (no mentor for a case that skipped
    /// matching) are left out; a message with no one left to receive it is not queued.
    mutating func queue(_ messages: [OutgoingMessage], from step: Step, occurrence: Int?, on date: CalendarDate) {
        for message in messages {
            let recipients = message.to.compactMap { people[$0] ?? ($0.contains("@") ? $0 : nil) }
            guard !recipients.isEmpty else { continue }
            emit(CaseEvent(.messageQueued, on: date, step: step.id.value, occurrence: occurrence, data: [
                "to": .list(recipients.map(PluginValue.text)), "subject": .text(message.subject), "body": .text(message.body),
            ]))
        }
    }

    /// Applies what a plugin answered to the step or one of its occurrences.
    mutating func apply(_ outcome: StepOutcome, to step: Step, occurrence: Int?, on date: CalendarDate) {
        let id = step.id.value
        for role in outcome.release.sorted() {
            guard let person = people[role] else { continue }
            people[role] = nil
            progress.vacantRoles.insert(role)
            emit(CaseEvent(.roleReleased, on: date, step: id, data: ["role": .text(role), "person": .text(person)]))
            // Sessions the released person owed and that are open now cannot be held.
            for owned in workflow.steps where owned.owner?.value == role && !owned.repeats.isEmpty {
                for index in progress.steps[owned.id.value]?.occurrences.indices ?? 0..<0
                where progress.steps[owned.id.value]?.occurrences[index].state == .open {
                    withdraw(owned, occurrence: index, vacant: role, on: date)
                }
            }
        }
        for (role, person) in outcome.bind.sorted(by: { $0.key < $1.key }) where people[role] != person {
            people[role] = person
            progress.vacantRoles.remove(role)
            emit(CaseEvent(.roleBound, on: date, step: id, data: ["role": .text(role), "person": .text(person)]))
        }
        queue(outcome.messages, from: step, occurrence: occurrence, on: date)
        if !outcome.outputs.isEmpty { progress.steps[id]?.outputs = outcome.outputs }
        progress.steps[id]?.wakeUp = outcome.wakeUp
        if outcome.status == .waiting, occurrence == nil, let due = outcome.due, due != progress.steps[id]?.due {
            // The plugin moved its deadline (goals: the next open target). One already past
            // makes the step overdue now; the plugin is not called again for it.
            moveDue(of: step, to: due, by: nil, on: date)
            if due < date { noteOverdue(step, occurrence: nil, on: date) }
        }
        switch outcome.status {
        case .failed(let message):
            fail(step, message: message, on: date)
        case .waiting where outcome.request == nil:
            // A step that runs by itself (a nudge watching sessions): nothing for anyone to record.
            if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
                progress.steps[id]?.occurrences[index].request = nil
            } else {
                progress.steps[id]?.request = nil
            }
        case .waiting:
            let request = outcome.request ?? InputRequest("Record input")
            let data: [String: PluginValue] = ["message": .text(request.prompt)]
            if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
                let changed = progress.steps[id]?.occurrences[index].request != request
                progress.steps[id]?.occurrences[index].request = request
                if changed { emit(CaseEvent(.stepWaiting, on: date, step: id, occurrence: occurrence, data: data)) }
            } else {
                let changed = progress.steps[id]?.request != request
                progress.steps[id]?.request = request
                if changed { emit(CaseEvent(.stepWaiting, on: date, step: id, data: data)) }
            }
        case .completed, .missed:
            var data: [String: PluginValue] = ["outputs": .object(outcome.outputs)]
            if !outcome.details.isEmpty { data["details"] = .object(outcome.details) }
            if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
                let missed = outcome.status == .missed
                progress.steps[id]?.occurrences[index].state = missed ? .missed : .completed
                progress.steps[id]?.occurrences[index].finished = date
                progress.steps[id]?.occurrences[index].request = nil
                emit(CaseEvent(missed ? .occurrenceMissed : .occurrenceCompleted, on: date, step: id, occurrence: occurrence, data: data))
            } else {
                progress.steps[id]?.state = .completed
                progress.steps[id]?.finished = date
                progress.steps[id]?.request = nil
                // What it asked, it may still be woken for after completing (a renewal).
                progress.steps[id]?.wakeUp = outcome.wakeUp
                emit(CaseEvent(.stepCompleted, on: date, step: id, data: data))
            }
        }
        if let ending = outcome.endsCase, progress.state == .open {
            stop(ending, by: nil, on: date, step: id)
        }
    }

    mutating func fail(_ step: Step, message: String, on date: CalendarDate) {
        let id = step.id.value
        progress.steps[id]?.state = .failed
        progress.steps[id]?.failure = message
        progress.steps[id]?.wakeUp = nil
        emit(CaseEvent(.stepFailed, on: date, step: id, data: ["message": .text(message)]))
    }
}
