public import SojournKit
public import SojournLanguage

/// Works out the plan of a case: every phase's and step's dates if each step is done
/// on its due date, every occurrence of repeating steps and every reminder.
public struct Planner: Sendable {
    /// Why a plan could not be made: a date that cannot be computed.
    public struct Problem: Error, Sendable {
        public var diagnostic: Diagnostic
    }

    public let workflow: Workflow
    public let calendars: CalendarLibrary

    public init(workflow: Workflow, calendars: CalendarLibrary) {
        self.workflow = workflow
        self.calendars = calendars
    }

    /// The plan for a case opened on `opened` with these field values: the case run
    /// forward by the engine itself (`CaseEngine.forecast` rules: every step done on its
    /// due date, every occurrence on its own, every condition nobody has answered yet
    /// taken to hold), so a plan shows exactly the dates a case driven that way gets.
    ///
    /// - Throws: `Problem` when a date depends on a field with no value, or business
    ///   days run past the holiday calendar's years.
    public func plan(fields: [String: Value], opened: CalendarDate) throws(Problem) -> Plan {
        let (calendar, calendarName, others) = try businessCalendars(fields: fields)
        var engine = CaseEngine(
            caseID: "plan", workflow: workflow, fields: fields.mapValues(PluginValue.init), people: [:],
            businessCalendar: calendar, progress: CaseEngine.newProgress(for: workflow, openedOn: opened))
        engine.calendars = others
        do {
            try engine.runPlan()
        } catch {
            throw Problem(diagnostic: error.diagnostics.first ?? .error(error.message, at: nil))
        }
        return Plan(
            workflowID: workflow.id.value, workflowTitle: workflow.title, workflowVersion: workflow.version,
            opened: opened,
            fields: workflow.fields.compactMap { field in fields[field.name.value].map { (field.name.value, $0) } },
            businessCalendar: calendarName, phases: try phases(of: engine), assumptions: engine.assumptions)
    }

    /// The phases and steps of a plan, from the events and progress of a plan run.
    private func phases(of engine: CaseEngine) throws(Problem) -> [PhasePlan] {
        var phaseStarts: [String: (date: CalendarDate, skipped: Bool)] = [:]
        var stepStarts: [String: (date: CalendarDate, skipped: Bool)] = [:]
        var reminders: [String: [ReminderPlan]] = [:]
        for event in engine.events {
            switch event.kind {
            case .phaseStarted, .phaseSkipped:
                if let phase = event.phase { phaseStarts[phase] = (event.date, event.kind == .phaseSkipped) }
            case .stepStarted, .stepSkipped:
                if let step = event.step, stepStarts[step] == nil { stepStarts[step] = (event.date, event.kind == .stepSkipped) }
            case .reminderDue:
                if let step = event.step, case .text(let rule)? = event.data["rule"] {
                    reminders[step, default: []].append(ReminderPlan(date: event.date, rule: rule, occurrence: event.occurrence))
                }
            default:
                continue
            }
        }
        var phases: [PhasePlan] = []
        for phase in workflow.phases {
            let id = phase.id.value
            guard let (start, skipped) = phaseStarts[id], let done = engine.progress.phases[id]?.finished else {
                throw Problem(diagnostic: .error("phase '\(id)' never starts in this plan: what it waits for does not finish by \(engine.planHorizon), fifty years after the case's last date", at: phase.location))
            }
            var steps: [StepPlan] = []
            for step in phase.steps {
                let stepID = step.id.value
                let state = engine.progress.steps[stepID] ?? StepProgress()
                let (stepStart, stepSkipped) = stepStarts[stepID] ?? (start, true)
                var plan = StepPlan(
                    id: stepID, title: step.title, uses: step.uses.value, owner: step.owner?.value,
                    start: stepStart, due: stepSkipped ? nil : state.due, done: state.finished ?? stepStart, skipped: stepSkipped,
                    occurrences: state.occurrences.map { OccurrencePlan(number: $0.number, date: $0.date, due: $0.due) },
                    reminders: reminders[stepID] ?? [])
                if !stepSkipped {
                    // Reminders that fall after the step is done ("due + 1w") do not fire when
                    // it is done on time; the plan lists them, for the case where it is not.
                    plan.reminders += try unfired(step, state: state, fired: plan.reminders, engine: engine)
                    plan.reminders.sort { ($0.date, $0.occurrence ?? 0) < ($1.date, $1.occurrence ?? 0) }
                }
                steps.append(plan)
            }
            phases.append(PhasePlan(id: id, title: phase.title, start: start, done: skipped ? start : done, skipped: skipped, steps: steps))
        }
        return phases
    }

    /// The reminders of a step (or its occurrences) that a plan run did not fire, dated by
    /// the engine's own rule.
    private func unfired(_ step: Step, state: StepProgress, fired: [ReminderPlan], engine: CaseEngine) throws(Problem) -> [ReminderPlan] {
        var result: [ReminderPlan] = []
        let slots: [(start: CalendarDate?, due: CalendarDate?, done: CalendarDate?, occurrence: Int?)] = state.occurrences.isEmpty
            ? [(state.started, state.due, state.finished, nil)]
            : state.occurrences.map { ($0.date, $0.due, $0.finished, $0.number) }
        for slot in slots {
            guard let start = slot.start, let done = slot.done else { continue }
            for rule in step.remind where !fired.contains(where: { $0.rule == rule.text && $0.occurrence == slot.occurrence }) {
                do {
                    // Only those after it is done: one due earlier would have gone out.
                    if let date = try engine.reminderDate(rule, of: step, start: start, due: slot.due), date > done {
                        result.append(ReminderPlan(date: date, rule: rule.text, occurrence: slot.occurrence))
                    }
                } catch {
                    throw Problem(diagnostic: error.diagnostics.first ?? .error(error.message, at: rule.location))
                }
            }
        }
        return result
    }

    /// The workflow's calendar, with a name for people, and those its phases and steps
    /// name for themselves.
    private func businessCalendars(fields: [String: Value]) throws(Problem) -> (BusinessCalendar, String, [String: BusinessCalendar]) {
        let (main, name) = try businessCalendar(workflow.calendar, fields: fields)
        var others: [String: BusinessCalendar] = [:]
        var names: [String] = []
        for choice in workflow.calendarChoices where choice.value != workflow.calendar?.value {
            let (calendar, described) = try businessCalendar(choice, fields: fields)
            others[choice.value] = calendar
            names.append("\(choice.value): \(described)")
        }
        return (main, ([name] + names).joined(separator: "; "), others)
    }

    private func businessCalendar(_ choice: Located<String>?, fields: [String: Value]) throws(Problem) -> (BusinessCalendar, String) {
        guard let choice else { return (.weekendsOnly, "weekends only (the workflow names no calendar)") }
        if choice.value == "weekends" { return (.weekendsOnly, "weekends only") }
        let code: String
        if workflow.field(choice.value) != nil {
            guard case .text(let value) = fields[choice.value] else {
                return (.weekendsOnly, "weekends only ('\(choice.value)' has no value)")
            }
            code = value
        } else {
            code = choice.value
        }
        let found: BusinessCalendar?
        do {
            found = try calendars.calendar(for: code)
        } catch {
            throw Problem(diagnostic: error.diagnostics.first ?? .error("cannot read the \(code) calendar", at: nil))
        }
        guard let calendar = found else {
            // As when a case opens: a business day counted without holidays would be wrong.
            throw Problem(diagnostic: .error(calendars.missing(code, field: workflow.field(choice.value) != nil ? choice.value : nil), at: choice.location))
        }
        return (calendar, "\(code) public holidays and weekends")
    }
}
