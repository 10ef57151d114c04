public import SojournKit

/// Conditions in plugins' settings outside a workflow: what the plugin test harness uses
/// to check and evaluate them as the engine would.
public enum PluginConditions {
    /// Problems with a condition over values of the given kinds.
    public static func check(_ condition: Condition, kinds: [String: OutputDescription.Kind]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let expression = ConditionCheck.parse(condition, source: nil, into: &diagnostics) else { return diagnostics }
        let empty = Workflow(
            id: Located("conditions"), title: "", summary: nil, version: nil, calendar: nil, fields: [], roles: [],
            phases: [Phase(id: Located("phase"), title: nil, summary: nil, after: nil, start: nil, when: nil, steps: [], calendar: nil, location: expression.location)],
            source: SourceFile(path: expression.location.file, text: ""), location: expression.location)
        var checker = ExpressionChecker(workflow: empty, outputs: [:], valueScope: kinds.mapValues(\.expressionType))
        checker.check(expression, at: ExpressionSite(key: .when, phase: empty.phases[0], step: nil))
        return diagnostics + checker.diagnostics
    }

    /// Whether a condition holds over `values`; `nil` when it cannot be read.
    public static func evaluate(_ condition: Condition, values: [String: PluginValue]) -> Bool? {
        guard let expression = try? ExpressionParser.parse(condition.text) else { return nil }
        let environment = ValueEnvironment(values: values, businessCalendar: .weekendsOnly)
        return (try? ExpressionEvaluator.evaluate(expression, in: environment)).flatMap(ExpressionEvaluator.truth)
    }

    /// Problems with a date expression from plugin settings outside a workflow: its
    /// syntax, and names that are neither `start`, `due`, `today`, one of `fields` nor
    /// `<step>.<member>` of one of `stepIDs`. (In a workflow the engine also checks types
    /// and the steps' outputs.) `source`, the settings' file, lets problems point inside it.
    public static func check(_ date: DateExpression, fields: [String], stepIDs: [String] = [], source: SourceFile? = nil) -> [Diagnostic] {
        checkNames(date, known: fields + ["start", "due", "today"], fields: fields, stepIDs: stepIDs, source: source)
    }

    /// Problems with a condition over the case, outside a workflow: its syntax, and names
    /// that are neither fields, `today` nor `<step>.<member>` of one of `stepIDs`.
    public static func checkCaseWide(_ condition: Condition, fields: [String], stepIDs: [String], source: SourceFile? = nil) -> [Diagnostic] {
        checkNames(condition, known: fields + ["today"], fields: fields, stepIDs: stepIDs, source: source)
    }

    /// Syntax, then each name: one part must be in `known`, two parts must start with a
    /// step (or a field).
    private static func checkNames(_ written: some WrittenExpression, known: [String], fields: [String], stepIDs: [String], source: SourceFile?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let condition = Condition(written.text, location: written.location, style: written.style)
        guard let expression = ConditionCheck.parse(condition, source: source, into: &diagnostics) else { return diagnostics }
        for names in expression.expression.references {
            let first = names[0].text
            let range = names[0].range.lowerBound..<names[names.count - 1].range.upperBound
            if names.count == 1 {
                guard !known.contains(first) else { continue }
                diagnostics.append(expression.diagnostic(.error, "unknown name '\(first)'\(Suggestions.didYouMean(first, among: known.filter { $0 != "today" && $0 != "due" }))", at: range))
            } else if !stepIDs.contains(first), !fields.contains(first) {
                diagnostics.append(expression.diagnostic(.error, "unknown step '\(first)'\(Suggestions.didYouMean(first, among: stepIDs))", at: range))
            }
        }
        return diagnostics
    }

    /// The value of a date expression over `values` (`start`, `due` and fields); `nil`
    /// when it cannot be worked out.
    public static func evaluate(_ date: DateExpression, values: [String: PluginValue], calendar: BusinessCalendar = .weekendsOnly) -> CalendarDate? {
        guard let expression = try? ExpressionParser.parse(date.text),
              case .date(let result)? = try? ExpressionEvaluator.evaluate(expression, in: ValueEnvironment(values: values, businessCalendar: calendar)) else { return nil }
        return result
    }
}
