/// The shape of the YAML a `Decodable` type reads: what `sojourn plugins` lists and the
/// JSON Schema describes for a plugin's `with:`.
public indirect enum ValueShape: Sendable, Hashable {
    case text
    /// Text with a meaning: a date, a condition, a date expression. `name` is what
    /// listings call it; `example` is a valid value (also the stand-in for a missing key).
    case formatted(name: String, example: String)
    case integer
    case number
    case boolean
    /// One of fixed words (a `String` enum that is `CaseIterable`).
    case choice([String])
    case list(ValueShape)
    /// A mapping with known keys.
    case mapping([ShapeKey])
    /// A mapping from any text key to values of one shape.
    case dictionary(ValueShape)
    /// Anything (the type reads it in its own way).
    case any
    /// One of several shapes (a value that may be written short or long).
    case oneOf([ValueShape])

    /// A short description for listings: `text`, `list of text`, `mapping`.
    public var summary: String {
        switch self {
        case .text: "text"
        case .formatted(let name, _): name
        case .integer: "whole number"
        case .number: "number"
        case .boolean: "true or false"
        case .choice(let words): words.joined(separator: " | ")
        case .list(let element): "list of \(element.summary)"
        case .mapping: "mapping"
        case .dictionary(let value): "mapping of name to \(value.summary)"
        case .any: "any value"
        case .oneOf(let shapes): shapes.map(\.summary).joined(separator: " or ")
        }
    }
}

/// One key of a mapping shape.
public struct ShapeKey: Sendable, Hashable {
    public var name: String
    public var shape: ValueShape
    public var required: Bool

    public init(name: String, shape: ValueShape, required: Bool) {
        self.name = name
        self.shape = shape
        self.required = required
    }
}

/// A type that states its own shape, for types that decode in their own way (a value
/// written either as text or as a mapping, say). `shapeExample` is any valid value.
public protocol ShapeDescribing {
    static var valueShape: ValueShape { get }
    static var shapeExample: Self { get }
}
