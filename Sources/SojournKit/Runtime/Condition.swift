/// A condition written in a plugin's settings (a questionnaire's `eligible_if:`, a
/// recognition's criteria), in the same language as `when:`. The engine checks it when
/// the workflow is validated and evaluates it for the plugin at run time.
///
/// ```swift
/// struct Configuration: Decodable, Sendable { var eligibleIf: Condition? }
/// // validate:  context.check(configuration.eligibleIf!, scope: .values(["stay": .number]))
/// // at run time: context.holds(configuration.eligibleIf!, given: ["stay": .number(18)])
/// ```
public struct Condition: WrittenExpression {
    /// The condition's text.
    public let text: String
    /// Where it is written.
    public let location: SourceLocation?
    /// How the scalar was written, so problems inside the text can be pointed at.
    public let style: Scalar.Style?

    public init(_ text: String, location: SourceLocation? = nil, style: Scalar.Style? = .plain) {
        self.text = text
        self.location = location
        self.style = style
    }

    public static var shapeExample: Condition { Condition("true") }
    public static var shapeName: String { "condition" }
}

/// What the names in a plugin's condition mean.
public enum ConditionScope: Sendable, Hashable {
    /// Only these names, with the kind of each: a questionnaire's answers.
    case values([String: OutputDescription.Kind])
    /// The case's names, as in `when:`: fields, `<step>.<output>`, `<step>.count`, dates.
    case caseWide
}
