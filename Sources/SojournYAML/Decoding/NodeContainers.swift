/// A keyed container over a mapping node's pairs.
struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoderImplementation
    let pairs: [Node.Pair]
    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.session.noteAllKeysRead(in: decoder.node)
        return pairs.compactMap { $0.key.text.flatMap(Key.init(stringValue:)) }
    }

    private func value(for key: Key) -> Node? {
        decoder.session.noteAsked(key.stringValue, in: decoder.node)
        return pairs.first { $0.key.text == key.stringValue }?.value
    }

    private func required(_ key: Key) throws -> Node {
        guard let node = value(for: key) else {
            throw DecodingMessages.missingKey(key.stringValue, in: decoder.node)
        }
        return node
    }

    func contains(_ key: Key) -> Bool { value(for: key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = value(for: key) else { return true }
        return node.scalar != nil && node.resolvedValue == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(try required(key), key: key).decodeValue(T.self)
    }

    /// An absent or null key is `nil`; a wrong value is recorded and read as `nil`, so
    /// decoding goes on and reports every such problem at once.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = value(for: key), !(node.scalar != nil && node.resolvedValue == .null && node.tag == nil) else { return nil }
        do {
            return try decoder.child(node, key: key).decodeValue(T.self)
        } catch {
            decoder.session.problems.append(DecodingSession.diagnostic(for: error, at: node))
            return nil
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try required(key), key: key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try required(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(try required(key), key: key)
    }

    // The primitive overloads route through `decode<T>`, which handles primitives.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(String.self as String.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(Int.self as Int.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(Double.self as Double.Type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(Bool.self as Bool.Type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decoder.child(try required(key), key: key).decodeValue(T.self)
    }
}

/// An index in a list, as a coding key.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// An unkeyed container over a sequence node's items.
struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoderImplementation
    let items: [Node]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (Node, IndexKey) {
        guard !isAtEnd else {
            throw Diagnostic.error("the list has too few items", at: decoder.node.location)
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].scalar != nil, items[currentIndex].resolvedValue == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (node, key) = try next()
        return try decoder.child(node, key: key).decodeValue(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (node, key) = try next()
        return try decoder.child(node, key: key).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (node, key) = try next()
        return try decoder.child(node, key: key).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (node, key) = try next()
        return decoder.child(node, key: key)
    }
}

/// A single-value container over a scalar node.
struct NodeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoderImplementation
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var node: Node { decoder.node }

    func decodeNil() -> Bool { node.scalar != nil && node.resolvedValue == .null }

    private func mismatch(_ expected: String, hint: String = "") -> Diagnostic {
        DecodingMessages.mismatch(expected, node, hint: hint)
    }

    func decode(_ type: String.Type) throws -> String {
        guard let scalar = node.scalar, !decodeNil() else { throw mismatch("text") }
        return scalar.text
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        if case .bool(let value) = node.resolvedValue, node.scalar != nil { return value }
        throw mismatch("true or false", hint: DecodingMessages.booleanHint(node))
    }

    func decode(_ type: Int.Type) throws -> Int {
        if case .int(let value) = node.resolvedValue, node.scalar != nil { return value }
        throw mismatch("a whole number")
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch node.resolvedValue {
        case .int(let value) where node.scalar != nil: return Double(value)
        case .float(let value) where node.scalar != nil: return value
        default: throw mismatch("a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int8.Type) throws -> Int8 { try narrow(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try narrow(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try narrow(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try narrow(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try narrow(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try narrow(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try narrow(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try narrow(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try narrow(UInt64.self) }

    private func narrow<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try decode(Int.self)
        guard let narrowed = T(exactly: value) else {
            throw Diagnostic.error("\(value) is out of range (\(T.min) to \(T.max))", at: node.location, length: node.text?.count ?? 1)
        }
        return narrowed
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(T.self)
    }
}
