/// Decodes any `Decodable` (a plugin's `State`) from a `PluginValue` tree, the inverse
/// of `PluginValueEncoder`. It reads what `JSONEncoder` wrote too, so state stored by
/// earlier versions of Sojourn still reads.
///
/// A value of the wrong kind throws `DecodingError` with its coding path; the normal
/// path throws nothing.
public struct PluginValueDecoder {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: PluginValue) throws -> T {
        try decodeValue(T.self, from: value, codingPath: [])
    }
}

private func decodeValue<T: Decodable>(_ type: T.Type, from value: PluginValue, codingPath: [any CodingKey]) throws -> T {
    if T.self == PluginValue.self { return unsafeBitCast(value, to: T.self) }
    if T.self == String.self, let text = value.plainText { return unsafeBitCast(text, to: T.self) }
    if T.self == Int.self { return unsafeBitCast(try number(Int.self, value, codingPath), to: T.self) }
    if T.self == Bool.self {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath, "yes/no") }
        return unsafeBitCast(flag, to: T.self)
    }
    if T.self == Double.self {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, codingPath, "a number") }
        return unsafeBitCast(number, to: T.self)
    }
    if T.self == CalendarDate.self {
        switch value {
        case .date(let date): return unsafeBitCast(date, to: T.self)
        case .text(let text):
            guard let date = CalendarDate(text) else { throw mismatch(T.self, value, codingPath, "a date as YYYY-MM-DD") }
            return unsafeBitCast(date, to: T.self)
        default: throw mismatch(T.self, value, codingPath, "a date")
        }
    }
    return try T(from: ValueDecoder(value: value, codingPath: codingPath))
}

private func mismatch(_ type: Any.Type, _ value: PluginValue, _ codingPath: [any CodingKey], _ expected: String) -> DecodingError {
    DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kindName)"))
}

extension PluginValue {
    /// Text, or a date's text (state written by `JSONEncoder` stored dates as text).
    fileprivate var plainText: String? {
        switch self {
        case .text(let text): text
        case .date(let date): date.description
        default: nil
        }
    }

    fileprivate var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "yes/no"
        case .number: "a number"
        case .text: "text"
        case .date: "a date"
        case .list: "a list"
        case .object: "an object"
        }
    }
}

private struct ValueDecoder: Decoder {
    let value: PluginValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let pairs) = value else { throw mismatch([String: Any].self, value, codingPath, "an object") }
        return KeyedDecodingContainer(ObjectReader<Key>(pairs: pairs, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = value else { throw mismatch([Any].self, value, codingPath, "a list") }
        return ListReader(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(value: value, codingPath: codingPath)
    }
}

private func number<N: BinaryInteger>(_ type: N.Type, _ value: PluginValue, _ codingPath: [any CodingKey]) throws -> N {
    guard case .number(let number) = value, let exact = N(exactly: number) else {
        throw mismatch(N.self, value, codingPath, "a whole number")
    }
    return exact
}

private struct ObjectReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [String: PluginValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { pairs.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { pairs[key.stringValue] != nil }

    private func value(_ key: Key) throws -> PluginValue {
        guard let value = pairs[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for '\(key.stringValue)'"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { pairs[key.stringValue].map { $0 == .null } ?? true }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        let found = try value(key)
        guard case .bool(let flag) = found else { throw mismatch(Bool.self, found, codingPath + [key], "yes/no") }
        return flag
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let found = try value(key)
        guard let text = found.plainText else { throw mismatch(String.self, found, codingPath + [key], "text") }
        return text
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        let found = try value(key)
        guard case .number(let number) = found else { throw mismatch(Double.self, found, codingPath + [key], "a number") }
        return number
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try number(Int.self, try value(key), codingPath + [key]) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let found = pairs[key.stringValue], found != .null else { return nil }
        guard let text = found.plainText else { throw mismatch(String.self, found, codingPath + [key], "text") }
        return text
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let found = pairs[key.stringValue], found != .null else { return nil }
        return try number(Int.self, found, codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let found = pairs[key.stringValue], found != .null else { return nil }
        return try decodeValue(T.self, from: found, codingPath: codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(T.self, from: try value(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: pairs["super"] ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: pairs[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct ListReader: UnkeyedDecodingContainer {
    let items: [PluginValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [PluginValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (PluginValue, [any CodingKey]) {
        let path = codingPath + [IndexKey(intValue: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: path, debugDescription: "the list has only \(items.count) items"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decodeValue(T.self, from: value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return ValueDecoder(value: value, codingPath: path)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let value: PluginValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath, "yes/no") }
        return flag
    }

    func decode(_ type: String.Type) throws -> String {
        guard let text = value.plainText else { throw mismatch(String.self, value, codingPath, "text") }
        return text
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(Double.self, value, codingPath, "a number") }
        return number
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try number(Int.self, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(Int8.self, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(Int16.self, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(Int32.self, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(Int64.self, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(UInt.self, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(UInt8.self, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(UInt16.self, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(UInt32.self, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(UInt64.self, value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(T.self, from: value, codingPath: codingPath)
    }
}
