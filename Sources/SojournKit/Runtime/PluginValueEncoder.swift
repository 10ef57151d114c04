/// Encodes any `Encodable` (a plugin's `State`) into a `PluginValue` tree, which is then
/// stored as compact JSON: plugin state is written without Foundation's coders.
///
/// Keyed containers become objects, unkeyed ones lists, `nil` optionals are left out (as
/// `JSONEncoder` does), numbers become numbers and `CalendarDate`s their text.
///
/// ```swift
/// let value = try PluginValueEncoder().encode(state)       // .object([...])
/// let again = try PluginValueDecoder().decode(State.self, from: value)
/// ```
public struct PluginValueEncoder {
    public init() {}

    /// - Throws: `EncodingError` when the value encodes nothing at all.
    public func encode<T: Encodable>(_ value: T) throws -> PluginValue {
        let slot = Slot()
        try slot.store(value, codingPath: [])
        guard let result = slot.materialized else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) encoded nothing"))
        }
        return result
    }
}

/// A place a value is encoded into; containers hold slots, and the finished tree is
/// turned into a `PluginValue` once, at the end.
private final class Slot {
    enum Content {
        case plain(PluginValue)
        case object(ObjectNode)
        case list(ListNode)
    }

    var content: Content?

    var materialized: PluginValue? {
        switch content {
        case nil: nil
        case .plain(let value)?: value
        case .object(let node)?: .object(node.pairs.compactMapValues(\.materialized))
        case .list(let node)?: .list(node.items.map { $0.materialized ?? .null })
        }
    }

    /// Encodes `value` here: plain values directly, others through an encoder.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let plain = plainValue(value) {
            content = .plain(plain)
        } else {
            try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
        }
    }

    /// The object in this slot, made one if it is not.
    var object: ObjectNode {
        if case .object(let node)? = content { return node }
        let node = ObjectNode()
        content = .object(node)
        return node
    }

    /// The list in this slot, made one if it is not.
    var list: ListNode {
        if case .list(let node)? = content { return node }
        let node = ListNode()
        content = .list(node)
        return node
    }
}

/// The value of the common plain types, told apart by comparing types rather than by
/// dynamic casts (which cost more than the rest of encoding a small state).
private func plainValue<T: Encodable>(_ value: T) -> PluginValue? {
    if T.self == String.self { return .text(unsafeBitCast(value, to: String.self)) }
    if T.self == Int.self { return .number(Double(unsafeBitCast(value, to: Int.self))) }
    if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
    if T.self == Double.self { return .number(unsafeBitCast(value, to: Double.self)) }
    if T.self == CalendarDate.self { return .text(unsafeBitCast(value, to: CalendarDate.self).description) }
    if T.self == PluginValue.self { return value as? PluginValue }
    return nil
}

private final class ObjectNode {
    var pairs: [String: Slot] = [:]

    func slot(_ key: String) -> Slot {
        let slot = Slot()
        pairs[key] = slot
        return slot
    }
}

private final class ListNode {
    var items: [Slot] = []

    func append() -> Slot {
        let slot = Slot()
        items.append(slot)
        return slot
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(ObjectContainer<Key>(node: slot.object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        ListContainer(node: slot.list, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, codingPath: codingPath)
    }
}

private struct ObjectContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: ObjectNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.slot(key.stringValue).content = .plain(.null) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.slot(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(ObjectContainer<NestedKey>(node: node.slot(key.stringValue).object, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ListContainer(node: node.slot(key.stringValue).list, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        SlotEncoder(slot: node.slot("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: node.slot(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct ListContainer: UnkeyedEncodingContainer {
    let node: ListNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.append().content = .plain(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(intValue: node.items.count)
        try node.append().store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = IndexKey(intValue: node.items.count)
        return KeyedEncodingContainer(ObjectContainer<NestedKey>(node: node.append().object, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = IndexKey(intValue: node.items.count)
        return ListContainer(node: node.append().list, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = IndexKey(intValue: node.items.count)
        return SlotEncoder(slot: node.append(), codingPath: codingPath + [key])
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .plain(.null) }
    mutating func encode(_ value: Bool) throws { slot.content = .plain(.bool(value)) }
    mutating func encode(_ value: String) throws { slot.content = .plain(.text(value)) }
    mutating func encode(_ value: Double) throws { slot.content = .plain(.number(value)) }
    mutating func encode(_ value: Float) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: Int) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: Int8) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: Int16) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: Int32) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: Int64) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: UInt) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: UInt8) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: UInt16) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: UInt32) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode(_ value: UInt64) throws { slot.content = .plain(.number(Double(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try slot.store(value, codingPath: codingPath) }
}

/// The key of a list item in a coding path.
struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue ?? 0)" }
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}
