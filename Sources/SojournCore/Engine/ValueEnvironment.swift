import SojournKit

/// Names as a plugin's own values (a questionnaire's answers).
struct ValueEnvironment: ExpressionEnvironment {
    let values: [String: PluginValue]
    let businessCalendar: BusinessCalendar

    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        values[names[0].text].map(Value.init) ?? .null
    }
}
