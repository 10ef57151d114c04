public import SojournKit

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

    /// The plan for a case opened on `opened` with these field values.
    ///
    /// - Throws: `Problem` when a date depends on a field with no value, or business
    ///   days run past the holiday calendar's years.
    public func plan(fields: [String: Value], opened: CalendarDate) throws(Problem) -> Plan {
        let (calendar, calendarName) = try businessCalendar(fields: fields)
        let run = PlanRun(workflow: workflow, fields: fields, opened: opened, calendar: calendar)
        var phases: [PhasePlan] = []
        for phase in workflow.phases {
            phases.append(try run.phasePlan(phase))
        }
        return Plan(
            workflowID: workflow.id.value, workflowTitle: workflow.title, workflowVersion: workflow.version,
            opened: opened,
            fields: workflow.fields.compactMap { field in fields[field.name.value].map { (field.name.value, $0) } },
            businessCalendar: calendarName, phases: phases, assumptions: run.assumptions)
    }

    private func businessCalendar(fields: [String: Value]) throws(Problem) -> (BusinessCalendar, String) {
        guard let choice = workflow.calendar else { return (.weekendsOnly, "weekends only (the workflow names no calendar)") }
        let code: String
        if workflow.field(choice.value) != nil {
            guard case .text(let value) = fields[choice.value] else {
                return (.weekendsOnly, "weekends only ('\(choice.value)' has no value)")
            }
            code = value
        } else {
            code = choice.value
        }
        do {
            guard let calendar = try calendars.calendar(for: code) else {
                return (.weekendsOnly, "weekends only (no holiday calendar for \(code) in \(calendars.directory))")
            }
            return (calendar, "\(code) public holidays and weekends")
        } catch {
            throw Problem(diagnostic: error.diagnostics.first ?? .error("cannot read the \(code) calendar", at: nil))
        }
    }
}

/// One plan computation: memoised dates of every phase and step.
final class PlanRun {
    let workflow: Workflow
    let fields: [String: Value]
    let opened: CalendarDate
    let businessCalendar: BusinessCalendar
    private(set) var assumptions: [String] = []
    /// A problem met while computing a date another expression needed, kept whole so
    /// it is reported at its own position rather than as a failure of the outer one.
    var deferredProblem: Planner.Problem?

    private var phaseStarts: [String: (date: CalendarDate, skipped: Bool)] = [:]
    private var phaseDones: [String: CalendarDate] = [:]
    private var stepPlans: [String: StepPlan] = [:]

    init(workflow: Workflow, fields: [String: Value], opened: CalendarDate, calendar: BusinessCalendar) {
        self.workflow = workflow
        self.fields = fields
        self.opened = opened
        self.businessCalendar = calendar
    }

    func phasePlan(_ phase: Phase) throws(Planner.Problem) -> PhasePlan {
        let (start, skipped) = try phaseStart(phase)
        var steps: [StepPlan] = []
        for step in phase.steps { steps.append(try stepPlan(step, in: phase)) }
        return PhasePlan(id: phase.id.value, title: phase.title, start: start, done: try phaseDone(phase), skipped: skipped, steps: steps)
    }

    // MARK: - Phases

    private func phaseStart(_ phase: Phase) throws(Planner.Problem) -> (date: CalendarDate, skipped: Bool) {
        if let known = phaseStarts[phase.id.value] { return known }
        var date = opened
        for previous in predecessors(of: phase) {
            date = max(date, try phaseDone(previous))
        }
        if let start = phase.start {
            date = max(date, try self.date(start, step: nil, startedOn: nil, due: nil))
        }
        var skipped = false
        if let when = phase.when {
            skipped = try !holds(when, on: date, what: "phase '\(phase.id.value)'")
        }
        phaseStarts[phase.id.value] = (date, skipped)
        return (date, skipped)
    }

    private func predecessors(of phase: Phase) -> [Phase] {
        if let after = phase.after { return after.compactMap { workflow.phase($0.value) } }
        guard let index = workflow.phases.firstIndex(where: { $0.id.value == phase.id.value }), index > 0 else { return [] }
        return [workflow.phases[index - 1]]
    }

    private func phaseDone(_ phase: Phase) throws(Planner.Problem) -> CalendarDate {
        if let known = phaseDones[phase.id.value] { return known }
        var done = try phaseStart(phase).date
        for step in phase.steps { done = max(done, try stepPlan(step, in: phase).done) }
        phaseDones[phase.id.value] = done
        return done
    }

    // MARK: - Steps

    private func stepPlan(_ step: Step, in phase: Phase) throws(Planner.Problem) -> StepPlan {
        if let known = stepPlans[step.id.value] { return known }
        let (phaseStart, phaseSkipped) = try self.phaseStart(phase)
        var start = phaseStart
        for previous in predecessors(of: step, in: phase) {
            start = max(start, try stepPlan(previous, in: phase).done)
        }
        if let own = step.start {
            start = max(start, try date(own, step: step, startedOn: nil, due: nil))
        }
        var plan = StepPlan(
            id: step.id.value, title: step.title, uses: step.uses.value, owner: step.owner?.value,
            start: start, due: nil, done: start, skipped: phaseSkipped, occurrences: [], reminders: [])
        if !plan.skipped, let when = step.when {
            plan.skipped = try !holds(when, on: start, what: "step '\(step.id.value)'")
        }
        guard !plan.skipped else {
            stepPlans[step.id.value] = plan
            return plan
        }
        if step.repeats.isEmpty {
            let due = try step.due.map { expression throws(Planner.Problem) in try date(expression, step: step, startedOn: start, due: nil) }
            plan.due = due
            plan.done = max(start, due ?? start)
            plan.reminders = try reminders(step, startedOn: start, due: due, occurrence: nil)
        } else {
            plan.occurrences = try occurrences(step, from: start)
            for occurrence in plan.occurrences {
                plan.reminders += try reminders(step, startedOn: occurrence.date, due: occurrence.due, occurrence: occurrence.number)
            }
            plan.done = plan.occurrences.map(\.due).max() ?? start
        }
        plan.reminders.sort { ($0.date, $0.occurrence ?? 0) < ($1.date, $1.occurrence ?? 0) }
        stepPlans[step.id.value] = plan
        return plan
    }

