public import SojournKit
import SojournLanguage

/// Advances one case through its workflow. Pure: it changes `progress` and lists the
/// events that describe each change; storing both is the caller's business.
///
/// Time moves in whole days. Everything that happens is dated when it happens in the
/// case's time (a step that becomes due on 18 January is overdue on the 19th even when
/// the case is advanced a month at a time), so advancing daily or monthly gives the
/// same history, and advancing again to the same date changes nothing.
public struct CaseEngine: Sendable {
    public let caseID: String
    public let workflow: Workflow
    /// The case's own values (dates, countries); `amend` changes them.
    public internal(set) var fields: [String: PluginValue]
    public var people: [String: String]
    /// What the workflow counts business days in (its `calendar:`).
    public let businessCalendar: BusinessCalendar
    /// The calendars phases and steps name for themselves (`calendar: home_country`), by
    /// what they name; one not here counts in `businessCalendar`.
    public var calendars: [String: BusinessCalendar] = [:]
    /// The roster and pairings plugins may read (mentor matching).
    public var roster: any RosterService = EmptyRoster()
    public internal(set) var progress: CaseProgress
    /// The events of the changes made so far, in order.
    public internal(set) var events: [CaseEvent] = []
    /// The workflow's layout, and the timer index over the case's slots.
    let layout: EngineLayout
    var index = MomentIndex()
    /// Whether this is a forecast (`forecast()`): every step is done on its due date
    /// unless it completes as it starts, plugins are not called once started, and a
    /// condition that cannot be known yet is taken to hold.
    var forecasting = false
    /// In a plan (`Planner`): a date that cannot be worked out is an error, not a wait.
    var strictDates = false
    /// In a forecast: the conditions taken to hold because nobody has answered yet.
    var assumptions: [String] = []
    /// While a hold ends (`resume`): moments dated before this day happen on it.
    var resumedOn: CalendarDate?
    /// Set while an operator records for someone else (`Delegation`).
    public var delegation: Delegation?

    public init(
        caseID: String, workflow: Workflow, fields: [String: PluginValue], people: [String: String],
        businessCalendar: BusinessCalendar, progress: CaseProgress
    ) {
        self.caseID = caseID
        self.workflow = workflow
        self.fields = fields
        self.people = people
        self.businessCalendar = businessCalendar
        self.progress = progress
        self.layout = workflow.engineLayout
    }

    /// The progress of a case opened on `date`: everything pending.
    public static func newProgress(for workflow: Workflow, openedOn date: CalendarDate) -> CaseProgress {
        var phases: [String: PhaseProgress] = [:]
        var steps: [String: StepProgress] = [:]
        for phase in workflow.phases {
            phases[phase.id.value] = PhaseProgress()
            for step in phase.steps { steps[step.id.value] = StepProgress() }
        }
        return CaseProgress(state: .open, asOf: date, phases: phases, steps: steps)
    }

    /// Records the case's opening and advances it to its opening date.
    public mutating func open(by actor: String?) throws(EngineError) {
        emit(CaseEvent(.caseOpened, on: progress.asOf, actor: actor, data: [
            "workflow": .text(workflow.id.value),
            "version": workflow.version.map { .number(Double($0)) } ?? .null,
            "fields": .object(fields),
            "people": .object(people.mapValues(PluginValue.text)),
        ]))
        try run(until: progress.asOf)
    }

    /// Brings the case to `date`: everything due by then happens, in date order.
    ///
    /// - Throws: `EngineError` when `date` is before the date the case has reached.
    public mutating func advance(to date: CalendarDate) throws(EngineError) {
        guard date >= progress.asOf else {
            throw EngineError("case \(caseID) is already at \(progress.asOf); it cannot go back to \(date)")
        }
        guard progress.state == .open else { return }
        try run(until: date)
    }

    /// The first date on which something will happen without anyone's input: a step or
    /// phase starting, an occurrence opening, a reminder, a due date passing, a wake-up.
    /// `nil` when the case only waits for input (or is closed). Stored with the case so
    /// bulk advances skip cases with nothing to do.
    public mutating func nextWakeDate() throws(EngineError) -> CalendarDate? {
        try earliestCandidate()?.moment.date
    }

    mutating func emit(_ event: CaseEvent) {
        var event = event
        // What an operator does for someone is journaled as theirs, for whom, and why.
        if let delegation, let actor = event.actor, actor == delegation.person {
            event.actor = delegation.operator
            event.data["for"] = .text(delegation.person)
            event.data["reason"] = .text(delegation.reason)
        }
        events.append(event)
    }

    /// An operator acting for someone else: while set, the events the engine is told were
    /// caused by `person` are journaled as done by `operator` for `person`, with `reason`.
    public struct Delegation: Sendable, Hashable {
        public var `operator`: String
        public var person: String
        public var reason: String

        public init(operator: String, person: String, reason: String) {
            self.operator = `operator`
            self.person = person
            self.reason = reason
        }
    }

    // MARK: - The run loop

