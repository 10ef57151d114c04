/// An expression written in a plugin's settings in the workflow language (a `Condition`,
/// a `DateExpression`): its text, where it is, and how the scalar was written, so the
/// engine can point inside it. Decoded from `with:` like any value.
public protocol WrittenExpression: Decodable, Sendable, Hashable, ShapeDescribing {
    /// The expression's text.
    var text: String { get }
    /// Where it is written.
    var location: SourceLocation? { get }
    /// How the scalar was written (plain, quoted).
    var style: Scalar.Style? { get }

    init(_ text: String, location: SourceLocation?, style: Scalar.Style?)

    /// What `sojourn plugins` calls a value of this type: `condition`, `date expression`.
    static var shapeName: String { get }
}

extension WrittenExpression {
    public init(from decoder: any Decoder) throws {
        let node = decoder.sourceNode
        let container = try decoder.singleValueContainer()
        self.init(try container.decode(String.self), location: node?.location, style: node?.scalar?.style)
    }

    public static var valueShape: ValueShape { .formatted(name: shapeName, example: shapeExample.text) }
}