    private func predecessors(of step: Step, in phase: Phase) -> [Step] {
        if let after = step.after { return after.compactMap { id in phase.steps.first { $0.id.value == id.value } } }
        guard let index = phase.steps.firstIndex(where: { $0.id.value == step.id.value }), index > 0 else { return [] }
        return [phase.steps[index - 1]]
    }

    private func reminders(_ step: Step, startedOn start: CalendarDate, due: CalendarDate?, occurrence: Int?) throws(Planner.Problem) -> [ReminderPlan] {
        var result: [ReminderPlan] = []
        for rule in step.remind {
            result.append(ReminderPlan(date: try date(rule, step: step, startedOn: start, due: due), rule: rule.text, occurrence: occurrence))
        }
        return result
    }

    /// The occurrences of a repeating step that starts on `start`.
    func occurrences(_ step: Step, from start: CalendarDate) throws(Planner.Problem) -> [OccurrencePlan] {
        let dates = try Recurrence.dates(of: step, from: start, calendar: businessCalendar) { expression throws(Planner.Problem) in
            try date(expression, step: step, startedOn: start, due: nil)
        }
        var result: [OccurrencePlan] = []
        for (index, date) in dates.enumerated() {
            let due = try step.due.map { expression throws(Planner.Problem) in try self.date(expression, step: step, startedOn: date, due: nil) } ?? date
            result.append(OccurrencePlan(number: index + 1, date: date, due: max(date, due)))
        }
        return result
    }

    // MARK: - Expressions

    private func date(_ expression: SourceExpression, step: Step?, startedOn: CalendarDate?, due: CalendarDate?) throws(Planner.Problem) -> CalendarDate {
        let value = try evaluate(expression, step: step, startedOn: startedOn, due: due, today: nil)
        guard case .date(let date) = value else {
            let missing = expression.expression.references.map { $0.map(\.text).joined(separator: ".") }.filter { fields[$0] == nil && workflow.field($0) != nil }
            let message = missing.isEmpty
                ? "'\(expression.text)' has no date here"
                : "'\(expression.text)' needs field \(Suggestions.list(missing, conjunction: "and")), which has no value; give it with --field"
            throw Planner.Problem(diagnostic: .error(message, at: expression.location))
        }
        return date
    }

    /// Whether a condition holds on `date`; a condition that depends on recorded input is
    /// assumed to hold, and the plan says so.
    private func holds(_ condition: SourceExpression, on date: CalendarDate, what: String) throws(Planner.Problem) -> Bool {
        let value = try evaluate(condition, step: nil, startedOn: nil, due: nil, today: date)
        guard let truth = ExpressionEvaluator.truth(value) else {
            assumptions.append("\(what) runs only if \(condition.text); the plan assumes it does")
            return true
        }
        return truth
    }

    private func evaluate(_ expression: SourceExpression, step: Step?, startedOn: CalendarDate?, due: CalendarDate?, today: CalendarDate?) throws(Planner.Problem) -> Value {
        let environment = PlanEnvironment(run: self, step: step, startedOn: startedOn, due: due, today: today)
        do {
            return try ExpressionEvaluator.evaluate(expression.expression, in: environment)
        } catch {
            if let deferred = deferredProblem { throw deferred }
            throw Planner.Problem(diagnostic: expression.diagnostic(.error, error.message, at: error.range))
        }
    }

    /// The value of a name in the plan.
    func value(of names: [Expression.Name], step: Step?, startedOn: CalendarDate?, due: CalendarDate?, today: CalendarDate?) throws -> Value {
        let first = names[0].text
        switch first {
        case "today": return today.map(Value.date) ?? .unknown
        case "start": return startedOn.map(Value.date) ?? .unknown
        case "due": return due.map(Value.date) ?? .unknown
        default: break
        }
        if workflow.field(first) != nil { return fields[first] ?? .null }
        if let (step, phase) = workflow.step(first) {
            let plan = try stepPlan(step, in: phase)
            switch names[1].text {
            case "started": return .date(plan.start)
            case "done": return .date(plan.done)
            case "count": return .number(Double(plan.skipped ? 0 : max(1, plan.occurrences.count)))
            default: return .unknown
            }
        }
        if let phase = workflow.phase(first) {
            return names[1].text == "started" ? .date(try phaseStart(phase).date) : .date(try phaseDone(phase))
        }
        return .null
    }
}

/// Names as a plan sees them.
struct PlanEnvironment: ExpressionEnvironment {
    let run: PlanRun
    let step: Step?
    let startedOn: CalendarDate?
    let due: CalendarDate?
    let today: CalendarDate?

    var businessCalendar: BusinessCalendar { run.businessCalendar }

    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        do {
            return try run.value(of: names, step: step, startedOn: startedOn, due: due, today: today)
        } catch let error as EvaluationError {
            throw error
        } catch {
            // A problem computing another date: keep it whole for the caller to report.
            if let problem = error as? Planner.Problem { run.deferredProblem = problem }
            throw EvaluationError("\(error)", at: names[0].range)
        }
    }
}