    /// Processes every moment up to `date`, earliest first, then moves the case's date.
    mutating func run(until date: CalendarDate) throws(EngineError) {
        var guardCount = 0
        while progress.state == .open, progress.hold == nil, let moment = try nextMoment(until: date) {
            try process(moment)
            guardCount += 1
            if guardCount > 1_000_000 {
                throw EngineError("case \(caseID) did not settle while advancing to \(date); this is a bug in Sojourn")
            }
        }
        let before = progress.asOf
        progress.asOf = max(progress.asOf, date)
        // Every moment up to the date has happened, so no slot's next moment still rests on
        // the old date (those that did fell on or before it); the index stays good, unless
        // an expression reads `today`.
        if progress.state == .open, !layout.readsToday { index.move(from: before, to: progress.asOf) }
    }

    /// Something that happens on a date.
    struct Moment {
        enum Kind {
            case completePhase(Phase)
            case finishRepeatingStep(Step)
            case completeCase
            case startPhase(Phase)
            case stepReady(Step, Phase, startsOn: CalendarDate)
            case startStep(Step, Phase)
            case openOccurrence(Step, Int)
            case wakeUp(Step)
            case overdue(Step, occurrence: Int?)
            case remind(Step, occurrence: Int?, rule: Int)
            /// Still not done `escalate.after` past the due date.
            case escalate(Step, occurrence: Int?)
            /// The grace period after a due date ended with nothing recorded.
            case graceEnded(Step, occurrence: Int?)
            /// In a forecast: the step (or occurrence) is done, on its due date.
            case forecastDone(Step, occurrence: Int?)
        }

        var date: CalendarDate
        var kind: Kind
        /// Order among moments of one day: completions first, as they unblock others.
        var priority: Int
    }


    // MARK: - Helpers

    func phaseIndex(_ phase: Phase) -> Int {
        workflow.phases.firstIndex { $0.id.value == phase.id.value } ?? 0
    }

    func environment(today: CalendarDate, start: CalendarDate? = nil, due: CalendarDate? = nil, calendar: BusinessCalendar? = nil) -> EngineEnvironment {
        EngineEnvironment(workflow: workflow, fields: fields, progress: progress, businessCalendar: calendar ?? businessCalendar, today: today, start: start, due: due, outputsUnknown: forecasting)
    }

    /// What a step counts business days in: its own calendar, its phase's, or the
    /// workflow's.
    func calendar(of step: Step) -> BusinessCalendar {
        guard let s = layout.stepIndex[step.id.value] else { return businessCalendar }
        let phase = workflow.phases[layout.phaseOfStep[s]]
        return workflow.calendarChoice(of: step, in: phase).flatMap { calendars[$0.value] } ?? businessCalendar
    }

    /// What a phase's own dates count business days in.
    func calendar(of phase: Phase) -> BusinessCalendar {
        (phase.calendar ?? workflow.calendar).flatMap { calendars[$0.value] } ?? businessCalendar
    }

    /// The value of a date expression, or `nil` while something it needs is unknown.
    func date(_ expression: SourceExpression, today: CalendarDate, start: CalendarDate? = nil, due: CalendarDate? = nil, calendar: BusinessCalendar? = nil) throws(EngineError) -> CalendarDate? {
        do {
            if case .date(let date) = try ExpressionEvaluator.evaluate(expression.expression, in: environment(today: today, start: start, due: due, calendar: calendar)) {
                return date
            }
        } catch {
            throw EngineError(expression.diagnostic(.error, error.message, at: error.range).description, diagnostics: [expression.diagnostic(.error, error.message, at: error.range)])
        }
        // What a step records is never known in a plan: its dates wait for a case.
        guard strictDates, !readsOutputs(expression) else { return nil }
        // In a plan, a date that cannot be worked out stops the plan, saying why.
        let missing = expression.expression.references.map { $0.map(\.text).joined(separator: ".") }.filter { fields[$0] == nil && workflow.field($0) != nil }
        let message = missing.isEmpty
            ? "'\(expression.text)' has no date here"
            : "'\(expression.text)' needs field \(Suggestions.list(missing, conjunction: "and")), which has no value; give it with --field"
        throw EngineError(message, diagnostics: [.error(message, at: expression.location)])
    }

    /// Whether a condition holds; unknown values read as false (in a forecast, as true:
    /// the forecast assumes what nobody has answered yet, and says so in `assumptions`).
    mutating func holds(_ condition: SourceExpression, today: CalendarDate, what: String) throws(EngineError) -> Bool {
        do {
            if let truth = ExpressionEvaluator.truth(try ExpressionEvaluator.evaluate(condition.expression, in: environment(today: today))) { return truth }
            if forecasting { assumptions.append("\(what) runs only if \(condition.text); the plan assumes it does") }
            return forecasting
        } catch {
            throw EngineError(error.message, diagnostics: [condition.diagnostic(.error, error.message, at: error.range)])
        }
    }
}

/// A problem advancing or changing a case.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var message: String
    /// Positioned problems, for refused input from a file or a date a workflow cannot compute.
    public var diagnostics: [Diagnostic]

    public init(_ message: String, diagnostics: [Diagnostic] = []) {
        self.message = message
        self.diagnostics = diagnostics
    }

    public var description: String { message }
}
