public import SojournKit

/// Calls a step's plugin through its type-erased configuration, decoding and encoding
/// the plugin's state around each call. Errors a plugin throws become failed outcomes;
/// input a plugin refuses becomes a `RecordRefusal`.
struct PluginInvocation {
    let configuration: StepConfiguration

    /// The parts of a step context that do not depend on the plugin's types.
    struct Context {
        var caseID: String
        var stepID: String
        var today: CalendarDate
        var started: CalendarDate
        var due: CalendarDate?
        var occurrence: Int?
        var fields: [String: PluginValue]
        var people: [String: String]
        var actor: String?
        var steps: StepSnapshots
        var roster: any RosterService
        var calendar: BusinessCalendar
        var evaluator: @Sendable (Condition, [String: PluginValue]?) -> Bool?
        var dates: @Sendable (DateExpression) -> CalendarDate? = { _ in nil }
    }

    func start(_ context: Context, state: PluginValue?) -> (StepOutcome, PluginValue?) {
        func call<P: StepPlugin>(_ plugin: P.Type) -> (StepOutcome, PluginValue?) {
            guard var pluginState = Self.decodeState(P.State.self, state) else {
                return (.failed("the stored state of plugin '\(P.name)' cannot be read"), state)
            }
            do {
                let outcome = try P.start(typed(context, P.self), state: &pluginState)
                return (outcome, Self.encodeState(pluginState))
            } catch {
                return (.failed(Self.describe(error)), state)
            }
        }
        return call(configuration.plugin)
    }

    func timePassed(_ context: Context, state: PluginValue?) -> (StepOutcome?, PluginValue?) {
        func call<P: StepPlugin>(_ plugin: P.Type) -> (StepOutcome?, PluginValue?) {
            guard var pluginState = Self.decodeState(P.State.self, state) else {
                return (.failed("the stored state of plugin '\(P.name)' cannot be read"), state)
            }
            do {
                let outcome = try P.timePassed(typed(context, P.self), state: &pluginState)
                return (outcome, Self.encodeState(pluginState))
            } catch {
                return (.failed(Self.describe(error)), state)
            }
        }
        return call(configuration.plugin)
    }

    /// Whether `input` decodes into the plugin's `Input`: what can be said of input
    /// before the case is at hand (`record --from` checks every line first).
    func check(_ input: Node) -> [Diagnostic] {
        func decode<P: StepPlugin>(_ plugin: P.Type) -> [Diagnostic] {
            do {
                let decoded = try NodeDecoder().decode(P.Input.self, from: input)
                return Self.diagnostics(P.check(decoded, configuration: configuration.value as! P.Configuration), in: input)
            } catch {
                return error.diagnostics
            }
        }
        return decode(configuration.plugin)
    }

    /// The roles the plugin says its step involves.
    var roles: [String] {
        func call<P: StepPlugin>(_ plugin: P.Type) -> [String] {
            guard let configuration = configuration.value as? P.Configuration else { return [] }
            return P.roles(for: configuration)
        }
        return call(configuration.plugin)
    }

    /// The outputs the plugin says a case's early ending implies for its step.
    func caseEnded(_ ending: CaseEnding) -> [String: PluginValue] {
        func call<P: StepPlugin>(_ plugin: P.Type) -> [String: PluginValue] {
            guard let configuration = configuration.value as? P.Configuration else { return [:] }
            return P.caseEnded(ending, configuration: configuration)
        }
        return call(configuration.plugin)
    }

    /// The input keys the plugin keeps out of the history.
    var privateInputKeys: Set<String> { configuration.plugin.privateInputKeys }

    /// A plugin's input problems, each at the value of its key (else at the input).
    private static func diagnostics(_ problems: [InputProblem], in input: Node) -> [Diagnostic] {
        problems.map { problem in .error(problem.message, at: problem.key.flatMap { input[$0]?.location } ?? input.location) }
    }

    /// Decodes `input` into the plugin's `Input` and records it.
    ///
    /// - Throws: `RecordRefusal` for input that does not decode or that the plugin refuses.
    func record(_ input: Node, _ context: Context, state: PluginValue?) throws(RecordRefusal) -> (StepOutcome, PluginValue?) {
        func call<P: StepPlugin>(_ plugin: P.Type) throws(RecordRefusal) -> (StepOutcome, PluginValue?) {
            let decoded: P.Input
            do {
                decoded = try NodeDecoder().decode(P.Input.self, from: input)
            } catch {
                throw RecordRefusal(diagnostics: error.diagnostics)
            }
            let problems = P.check(decoded, configuration: configuration.value as! P.Configuration)
            guard problems.isEmpty else { throw RecordRefusal(diagnostics: Self.diagnostics(problems, in: input)) }
            guard var pluginState = Self.decodeState(P.State.self, state) else {
                return (.failed("the stored state of plugin '\(P.name)' cannot be read"), state)
            }
            do {
                let outcome = try P.record(decoded, context: typed(context, P.self), state: &pluginState)
                return (outcome, Self.encodeState(pluginState))
            } catch let problem as InputProblem {
                throw RecordRefusal(diagnostics: Self.diagnostics([problem], in: input))
            } catch {
                return (.failed(Self.describe(error)), state)
            }
        }
        return try call(configuration.plugin)
    }

    private func typed<P: StepPlugin>(_ context: Context, _ plugin: P.Type) -> StepContext<P.Configuration> {
        StepContext(
            caseID: context.caseID, stepID: context.stepID, configuration: configuration.value as! P.Configuration,
            today: context.today, started: context.started, due: context.due, occurrence: context.occurrence,
            fields: context.fields, people: context.people, actor: context.actor,
            steps: context.steps, roster: context.roster, businessCalendar: context.calendar, conditionEvaluator: context.evaluator,
            dateEvaluator: context.dates)
    }

    private static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        return text.isEmpty ? "the plugin failed without saying why" : text
    }

    /// The plugin's state from its stored form; a fresh state when there is none, `nil`
    /// when what is stored does not fit the plugin's `State` (the step then fails).
    static func decodeState<S: PluginState>(_ type: S.Type, _ value: PluginValue?) -> S? {
        guard let value else { return S() }
        return try? PluginValueDecoder().decode(S.self, from: value)
    }

    /// The plugin's state in its stored form; `nil` for plugins that keep none.
    static func encodeState<S: PluginState>(_ state: S) -> PluginValue? {
        if state is NoState { return nil }
        return try? PluginValueEncoder().encode(state)
    }
}

/// Recorded input that was refused: nothing is stored.
public struct RecordRefusal: Error, Sendable {
    /// What is wrong, positioned in the input when it came from a file.
    public var diagnostics: [Diagnostic]
}
