import Foundation
import SojournKit
import SojournLanguage

extension CaseEngine {
    /// The earliest moment on or before `limit`, or `nil` when nothing is left to happen
    /// by then. Found through the timer index (`MomentIndex`).
    mutating func nextMoment(until limit: CalendarDate) throws(EngineError) -> Moment? {
        guard let found = try earliestCandidate() else { return nil }
        var moment = found.moment
        // On the day a hold ends, what fell on a day of the hold happens that day.
        if let resumedOn, moment.date < resumedOn { moment.date = resumedOn }
        return moment.date <= limit ? moment : nil
    }

    /// The earliest candidate of all slots, building the index when the case's date
    /// moved since it was built.
    mutating func earliestCandidate() throws(EngineError) -> MomentIndex.Candidate? {
        guard progress.state == .open, progress.hold == nil else { return nil }
        // The index is taken out of the engine while it works: the engine it consults is a
        // copy, and a copy holding the index's storage would make every update copy it.
        var working = index
        index = MomentIndex()
        defer { index = working }
        let engine = self
        if working.builtFor != progress.asOf {
            try working.build(layout, progress: progress, asOf: progress.asOf) { slot, index throws(EngineError) in try engine.candidate(of: slot, index: index) }
        }
        let found = try working.earliest { slot, index throws(EngineError) in try engine.candidate(of: slot, index: index) }
        if Self.checksTimerIndex { try engine.checkIndex(working, against: found) }
        return found
    }

    /// `SOJOURN_CHECK_TIMERS=1`: every query of the timer index is checked against a
    /// scan of every slot (slow; for tests and bug hunts).
    static var checksTimerIndex: Bool { getenv("SOJOURN_CHECK_TIMERS").map { String(cString: $0) == "1" } ?? false }

    private func checkIndex(_ index: MomentIndex, against found: MomentIndex.Candidate?) throws(EngineError) {
        var best: MomentIndex.Candidate?
        for slot in 0..<layout.slotCount {
            guard let candidate = try candidate(of: slot, index: index) else { continue }
            if best.map({ candidate.key < $0.key }) ?? true { best = candidate }
        }
        guard best?.key == found?.key else {
            throw EngineError("case \(caseID): the timer index found \(found.map { "\($0.moment)" } ?? "nothing") where a full scan finds \(best.map { "\($0.moment)" } ?? "nothing"); this is a bug in Sojourn")
        }
    }

    /// A step (or phase) changed: the index looks again at what depends on it.
    mutating func touched(step id: String) {
        guard let s = layout.stepIndex[id] else { return }
        index.stepChanged(s, layout, progress: progress)
    }

    mutating func touched(phase id: String) {
        guard let p = layout.phaseIndex[id] else { return }
        index.phaseChanged(p, layout, progress: progress)
    }

    /// The next moment of every phase and step, written into the progress for storage
    /// (the rows' timer index); the case's own completion is never left pending.
    mutating func stampNextMoments() throws(EngineError) {
        _ = try earliestCandidate()
        let candidates = index.allCandidates
        // A case on hold has nothing to do until someone resumes it.
        let open = progress.state == .open && progress.hold == nil
        for (p, id) in layout.phaseIDs.enumerated() {
            let next = open ? candidates[layout.slot(ofPhase: p)]?.moment.date : nil
            progress.phases[id]?.nextMoment = next
        }
        for (s, id) in layout.stepIDs.enumerated() {
            let next = open ? candidates[layout.slot(ofStep: s)]?.moment.date : nil
            progress.steps[id]?.nextMoment = next
        }
    }

    // MARK: - Candidates of one slot

    /// The earliest moment `slot` would produce, whatever the date.
    func candidate(of slot: Int, index: MomentIndex) throws(EngineError) -> MomentIndex.Candidate? {
        guard progress.state == .open else { return nil }
        let layout = self.layout
        if slot == layout.caseSlot {
            guard index.unfinishedPhases == 0 else { return nil }
            let date = max(progress.asOf, index.latestPhaseFinish ?? progress.asOf)
            return MomentIndex.Candidate(moment: Moment(date: date, kind: .completeCase, priority: 2), position: layout.casePosition, sub: 0)
        }
        if slot < layout.phaseCount { return try phaseCandidate(slot, index) }
        return try stepCandidate(slot - layout.phaseCount)
    }

