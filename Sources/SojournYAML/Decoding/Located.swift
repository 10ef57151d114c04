/// A decoded value together with where it was written, so later checks can point at it.
///
/// ```swift
/// struct Config: Decodable { var roles: [Located<String>] }
/// // later: Diagnostic.error("unknown role '\(role.value)'", at: role.location)
/// ```
public struct Located<Value> {
    /// The value.
    public var value: Value
    /// Where it starts in the source; `nil` when it was not read from a file.
    public var location: SourceLocation?

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation? = nil) {
        self.value = value
        self.location = location
    }
}

extension Located: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let location = decoder.sourceLocation
        let value: Value
        if let implementation = decoder as? NodeDecoderImplementation {
            value = try implementation.decodeValue(Value.self)
        } else if let probe = decoder as? ShapeProbeDecoder {
            // The value's own shape (an enum's choices), not that of its first question.
            value = try probe.probe(Value.self)
        } else {
            value = try Value(from: decoder)
        }
        self.init(value, at: location)
    }
}

extension Located: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
