/// What a plugin is told when the engine calls it: its configuration, the dates of the
/// step, the case's fields and people. Plugins read the world only through this.
public struct StepContext<Configuration: Sendable>: Sendable {
    /// The case's id.
    public let caseID: String
    /// The step's id.
    public let stepID: String
    /// The step's decoded `with:`.
    public let configuration: Configuration
    /// The date of the call: the day the step started, the day input was recorded, or the
    /// day a date passed.
    public let today: CalendarDate
    /// When the step started (for a repeating step, when this occurrence opened).
    public let started: CalendarDate
    /// When it is due, if it has a due date.
    public let due: CalendarDate?
    /// The occurrence number, for a repeating step.
    public let occurrence: Int?
    /// The case's field values.
    public let fields: [String: PluginValue]
    /// The people bound to the case's roles (`mentor` → `Ana Lima <ana@example.com>`).
    public let people: [String: String]
    /// Who is recording input, for `record` calls.
    public let actor: String?
    /// The case's other steps, by id.
    public let steps: StepSnapshots
    /// The roster and pairings, read only.
    public let roster: any RosterService
    /// What the step counts business days in (`bd`): its own, its phase's or the
    /// workflow's calendar, with the case's country's holidays.
    public let businessCalendar: BusinessCalendar
    private let conditionEvaluator: @Sendable (Condition, [String: PluginValue]?) -> Bool?
    private let dateEvaluator: @Sendable (DateExpression) -> CalendarDate?

    /// Works out a date expression from the settings over the case, as `due:` would:
    /// `start` is `started`, business days count in `businessCalendar`. `nil` while
    /// something it needs is unknown (an output not yet recorded).
    public func date(of expression: DateExpression) -> CalendarDate? {
        dateEvaluator(expression)
    }

    /// Evaluates a condition from the settings: over `values` (a questionnaire's answers)
    /// when given, else over the case (as `when:` would). `nil` when it cannot be decided.
    public func holds(_ condition: Condition, given values: [String: PluginValue]? = nil) -> Bool? {
        conditionEvaluator(condition, values)
    }

    /// Creates a context; the engine and the test harness do this.
    public init(
        caseID: String, stepID: String, configuration: Configuration, today: CalendarDate, started: CalendarDate,
        due: CalendarDate?, occurrence: Int?, fields: [String: PluginValue], people: [String: String], actor: String?,
        steps: StepSnapshots = StepSnapshots(), roster: any RosterService = EmptyRoster(),
        businessCalendar: BusinessCalendar = .weekendsOnly,
        conditionEvaluator: @escaping @Sendable (Condition, [String: PluginValue]?) -> Bool? = { _, _ in nil },
        dateEvaluator: @escaping @Sendable (DateExpression) -> CalendarDate? = { _ in nil }
    ) {
        self.dateEvaluator = dateEvaluator
        self.businessCalendar = businessCalendar
        self.steps = steps
        self.roster = roster
        self.conditionEvaluator = conditionEvaluator
        self.caseID = caseID
        self.stepID = stepID
        self.configuration = configuration
        self.today = today
        self.started = started
        self.due = due
        self.occurrence = occurrence
        self.fields = fields
        self.people = people
        self.actor = actor
    }
}