    private func phaseCandidate(_ p: Int, _ index: MomentIndex) throws(EngineError) -> MomentIndex.Candidate? {
        let phase = workflow.phases[p]
        let state = progress.phases[phase.id.value] ?? PhaseProgress()
        switch state.state {
        case .completed, .skipped:
            return nil
        case .pending:
            var latestBefore: CalendarDate?
            for q in layout.phasePredecessors[p] {
                let before = progress.phases[layout.phaseIDs[q]] ?? PhaseProgress()
                guard before.isFinished else { return nil }
                if let finished = before.finished { latestBefore = max(latestBefore ?? finished, finished) }
            }
            let awaited = awaited(layout.phaseAwaits[p])
            guard awaited.finished else { return nil }
            var date = latestBefore ?? progress.asOf
            if let latest = awaited.latest { date = max(date, latest) }
            if let start = phase.start {
                if let startDate = try self.date(start, today: date, calendar: calendar(of: phase)) {
                    date = max(date, startDate)
                } else if !(forecasting && readsOutputs(start)) {
                    return nil
                }
            }
            return MomentIndex.Candidate(moment: Moment(date: max(date, progress.asOf), kind: .startPhase(phase), priority: 3), position: layout.phaseStartPosition[p], sub: 0)
        case .active:
            guard index.unfinishedSteps[p] == 0 else { return nil }
            var latest = state.started ?? progress.asOf
            if let finish = index.latestStepFinish[p] { latest = max(latest, finish) }
            return MomentIndex.Candidate(moment: Moment(date: max(latest, progress.asOf), kind: .completePhase(phase), priority: 1), position: layout.phaseCompletePosition[p], sub: 0)
        }
    }

    private func stepCandidate(_ s: Int) throws(EngineError) -> MomentIndex.Candidate? {
        let p = layout.phaseOfStep[s]
        let phase = workflow.phases[p]
        let phaseState = progress.phases[phase.id.value] ?? PhaseProgress()
        let step = phase.steps[s - layout.stepsOfPhase[p][0]]
        let state = progress.steps[step.id.value] ?? StepProgress()
        // A step that does not block its phase goes on after the phase completes, and a
        // completed step may still be woken (a renewal reminder).
        let wokenAfter = state.state == .completed && state.wakeUp != nil
        guard phaseState.state == .active || (phaseState.state == .completed && (!layout.stepBlocking[s] || wokenAfter)) else { return nil }
        var best: MomentIndex.Candidate?
        var sub = 0
        let position = layout.stepPosition[s]
        let asOf = progress.asOf
        // The kind (which holds a copy of the step) is made only for a candidate that
        // beats the best so far: most are compared and dropped.
        func consider(_ date: CalendarDate?, _ priority: Int, _ kind: @autoclosure () -> Moment.Kind) {
            guard let date else { return }
            sub += 1
            let day = max(date, asOf)
            let key = MomentIndex.Key(date: day.dayNumber, priority: priority, position: position, sub: sub)
            if let current = best, current.key <= key { return }
            best = MomentIndex.Candidate(moment: Moment(date: day, kind: kind(), priority: priority), position: position, sub: sub)
        }
        if state.isFinished {
            // A completed step may ask to be woken again (a renewal reminder); that holds
            // nothing up, and ends with the case.
            if state.state == .completed, let wakeUp = state.wakeUp, !forecasting { consider(wakeUp, 7, .wakeUp(step)) }
            return best
        }
        switch state.state {
        case .pending:
            var latestBefore: CalendarDate?
            for t in layout.stepPredecessors[s] {
                let before = progress.steps[layout.stepIDs[t]] ?? StepProgress()
                guard before.isFinished else { return nil }
                if let finished = before.finished { latestBefore = max(latestBefore ?? finished, finished) }
            }
            let awaited = awaited(layout.stepAwaits[s])
            guard awaited.finished else { return nil }
            var ready = max(phaseState.started ?? asOf, latestBefore ?? asOf)
            if let latest = awaited.latest { ready = max(ready, latest) }
            var startDate = ready
            if let start = step.start {
                if let date = try date(start, today: ready, calendar: calendar(of: step)) {
                    startDate = max(ready, date)
                } else if !(forecasting && readsOutputs(start)) {
                    return nil
                }
            }
            if startDate > ready {
                consider(ready, 4, .stepReady(step, phase, startsOn: startDate))
            } else {
                consider(startDate, 5, .startStep(step, phase))
            }
        case .ready:
            guard let ready = state.ready else { return nil }
            var startDate = ready
            if let start = step.start, let date = try date(start, today: ready, calendar: calendar(of: step)) { startDate = max(ready, date) }
            consider(startDate, 5, .startStep(step, phase))
        case .active:
            considerActive(step, state, consider)
        case .failed, .completed, .skipped:
            return nil
        }
        return best
    }

