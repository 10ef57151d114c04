/// A date written in a plugin's settings in the workflow language: `return + 30d`,
/// `start + 8w` (the step's start), `visa.expires - 60d`, `2027-06-01`. The engine checks
/// it when the workflow is validated (names, and that it is a date) and works it out for
/// the plugin at run time, counting business days (`bd`) in the step's calendar.
///
/// ```swift
/// struct Configuration: Decodable, Sendable { var validUntil: DateExpression }
/// // validate:    context.check(configuration.validUntil)
/// // at run time: context.date(of: configuration.validUntil)   // nil while unknown
/// ```
public struct DateExpression: WrittenExpression {
    /// The expression's text.
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

    /// The same text as a condition, for the engine's checker and parser.
    public var asCondition: Condition { Condition(text, location: location, style: style) }

    public static var shapeExample: DateExpression { DateExpression("start + 8w") }
    public static var shapeName: String { "date expression" }
}
