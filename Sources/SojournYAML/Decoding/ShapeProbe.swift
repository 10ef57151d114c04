/// Finds the shape of a `Decodable` type by decoding it from a recording decoder that
/// answers every question with a placeholder value and notes what was asked.
///
/// This works for synthesized `Decodable` conformances and most hand-written ones. A
/// type whose `init(from:)` rejects placeholder values shows as `any`; such types can
/// conform to `ShapeDescribing`.
public enum ShapeProbe {
    /// The shape `T` reads.
    public static func shape<T: Decodable>(of type: T.Type) -> ValueShape {
        let box = ShapeBox()
        _ = try? ShapeProbeDecoder(box: box).probe(T.self)
        return box.shape
    }
}

/// Collects what one value's decoding asked for.
final class ShapeBox {
    enum Kind { case unknown, mapping, list, fixed }
    var kind = Kind.unknown
    var fixed = ValueShape.any
    var keys: [ShapeKey] = []
    var element: ShapeBox?
    var dictionaryValue: ShapeBox?

    var shape: ValueShape {
        switch kind {
        case .unknown: return .any
        case .fixed: return fixed
        case .list: return .list(element?.shape ?? .any)
        case .mapping:
            if let dictionaryValue { return .dictionary(dictionaryValue.shape) }
            return .mapping(keys)
        }
    }

    func record(_ name: String, _ shape: ValueShape, required: Bool) {
        if let index = keys.firstIndex(where: { $0.name == name }) {
            keys[index] = ShapeKey(name: name, shape: shape, required: required && keys[index].required)
        } else {
            keys.append(ShapeKey(name: name, shape: shape, required: required))
        }
    }
}

final class ShapeProbeDecoder: Decoder {
    let box: ShapeBox
    /// How deep in the type the probe is; a recursive type stops here as `any`.
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    struct TooDeep: Error {}

    init(box: ShapeBox, depth: Int = 0) {
        self.box = box
        self.depth = depth
    }

    func probe<T: Decodable>(_ type: T.Type) throws -> T {
        guard depth < 12 else { throw TooDeep() }
        if let described = T.self as? any ShapeDescribing.Type {
            box.kind = .fixed
            box.fixed = described.valueShape
            return described.shapeExample as! T
        }
        if let choices = T.self as? any CaseIterable.Type, let found = Self.choices(choices) {
            box.kind = .fixed
            box.fixed = .choice(found.names)
            return found.first as! T
        }
        switch T.self {
        case is String.Type: box.kind = .fixed; box.fixed = .text; return "" as! T
        case is Int.Type: box.kind = .fixed; box.fixed = .integer; return 0 as! T
        case is Double.Type: box.kind = .fixed; box.fixed = .number; return 0.0 as! T
        case is Bool.Type: box.kind = .fixed; box.fixed = .boolean; return false as! T
        default: return try T(from: self)
        }
    }

    private static func choices<C: CaseIterable>(_ type: C.Type) -> (names: [String], first: Any)? {
        guard let first = C.allCases.first else { return nil }
        let names = C.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return names.count == C.allCases.count ? (names, first) : nil
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        box.kind = .mapping
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(box: box, depth: depth))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        box.kind = .list
        return ProbeUnkeyedContainer(box: box, depth: depth)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(decoder: self)
    }
}

struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let box: ShapeBox
    var depth = 0
    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] {
        guard let key = Key(stringValue: "name") else { return [] }
        if box.dictionaryValue == nil { box.dictionaryValue = ShapeBox() }
        return [key]
    }

    func contains(_ key: Key) -> Bool {
        if box.dictionaryValue == nil, !box.keys.contains(where: { $0.name == key.stringValue }) {
            box.record(key.stringValue, .any, required: false)
        }
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool { false }

    private func child<T: Decodable>(_ type: T.Type, _ key: Key, required: Bool) throws -> T {
        if let dictionaryValue = box.dictionaryValue {
            return try ShapeProbeDecoder(box: dictionaryValue, depth: depth + 1).probe(T.self)
        }
        let child = ShapeBox()
        defer { box.record(key.stringValue, child.shape, required: required) }
        return try ShapeProbeDecoder(box: child, depth: depth + 1).probe(T.self)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(T.self, key, required: true) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try? child(T.self, key, required: false) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let child = ShapeBox()
        child.kind = .mapping
        box.record(key.stringValue, .mapping([]), required: true)
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(box: child, depth: depth + 1))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let child = ShapeBox()
        child.kind = .list
        box.record(key.stringValue, .list(.any), required: true)
        return ProbeUnkeyedContainer(box: child, depth: depth + 1)
    }

    func superDecoder() throws -> any Decoder { ShapeProbeDecoder(box: box) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ShapeProbeDecoder(box: ShapeBox()) }
}

struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let box: ShapeBox
    var depth = 0
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        let element = ShapeBox()
        box.element = element
        return try ShapeProbeDecoder(box: element, depth: depth + 1).probe(T.self)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        let element = ShapeBox()
        element.kind = .mapping
        box.element = element
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(box: element))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        let element = ShapeBox()
        element.kind = .list
        box.element = element
        return ProbeUnkeyedContainer(box: element)
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        let element = ShapeBox()
        box.element = element
        return ShapeProbeDecoder(box: element)
    }
}

struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: ShapeProbeDecoder
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    private func fixed<T>(_ shape: ValueShape, _ value: T) -> T {
        decoder.box.kind = .fixed
        decoder.box.fixed = shape
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool { fixed(.boolean, false) }
    func decode(_ type: String.Type) throws -> String { fixed(.text, "") }
    func decode(_ type: Double.Type) throws -> Double { fixed(.number, 0) }
    func decode(_ type: Float.Type) throws -> Float { fixed(.number, 0) }
    func decode(_ type: Int.Type) throws -> Int { fixed(.integer, 0) }
    func decode(_ type: Int8.Type) throws -> Int8 { fixed(.integer, 0) }
    func decode(_ type: Int16.Type) throws -> Int16 { fixed(.integer, 0) }
    func decode(_ type: Int32.Type) throws -> Int32 { fixed(.integer, 0) }
    func decode(_ type: Int64.Type) throws -> Int64 { fixed(.integer, 0) }
    func decode(_ type: UInt.Type) throws -> UInt { fixed(.integer, 0) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { fixed(.integer, 0) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { fixed(.integer, 0) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { fixed(.integer, 0) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { fixed(.integer, 0) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.probe(T.self) }
}