    private func considerActive(_ step: Step, _ state: StepProgress, _ consider: (CalendarDate?, Int, @autoclosure () -> Moment.Kind) -> Void) {
        if let wakeUp = state.wakeUp, !forecasting { consider(wakeUp, 7, .wakeUp(step)) }
        if state.occurrences.isEmpty, step.repeats.isEmpty {
            if forecasting {
                // Done on its due date (or the day it starts, with none), after its reminders.
                consider(max(state.due ?? state.started ?? progress.asOf, state.started ?? progress.asOf), 10, .forecastDone(step, occurrence: nil))
            } else if let due = state.due {
                if !state.overdue {
                    consider(due.adding(days: 1), 8, .overdue(step, occurrence: nil))
                } else if !state.graceEnded, let end = graceEnd(step, due: due) {
                    consider(end.adding(days: 1), 8, .graceEnded(step, occurrence: nil))
                }
            }
            considerReminders(step, sent: state.remindersSent, start: state.started, due: state.due, occurrence: nil, consider)
            considerEscalation(step, sent: state.remindersSent, due: state.due, occurrence: nil, consider)
            return
        }
        var allFinished = true
        var latest = state.started ?? progress.asOf
        for occurrence in state.occurrences {
            switch occurrence.state {
            case .completed, .missed, .skipped:
                latest = max(latest, occurrence.finished ?? occurrence.date, occurrence.date)
            case .scheduled:
                allFinished = false
                consider(occurrence.date, 6, .openOccurrence(step, occurrence.number))
            case .open:
                allFinished = false
                if forecasting {
                    consider(occurrence.due, 10, .forecastDone(step, occurrence: occurrence.number))
                } else if !occurrence.overdue {
                    consider(occurrence.due.adding(days: 1), 8, .overdue(step, occurrence: occurrence.number))
                } else if !occurrence.graceEnded, let end = graceEnd(step, due: occurrence.due) {
                    consider(end.adding(days: 1), 8, .graceEnded(step, occurrence: occurrence.number))
                }
                considerReminders(step, sent: occurrence.remindersSent, start: occurrence.date, due: occurrence.due, occurrence: occurrence.number, consider)
                considerEscalation(step, sent: occurrence.remindersSent, due: occurrence.due, occurrence: occurrence.number, consider)
            }
        }
        if allFinished { consider(latest, 1, .finishRepeatingStep(step)) }
    }

    private func considerReminders(_ step: Step, sent: [Int], start: CalendarDate?, due: CalendarDate?, occurrence: Int?, _ consider: (CalendarDate?, Int, @autoclosure () -> Moment.Kind) -> Void) {
        guard let start else { return }
        for (index, rule) in step.remind.enumerated() where !sent.contains(index) {
            guard let date = try? reminderDate(rule, of: step, start: start, due: due) else { continue }
            consider(date, 9, .remind(step, occurrence: occurrence, rule: index))
        }
    }

