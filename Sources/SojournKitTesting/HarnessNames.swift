import SojournKit
import SojournLanguage

/// What names mean in a plugin's settings under the harness: the fields and steps a test
/// gives, checked by the same type rules as a workflow (`ExpressionTyper`). Like the
/// engine, `today` is only for conditions and `start` only for dates; unlike it,
/// steps' outputs are not known, so `<step>.<output>` has any type.
struct HarnessNames: ExpressionScope {
    enum Site { case condition, date }

    /// The workflow's fields, with their types where the test gives them.
    var fields: [String: FieldKind?]
    var stepIDs: [String]
    var site: Site

    func choices(of name: String) -> (name: String, options: [String])? { nil }

    func resolve(_ names: [Expression.Name], in source: SourceExpression) -> NameResolution {
        let first = names[0]
        let fullRange = first.range.lowerBound..<names[names.count - 1].range.upperBound
        switch first.text {
        case "today" where site == .condition:
            return NameHints.noParts(names, kind: "'today'") ?? .type(.date)
        case "today":
            return .problem("'today' can only be used in 'when:'; a date must not depend on the day the plan is made", at: first.range)
        case "start" where site == .date:
            return NameHints.noParts(names, kind: "'start'") ?? .type(.date)
        case "due" where site == .date:
            return .problem("'due' can only be used in 'remind:' of a step; here it would refer to itself", at: first.range)
        default:
            break
        }
        if let kind = fields[first.text] {
            return NameHints.noParts(names, kind: "field '\(first.text)'") ?? .type(kind?.expressionType ?? .any)
        }
        if stepIDs.contains(first.text) {
            let members = NameHints.stepMembers
            guard names.count == 2 else {
                let written = names.map(\.text).joined(separator: ".")
                let suggestions = Suggestions.list(members.map { "\(first.text).\($0)" } + ["\(first.text).<output>"])
                return .problem(names.count == 1 ? "'\(first.text)' is a step; write \(suggestions)" : "'\(written)' has too many parts; a step has \(suggestions)", at: fullRange)
            }
            switch names[1].text {
            case "count": return .type(.number)
            case "started", "done": return .type(.date)
            default: return .type(.any)
            }
        }
        let candidates = fields.keys.sorted() + stepIDs + (site == .condition ? ["today"] : ["start", "due"])
        return .problem(NameHints.unknownName(first.text, candidates: candidates,
                                              otherwise: "conditions and dates in settings can use fields, '<step>.<output>' and '<step>.done'"), at: first.range)
    }
}

/// Conditions and dates in a plugin's settings, checked and evaluated by the harness as
/// the engine would.
enum HarnessExpressions {
    /// Problems with a condition over the case (`names`), or a date in the settings.
    static func check(_ written: some WrittenExpression, names: HarnessNames, stepID: String, source: SourceFile?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let expression = SourceExpression.parse(written, source: source, into: &diagnostics) else { return diagnostics }
        var typer = ExpressionTyper(scope: names)
        switch names.site {
        case .condition: typer.check(expression, is: .boolean, description: "the 'when' of step '\(stepID)'")
        case .date: typer.check(expression, is: .date, description: "a date in the 'with' of step '\(stepID)'")
        }
        return diagnostics + typer.diagnostics
    }

    /// Whether a condition holds over the plugin's own `values`; `nil` when it cannot be read.
    static func evaluate(_ condition: Condition, values: [String: PluginValue]) -> Bool? {
        guard let expression = try? ExpressionParser.parse(condition.text) else { return nil }
        let environment = ValueEnvironment(values: values, businessCalendar: .weekendsOnly)
        return (try? ExpressionEvaluator.evaluate(expression, in: environment)).flatMap(ExpressionEvaluator.truth)
    }
}
