public import SojournKit

/// Runs one plugin through a step's life without the engine or a database: start it,
/// record input, let dates pass, and look at its outcome and state after each call.
///
/// ```swift
/// var run = try PluginRun<TaskPlugin>(configuration: "checklist: [a, b]", started: CalendarDate("2027-01-04")!)
/// #expect(try run.start().status == .waiting)
/// #expect(try run.record("checked: [a]").outputs["checked"] == .number(1))
/// ```
public struct PluginRun<Plugin: StepPlugin> {
    public let configuration: Plugin.Configuration
    /// The plugin's state after the last call.
    public private(set) var state = Plugin.State()
    /// The case's fields and people, as the context carries them.
    public var fields: [String: PluginValue]
    /// What business days count in (default: weekends only).
    public var businessCalendar: BusinessCalendar = .weekendsOnly
    public var people: [String: String]
    public var started: CalendarDate
    public var due: CalendarDate?
    /// The case's other steps, as the plugin sees them, and as conditions over the case
    /// (`sessions.count >= 10`) and dates (`match.done + 2w`) in the settings read them.
    public var steps: [String: StepSnapshot] = [:]
    /// The roster and pairings.
    public var roster: any RosterService = EmptyRoster()

    /// Input that did not decode into the plugin's `Input`.
    public struct Refusal: Error, CustomStringConvertible {
        /// `file:line:column: error: message` for each problem.
        public var diagnostics: [String]
        public var description: String { diagnostics.joined(separator: "\n") }
    }

    /// Decodes and checks `configuration` (the body of `with:`) as the engine does.
    ///
    /// - Parameters:
    ///   - started: the day the step starts (`start` in the settings' dates).
    ///   - due: the step's due date, if it has one.
    ///   - fields: the case's field values; their names count as the workflow's fields,
    ///     besides `PluginHarness.defaultFields`.
    ///   - types: the types of those fields, for settings that need a field of a type and
    ///     for type-checking conditions and dates in the settings (a field without one
    ///     passes any check).
    ///   - people: who holds each role in the case.
    ///   - stepIDs: the workflow's other steps, for settings that name them.
    /// - Throws: `Refusal` when the configuration has errors.
    public init(configuration yaml: String = "{}", started: CalendarDate, due: CalendarDate? = nil, fields: [String: PluginValue] = [:], types: [String: FieldKind] = [:],
                people: [String: String] = [:], stepIDs: [String] = []) throws {
        // The fields and steps given are the workflow's, as far as the settings are concerned.
        let configured = PluginHarness<Plugin>.configure(
            yaml, fields: PluginHarness<Plugin>.defaultFields + fields.keys.sorted(),
            types: PluginHarness<Plugin>.defaultFieldTypes.merging(types) { _, given in given },
            stepIDs: PluginHarness<Plugin>.defaultStepIDs + stepIDs)
        guard let configuration = configured.configuration else { throw Refusal(diagnostics: configured.diagnostics) }
        self.configuration = configuration
        self.started = started
        self.due = due
        self.fields = fields
        self.people = people
    }

    private func context(today: CalendarDate?, occurrence: Int?, actor: String?) -> StepContext<Plugin.Configuration> {
        let environment = HarnessEnvironment(fields: fields, steps: steps, today: today ?? started, start: started, due: due, businessCalendar: businessCalendar)
        return StepContext(
            caseID: "test-case", stepID: "step", configuration: configuration, today: today ?? started, started: started,
            due: due, occurrence: occurrence, fields: fields, people: people, actor: actor, steps: StepSnapshots(steps), roster: roster,
            businessCalendar: businessCalendar, conditionEvaluator: { condition, values in
                if let values { return HarnessExpressions.evaluate(condition, values: values) }
                return environment.holds(condition)
            },
            dateEvaluator: { date in environment.date(date) })
    }

    /// The step (or occurrence `occurrence`) starts.
    public mutating func start(occurrence: Int? = nil, on date: CalendarDate? = nil) throws -> StepOutcome {
        let context = context(today: date, occurrence: occurrence, actor: nil)
        return try committingState { try Plugin.start(context, state: &$0) }
    }

    /// What the plugin's `check` finds in `yaml` as input, without a case: every problem.
    ///
    /// - Throws: `Refusal` when the input does not decode.
    public func check(_ yaml: String) throws -> [InputProblem] {
        Plugin.check(try decodeInput(yaml), configuration: configuration)
    }

    /// Someone records `yaml` as input: checked (`check`), then recorded, as the engine
    /// does.
    ///
    /// - Throws: `Refusal` when the input does not decode, `InputProblem` when the plugin
    ///   refuses it (the first problem `check` finds, else what `record` throws), or
    ///   whatever else the plugin throws.
    public mutating func record(_ yaml: String, by actor: String = "Tess Tester <tess@example.com>", occurrence: Int? = nil, on date: CalendarDate? = nil) throws -> StepOutcome {
        let input = try decodeInput(yaml)
        if let problem = Plugin.check(input, configuration: configuration).first { throw problem }
        let context = context(today: date, occurrence: occurrence, actor: actor)
        return try committingState { try Plugin.record(input, context: context, state: &$0) }
    }

    private func decodeInput(_ yaml: String) throws -> Plugin.Input {
        let node: Node
        do {
            node = try YAMLLoader().loadStream(SourceFile(path: "input.yaml", text: yaml)).first
                ?? Node(.mapping([]), at: SourceLocation(file: "input.yaml", line: 1, column: 1))
        } catch {
            throw Refusal(diagnostics: [error.description])
        }
        do {
            return try NodeDecoder().decode(Plugin.Input.self, from: node)
        } catch {
            throw Refusal(diagnostics: error.diagnostics.map(\.description))
        }
    }

    /// `date` has come (a wake-up the plugin asked for, or the due date passing).
    public mutating func pass(to date: CalendarDate, occurrence: Int? = nil) throws -> StepOutcome? {
        let context = context(today: date, occurrence: occurrence, actor: nil)
        return try committingState { try Plugin.timePassed(context, state: &$0) }
    }

    /// Runs `call` on a copy of the state and keeps the copy only if it returns, as the
    /// engine keeps a state only from a call that did not throw.
    private mutating func committingState<T>(_ call: (inout Plugin.State) throws -> T) throws -> T {
        var copy = state
        let result = try call(&copy)
        state = copy
        return result
    }
}
