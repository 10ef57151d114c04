public import SojournKit

/// Changes to a case's own facts, as assignments really change: new dates or values (an
/// extension, an early return) and a new person in a role (a mentor who leaves). What
/// has finished stays as it happened; what has not is worked out again.
extension CaseEngine {
    /// Gives fields new values on `date` and re-dates everything not finished:
    ///
    /// - steps and phases that have not started take their dates from the new values
    ///   (their dates are always worked out from the case's values when needed);
    /// - a started step's due date moves when it came from its `due:` expression; a due
    ///   date someone postponed, or a plugin set, stays where it was put;
    /// - a repeating step's occurrences still scheduled move to their new dates;
    ///   occurrences past a new end are withdrawn, and new ones are added up to a later
    ///   end; occurrences that opened, finished or were postponed by hand stay.
    ///
    /// The amendment is one event with the values before and after; each step it
    /// re-dates has its own event. Then the case moves on to `date`.
    ///
    /// - Throws: `EngineError` when the case is not open, nothing changes, or a date can
    ///   no longer be worked out; nothing changes then.
    public mutating func amend(_ changes: [String: PluginValue], reason: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw EngineError("say why with --reason \"…\"; an amendment is part of the case's history") }
        guard progress.state == .open else { throw EngineError("case \(caseID) is \(progress.state.rawValue); only an open case can be amended") }
        let changed = changes.filter { fields[$0.key] != $0.value }
        guard !changed.isEmpty else {
            let said = changes.keys.sorted().map { "\($0) is already \(changes[$0]!.displayText)" }.joined(separator: ", ")
            throw EngineError("nothing to change: \(said)")
        }
        let before = self
        for (name, value) in changed { fields[name] = value }
        emit(CaseEvent(.caseAmended, on: date, actor: actor, data: [
            "message": .text(reason),
            "before": .object(Dictionary(uniqueKeysWithValues: changed.keys.map { ($0, before.fields[$0] ?? .null) })),
            "after": .object(changed),
        ]))
        for step in workflow.steps where progress.steps[step.id.value]?.state == .active {
            if step.repeats.isEmpty {
                try redateDue(step, before: before, by: actor, on: date)
            } else {
                try reschedule(step, before: before, on: date)
            }
        }
        index = MomentIndex()
        try run(until: date)
    }

    /// Puts `person` in `role` from `date`: whoever held it is released, and messages
    /// and reminders for the role go to the new person from then on.
    ///
    /// - Throws: `EngineError` when the case is not open, the workflow has no such role,
    ///   or the person already holds it.
    public mutating func reassign(_ role: String, to person: String, reason: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw EngineError("say why with --reason \"…\"; a new person in a role is part of the case's history") }
        guard progress.state == .open else { throw EngineError("case \(caseID) is \(progress.state.rawValue); only an open case can be changed") }
        let roles = workflow.roles.map(\.value)
        guard roles.contains(role) else {
            let hint = Suggestions.closest(to: role, among: roles).map { "; did you mean '\($0)'?" } ?? "; the roles are \(Suggestions.list(roles, conjunction: "and"))"
            throw EngineError("workflow '\(workflow.id.value)' has no role '\(role)'\(hint)")
        }
        if let current = people[role], PersonText.email(current)?.lowercased() == PersonText.email(person)?.lowercased() {
            throw EngineError("\(current) is already \(role) of case \(caseID)")
        }
        if let current = people[role] {
            people[role] = nil
            emit(CaseEvent(.roleReleased, on: date, actor: actor, data: ["role": .text(role), "person": .text(current), "message": .text(reason)]))
        }
        people[role] = person
        progress.vacantRoles.remove(role)
        emit(CaseEvent(.roleBound, on: date, actor: actor, data: ["role": .text(role), "person": .text(person), "message": .text(reason)]))
        try run(until: date)
    }

    /// A started step's due date, worked out again when it came from `due:`.
    private mutating func redateDue(_ step: Step, before: CaseEngine, by actor: String, on date: CalendarDate) throws(EngineError) {
        let id = step.id.value
        guard let expression = step.due, let state = progress.steps[id], let started = state.started else { return }
        // A due date moved by hand or by the plugin no longer follows the expression.
        let original = try before.date(expression, today: started, start: started, calendar: before.calendar(of: step))
        guard state.due == original else { return }
        guard let due = try self.date(expression, today: started, start: started, calendar: calendar(of: step)), due != state.due else { return }
        moveDue(of: step, to: due, by: nil, on: date)
        touched(step: id)
    }

    /// A repeating step's occurrences still to come, worked out again.
    private mutating func reschedule(_ step: Step, before: CaseEngine, on date: CalendarDate) throws(EngineError) {
        let id = step.id.value
        guard let state = progress.steps[id], let started = state.started, !state.occurrences.isEmpty else { return }
        let dates: [CalendarDate]
        switch occurrenceDates(step, from: started) {
        case .success(let found): dates = found
        case .failure(let problem): throw EngineError("step '\(id)': \(problem.diagnostic.message)", diagnostics: [problem.diagnostic])
        }
        var occurrences = state.occurrences
        var moved: [Int] = [], withdrawn: [Int] = [], added: [Int] = []
        for index in occurrences.indices where occurrences[index].state == .scheduled {
            let number = occurrences[index].number
            guard number <= dates.count else {
                withdrawn.append(number)
                continue
            }
            guard occurrences[index].postponedFrom == nil, dates[number - 1] != occurrences[index].date else { continue }
            let newDate = dates[number - 1]
            let due = try step.due.flatMap { expression throws(EngineError) in try self.date(expression, today: newDate, start: newDate, calendar: self.calendar(of: step)) } ?? newDate
            occurrences[index].date = newDate
            occurrences[index].due = max(due, newDate)
            moved.append(number)
        }
        occurrences.removeAll { withdrawn.contains($0.number) }
        let last = state.occurrences.map(\.number).max() ?? 0
        if dates.count > last {
            for number in (last + 1)...dates.count {
                let newDate = dates[number - 1]
                let due = try step.due.flatMap { expression throws(EngineError) in try self.date(expression, today: newDate, start: newDate, calendar: self.calendar(of: step)) } ?? newDate
                occurrences.append(OccurrenceProgress(number: number, date: newDate, due: max(due, newDate)))
                added.append(number)
            }
        }
        guard !(moved.isEmpty && withdrawn.isEmpty && added.isEmpty) else { return }
        progress.steps[id]?.occurrences = occurrences
        var data: [String: PluginValue] = [:]
        if !moved.isEmpty { data["moved"] = .list(moved.map { .number(Double($0)) }) }
        if !withdrawn.isEmpty { data["withdrawn"] = .list(withdrawn.map { .number(Double($0)) }) }
        if !added.isEmpty { data["added"] = .list(added.map { .number(Double($0)) }) }
        data["occurrences"] = .number(Double(occurrences.count))
        data["last"] = occurrences.last.map { .date($0.date) } ?? .null
        emit(CaseEvent(.stepRescheduled, on: date, step: id, data: data))
        touched(step: id)
    }
}
