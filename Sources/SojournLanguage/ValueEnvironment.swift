public import SojournKit

/// Names as a plugin's own values (a questionnaire's answers), or as any flat set of
/// values: a name's value is `values[name]`, `null` when absent.
public struct ValueEnvironment: ExpressionEnvironment {
    public let values: [String: PluginValue]
    public let businessCalendar: BusinessCalendar

    /// An environment over `values`, counting business days in `businessCalendar`.
    public init(values: [String: PluginValue], businessCalendar: BusinessCalendar) {
        self.values = values
        self.businessCalendar = businessCalendar
    }

    public func value(of names: [Expression.Name]) throws(EvaluationError) -> Value {
        values[names[0].text].map(Value.init) ?? .null
    }
}
