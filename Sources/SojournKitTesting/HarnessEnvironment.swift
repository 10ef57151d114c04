import SojournKit
import SojournLanguage

/// What names mean when the harness evaluates a condition over the case or a date in a
/// plugin's settings, as the engine's do: fields, `today`, the step's own `start` and
/// `due`, and `<step>.started|done|count|<output>` from the steps a test gives. What is
/// not known is `null`.
struct HarnessEnvironment: ExpressionEnvironment {
    var fields: [String: PluginValue]
    var steps: [String: StepSnapshot]
    var today: CalendarDate
    var start: CalendarDate
    var due: CalendarDate?
    var businessCalendar: BusinessCalendar

    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        let first = names[0].text
        switch first {
        case "today": return .date(today)
        case "start": return .date(start)
        case "due": return due.map(Value.date) ?? .null
        default: break
        }
        if let field = fields[first] { return Value(field) }
        guard let step = steps[first], names.count > 1 else { return .null }
        switch names[1].text {
        case "started": return step.started.map(Value.date) ?? .null
        case "done": return step.finished.map(Value.date) ?? .null
        case "count": return .number(Double(step.count))
        default: return step.outputs[names[1].text].map(Value.init) ?? .null
        }
    }

    /// Whether `condition` holds; `nil` when it cannot be worked out.
    func holds(_ condition: Condition) -> Bool? {
        guard let expression = try? ExpressionParser.parse(condition.text) else { return nil }
        return (try? ExpressionEvaluator.evaluate(expression, in: self)).flatMap(ExpressionEvaluator.truth)
    }

    /// The date `date` stands for; `nil` when it cannot be worked out.
    func date(_ date: DateExpression) -> CalendarDate? {
        guard let expression = try? ExpressionParser.parse(date.text),
              case .date(let result)? = try? ExpressionEvaluator.evaluate(expression, in: self) else { return nil }
        return result
    }
}
