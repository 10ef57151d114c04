/// The `Decoder` for one node.
final class NodeDecoderImplementation: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    let session: DecodingSession
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, codingPath: [any CodingKey], session: DecodingSession) {
        self.node = node
        self.codingPath = codingPath
        self.session = session
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let pairs = node.mapping else {
            throw DecodingMessages.notAMapping(node)
        }
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self, pairs: pairs))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let items = node.sequence else {
            throw DecodingMessages.notAList(node)
        }
        return NodeUnkeyedContainer(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        NodeSingleValueContainer(decoder: self)
    }

    /// A decoder for a child node.
    func child(_ node: Node, key: any CodingKey) -> NodeDecoderImplementation {
        NodeDecoderImplementation(node: node, codingPath: codingPath + [key], session: session)
    }

    /// Decodes `T` from this decoder's node, turning whatever is thrown into a
    /// diagnostic at this node.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            if let primitive = try decodePrimitive(T.self) { return primitive }
            return try T(from: self)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Self.message(for: error, type: T.self, node: node)
        }
    }

    private func decodePrimitive<T>(_ type: T.Type) throws -> T? {
        let single = NodeSingleValueContainer(decoder: self)
        switch type {
        case is String.Type: return try single.decode(String.self) as? T
        case is Int.Type: return try single.decode(Int.self) as? T
        case is Double.Type: return try single.decode(Double.self) as? T
        case is Bool.Type: return try single.decode(Bool.self) as? T
        default: return nil
        }
    }

    /// Rewords errors thrown by `init(from:)`, for example a `String` enum's unknown case.
    private static func message<T>(for error: any Error, type: T.Type, node: Node) -> Diagnostic {
        if let choices = T.self as? any CaseIterable.Type, let text = node.text {
            let names = choiceNames(choices)
            if !names.isEmpty, !names.contains(text) {
                return DecodingMessages.unknownChoice(node, names: names)
            }
        }
        return DecodingSession.diagnostic(for: error, at: node)
    }

    private static func choiceNames<C: CaseIterable>(_ type: C.Type) -> [String] {
        C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
    }
}

/// The location of the node a decoder is reading, for types that want to keep it.
extension Decoder {
    /// Where the value being decoded starts, when decoding from a YAML node.
    public var sourceLocation: SourceLocation? {
        (self as? NodeDecoderImplementation)?.node.location
    }

    /// The node being decoded, when decoding from a YAML node.
    public var sourceNode: Node? {
        (self as? NodeDecoderImplementation)?.node
    }

    /// An error positioned at the value being decoded, for a type's own checks in `init(from:)`.
    public func problem(_ message: String) -> any Error {
        Diagnostic.error(message, at: sourceLocation)
    }
}
