import SojournKit

extension CaseEngine {
    /// The earliest moment on or before `limit`, or `nil` when nothing is left to happen.
    func nextMoment(until limit: CalendarDate) throws(EngineError) -> Moment? {
        var best: Moment?
        var order = 0
        func consider(_ date: CalendarDate?, _ priority: Int, _ kind: Moment.Kind) {
            guard let date else { return }
            // Nothing happens before the case's date: a reminder whose date passed while
            // its step was postponed is due now.
            let when = max(date, progress.asOf)
            guard when <= limit else { return }
            order += 1
            let candidate = Moment(date: when, kind: kind, priority: priority, order: order)
            if let current = best, (current.date, current.priority, current.order) <= (candidate.date, candidate.priority, candidate.order) { return }
            best = candidate
        }

        var allPhasesFinished = true
        var latestFinish = progress.asOf
        for phase in workflow.phases {
            let id = phase.id.value
            let state = progress.phases[id] ?? PhaseProgress()
            switch state.state {
            case .completed, .skipped:
                latestFinish = max(latestFinish, state.finished ?? latestFinish)
                continue
            case .pending:
                allPhasesFinished = false
                let before = predecessors(of: phase).map { progress.phases[$0.id.value] ?? PhaseProgress() }
                guard before.allSatisfy(\.isFinished) else { continue }
                let awaited = awaited(by: [phase.start, phase.when])
                guard awaited.finished else { continue }
                var date = before.compactMap(\.finished).max() ?? progress.asOf
                if let latest = awaited.latest { date = max(date, latest) }
                if let start = phase.start {
                    guard let startDate = try self.date(start, today: date) else { continue }
                    date = max(date, startDate)
                }
                consider(date, 3, .startPhase(phase))
            case .active:
                allPhasesFinished = false
                try considerSteps(of: phase, state, consider)
            }
        }
        if allPhasesFinished {
            consider(latestFinish, 2, .completeCase)
        }
        return best
    }

    private func considerSteps(of phase: Phase, _ phaseState: PhaseProgress, _ consider: (CalendarDate?, Int, Moment.Kind) -> Void) throws(EngineError) {
        var allFinished = true
        var latest = phaseState.started ?? progress.asOf
        for step in phase.steps {
            let id = step.id.value
            let state = progress.steps[id] ?? StepProgress()
            if state.isFinished {
                latest = max(latest, state.finished ?? latest)
                continue
            }
            allFinished = false
            switch state.state {
            case .pending:
                let before = predecessors(of: step, in: phase).map { progress.steps[$0.id.value] ?? StepProgress() }
                guard before.allSatisfy(\.isFinished) else { continue }
                let awaited = awaited(by: [step.start, step.when] + step.configurationConditions)
                guard awaited.finished else { continue }
                var ready = max(phaseState.started ?? progress.asOf, before.compactMap(\.finished).max() ?? progress.asOf)
                if let latest = awaited.latest { ready = max(ready, latest) }
                var startDate = ready
                if let start = step.start {
                    guard let date = try date(start, today: ready) else { continue }
                    startDate = max(ready, date)
                }
                if startDate > ready {
                    consider(ready, 4, .stepReady(step, phase, startsOn: startDate))
                } else {
                    consider(startDate, 5, .startStep(step, phase))
                }
            case .ready:
                guard let ready = state.ready else { continue }
                var startDate = ready
                if let start = step.start, let date = try date(start, today: ready) { startDate = max(ready, date) }
                consider(startDate, 5, .startStep(step, phase))
            case .active:
                considerActive(step, state, consider)
            case .failed, .completed, .skipped:
                continue
            }
        }
        if allFinished {
            consider(latest, 1, .completePhase(phase))
        }
    }

    private func considerActive(_ step: Step, _ state: StepProgress, _ consider: (CalendarDate?, Int, Moment.Kind) -> Void) {
        if let wakeUp = state.wakeUp { consider(wakeUp, 7, .wakeUp(step)) }
        if state.occurrences.isEmpty, step.repeats.isEmpty {
            if let due = state.due, !state.overdue { consider(due.adding(days: 1), 8, .overdue(step, occurrence: nil)) }
            considerReminders(step, sent: state.remindersSent, start: state.started, due: state.due, occurrence: nil, consider)
            return
        }
        var allFinished = true
        var latest = state.started ?? progress.asOf
        for occurrence in state.occurrences {
            switch occurrence.state {
            case .completed, .skipped:
                latest = max(latest, occurrence.finished ?? occurrence.date, occurrence.date)
            case .scheduled:
                allFinished = false
                consider(occurrence.date, 6, .openOccurrence(step, occurrence.number))
            case .open:
                allFinished = false
                if !occurrence.overdue { consider(occurrence.due.adding(days: 1), 8, .overdue(step, occurrence: occurrence.number)) }
                considerReminders(step, sent: occurrence.remindersSent, start: occurrence.date, due: occurrence.due, occurrence: occurrence.number, consider)
            }
        }
        if allFinished { consider(latest, 1, .finishRepeatingStep(step)) }
    }