    /// The escalation of a step (or occurrence) not done `escalate.after` past its due
    /// date; once it happened, `remindersSent` holds `Step.escalationMark`.
    private func considerEscalation(_ step: Step, sent: [Int], due: CalendarDate?, occurrence: Int?, _ consider: (CalendarDate?, Int, @autoclosure () -> Moment.Kind) -> Void) {
        guard !forecasting, let escalation = step.escalate, let due, !sent.contains(Step.escalationMark),
              let date = try? escalation.after.value.apply(to: due, calendar: calendar(of: step)) else { return }
        consider(date, 9, .escalate(step, occurrence: occurrence))
    }

    /// The last day a step (or occurrence) due on `due` may still be recorded, when the
    /// step has a `grace:`.
    func graceEnd(_ step: Step, due: CalendarDate) -> CalendarDate? {
        guard let grace = step.grace else { return nil }
        return try? grace.value.apply(to: due, calendar: calendar(of: step))
    }

    /// When a reminder rule falls for a step (or occurrence) that started on `start`: a
    /// reminder dated before its step started is due when the step starts.
    func reminderDate(_ rule: SourceExpression, of step: Step, start: CalendarDate, due: CalendarDate?) throws(EngineError) -> CalendarDate? {
        try date(rule, today: start, start: start, due: due, calendar: calendar(of: step)).map { max($0, start) }
    }

    /// Whether the steps and phases an expression waits for have finished (or started),
    /// and the latest date among them.
    func awaited(_ references: [EngineLayout.Reference]) -> (finished: Bool, latest: CalendarDate?) {
        var latest: CalendarDate?
        for reference in references {
            let started: CalendarDate?, finished: CalendarDate?, isFinished: Bool
            switch reference.target {
            case .step(let s):
                let state = progress.steps[layout.stepIDs[s]] ?? StepProgress()
                (started, finished, isFinished) = (state.started, state.finished, state.isFinished)
            case .phase(let p):
                let state = progress.phases[layout.phaseIDs[p]] ?? PhaseProgress()
                (started, finished, isFinished) = (state.started, state.finished, state.isFinished)
            }
            if reference.member == "started" {
                guard let started else { return (false, nil) }
                latest = max(latest ?? started, started)
            } else {
                guard isFinished, let finished else { return (false, nil) }
                latest = max(latest ?? finished, finished)
            }
        }
        return (true, latest)
    }

    // MARK: - Processing

    mutating func process(_ moment: Moment) throws(EngineError) {
        let date = moment.date
        switch moment.kind {
        case .completeCase:
            // Steps that do not block their phase and are still not done stop here.
            for step in workflow.steps where !step.blocking {
                guard let state = progress.steps[step.id.value], !state.isFinished else { continue }
                progress.steps[step.id.value]?.state = .skipped
                progress.steps[step.id.value]?.started = state.started ?? date
                progress.steps[step.id.value]?.finished = date
                progress.steps[step.id.value]?.request = nil
                progress.steps[step.id.value]?.wakeUp = nil
                progress.steps[step.id.value]?.skipReason = "not done when the case completed"
                emit(CaseEvent(.stepSkipped, on: date, step: step.id.value, data: ["message": .text("not done when the case completed")]))
            }
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
        case .graceEnded(let step, let occurrence):
            endGrace(step, occurrence: occurrence, on: date)
        case .remind(let step, let occurrence, let rule):
            sendReminder(step, occurrence: occurrence, rule: rule, on: date)
        case .escalate(let step, let occurrence):
            escalate(step, occurrence: occurrence, on: date)
        case .forecastDone(let step, let occurrence):
            forecastDone(step, occurrence: occurrence, on: date)
        }
        // What the moment changed, for the timer index.
        switch moment.kind {
        case .completeCase:
            break
        case .completePhase(let phase):
            touched(phase: phase.id.value)
        case .startPhase(let phase):
            touched(phase: phase.id.value)
            for step in phase.steps { touched(step: step.id.value) }
        case .stepReady(let step, _, _), .startStep(let step, _), .openOccurrence(let step, _), .finishRepeatingStep(let step),
             .wakeUp(let step), .overdue(let step, _), .graceEnded(let step, _), .remind(let step, _, _), .escalate(let step, _), .forecastDone(let step, _):
            touched(step: step.id.value)
        }
    }