    private func considerReminders(_ step: Step, sent: [Int], start: CalendarDate?, due: CalendarDate?, occurrence: Int?, _ consider: (CalendarDate?, Int, Moment.Kind) -> Void) {
        guard let start else { return }
        for (index, rule) in step.remind.enumerated() where !sent.contains(index) {
            // A reminder dated before its step started is due when the step starts.
            guard let date = try? date(rule, today: start, start: start, due: due) else { continue }
            consider(max(date, start), 9, .remind(step, occurrence: occurrence, rule: index))
        }
    }

    // MARK: - Processing

    mutating func process(_ moment: Moment) throws(EngineError) {
        let date = moment.date
        switch moment.kind {
        case .completeCase:
            progress.state = .completed
            emit(CaseEvent(.caseCompleted, on: date))
        case .completePhase(let phase):
            progress.phases[phase.id.value]?.state = .completed
            progress.phases[phase.id.value]?.finished = date
            emit(CaseEvent(.phaseCompleted, on: date, phase: phase.id.value))
        case .startPhase(let phase):
            try startPhase(phase, on: date)
        case .stepReady(let step, _, let startsOn):
            progress.steps[step.id.value]?.state = .ready
            progress.steps[step.id.value]?.ready = date
            emit(CaseEvent(.stepReady, on: date, step: step.id.value, data: ["starts": .date(startsOn)]))
        case .startStep(let step, _):
            try startStep(step, on: date)
        case .openOccurrence(let step, let number):
            openOccurrence(step, number, on: date)
        case .finishRepeatingStep(let step):
            progress.steps[step.id.value]?.state = .completed
            progress.steps[step.id.value]?.finished = date
            progress.steps[step.id.value]?.request = nil
            emit(CaseEvent(.stepCompleted, on: date, step: step.id.value, data: ["outputs": .object(progress.steps[step.id.value]?.outputs ?? [:])]))
        case .wakeUp(let step):
            progress.steps[step.id.value]?.wakeUp = nil
            timePassed(step, occurrence: nil, on: date)
        case .overdue(let step, let occurrence):
            markOverdue(step, occurrence: occurrence, on: date)
        case .remind(let step, let occurrence, let rule):
            sendReminder(step, occurrence: occurrence, rule: rule, on: date)
        }
    }

    private mutating func startPhase(_ phase: Phase, on date: CalendarDate) throws(EngineError) {
        let id = phase.id.value
        if let when = phase.when, try !holds(when, today: date) {
            progress.phases[id]?.state = .skipped
            progress.phases[id]?.started = date
            progress.phases[id]?.finished = date
            emit(CaseEvent(.phaseSkipped, on: date, phase: id, data: ["condition": .text(when.text)]))
            for step in phase.steps {
                progress.steps[step.id.value]?.state = .skipped
                progress.steps[step.id.value]?.finished = date
                emit(CaseEvent(.stepSkipped, on: date, step: step.id.value, data: ["message": .text("its phase was skipped")]))
            }
            return
        }
        progress.phases[id]?.state = .active
        progress.phases[id]?.started = date
        emit(CaseEvent(.phaseStarted, on: date, phase: id))
    }

    private mutating func markOverdue(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        noteOverdue(step, occurrence: occurrence, on: date)
        timePassed(step, occurrence: occurrence, on: date)
    }

    /// Marks a step (or occurrence) overdue, once, with its event; the plugin is not called.
    mutating func noteOverdue(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        let id = step.id.value
        let due: CalendarDate?
        if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
            progress.steps[id]?.occurrences[index].overdue = true
            due = progress.steps[id]?.occurrences[index].due
        } else {
            progress.steps[id]?.overdue = true
            due = progress.steps[id]?.due
        }
        emit(CaseEvent(.stepOverdue, on: date, step: id, occurrence: occurrence, data: ["due": due.map(PluginValue.date) ?? .null, "owner": step.owner.map { .text($0.value) } ?? .null]))
    }

    /// Moves a step's due date: overdue and reminders count from the new one. Someone
    /// postponing it is the actor; a plugin moving its deadline has none.
    mutating func moveDue(of step: Step, to newDate: CalendarDate, by actor: String?, on date: CalendarDate) {
        let id = step.id.value
        let old = progress.steps[id]?.due
        progress.steps[id]?.due = newDate
        progress.steps[id]?.overdue = false
        progress.steps[id]?.remindersSent = []
        emit(CaseEvent(.duePostponed, on: date, step: id, actor: actor, data: ["from": old.map(PluginValue.date) ?? .null, "to": .date(newDate)]))
    }

    private mutating func sendReminder(_ step: Step, occurrence: Int?, rule: Int, on date: CalendarDate) {
        let id = step.id.value
        if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
            progress.steps[id]?.occurrences[index].remindersSent.append(rule)
        } else {
            progress.steps[id]?.remindersSent.append(rule)
        }
        var data: [String: PluginValue] = ["rule": .text(step.remind[rule].text)]
        if let owner = step.owner {
            data["owner"] = .text(owner.value)
            if let person = people[owner.value] { data["person"] = .text(person) }
        }
        emit(CaseEvent(.reminderDue, on: date, step: id, occurrence: occurrence, data: data))
    }
}