    /// Whether an expression reads what a step records (`visa.renew_by`), which a
    /// forecast cannot know.
    func readsOutputs(_ expression: SourceExpression) -> Bool {
        expression.expression.references.contains { names in
            names.count == 2 && !Self.stepMemberDates.contains(names[1].text) && workflow.step(names[0].text) != nil
        }
    }

    /// The members of a step that are dates the engine knows (`<step>.done`).
    static let stepMemberDates: Set<String> = ["started", "done", "count"]

    /// In a forecast, says that a start read from a step's outputs was taken as "as soon
    /// as it may".
    mutating func assumeUnknownStart(_ start: SourceExpression?, of what: String, today: CalendarDate) throws(EngineError) {
        guard forecasting, let start, readsOutputs(start), try date(start, today: today) == nil else { return }
        assumptions.append("\(what) starts on \(start.text), which is known only once a case has it; the plan starts it as soon as it may")
    }

    private mutating func startPhase(_ phase: Phase, on date: CalendarDate) throws(EngineError) {
        try assumeUnknownStart(phase.start, of: "phase '\(phase.id.value)'", today: date)
        let id = phase.id.value
        if let when = phase.when, try !holds(when, today: date, what: "phase '\(id)'") {
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

    /// Its due date passed: overdue, and the plugin hears of it, unless the step gives
    /// a grace period, after which it does (`endGrace`).
    private mutating func markOverdue(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        noteOverdue(step, occurrence: occurrence, on: date)
        if step.grace == nil { timePassed(step, occurrence: occurrence, on: date) }
    }

    /// The grace period after the due date ended with nothing recorded.
    private mutating func endGrace(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        let id = step.id.value
        if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
            progress.steps[id]?.occurrences[index].graceEnded = true
        } else {
            progress.steps[id]?.graceEnded = true
        }
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
        progress.steps[id]?.graceEnded = false
        progress.steps[id]?.remindersSent = []
        emit(CaseEvent(.duePostponed, on: date, step: id, actor: actor, data: ["from": old.map(PluginValue.date) ?? .null, "to": .date(newDate)]))
    }

    private mutating func sendReminder(_ step: Step, occurrence: Int?, rule: Int, on date: CalendarDate) {
        let due = markSent(rule, of: step, occurrence: occurrence)
        var data: [String: PluginValue] = ["rule": .text(step.remind[rule].text), "due": due.map(PluginValue.date) ?? .null]
        if let owner = step.owner {
            data["owner"] = .text(owner.value)
            if let person = people[owner.value] { data["person"] = .text(person) }
        }
        emit(CaseEvent(.reminderDue, on: date, step: step.id.value, occurrence: occurrence, data: data))
    }

    /// Tells the roles the step's `escalate:` names that it is still not done.
    private mutating func escalate(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        let due = markSent(Step.escalationMark, of: step, occurrence: occurrence)
        let roles = step.escalate?.to.map(\.value) ?? []
        var data: [String: PluginValue] = ["due": due.map(PluginValue.date) ?? .null, "to": .list(roles.map(PluginValue.text))]
        if let owner = step.owner { data["owner"] = .text(owner.value) }
        emit(CaseEvent(.stepEscalated, on: date, step: step.id.value, occurrence: occurrence, data: data))
    }

    /// Notes that reminder `rule` (or the escalation) of a step or occurrence happened;
    /// answers its due date.
    private mutating func markSent(_ rule: Int, of step: Step, occurrence: Int?) -> CalendarDate? {
        let id = step.id.value
        if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
            progress.steps[id]?.occurrences[index].remindersSent.append(rule)
            return progress.steps[id]?.occurrences[index].due
        }
        progress.steps[id]?.remindersSent.append(rule)
        return progress.steps[id]?.due
    }
}
