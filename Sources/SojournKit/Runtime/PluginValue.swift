/// A value a step records or publishes: an answer, an output, a field of the case.
///
/// Dates keep their type through storage (as `{"$date": "2027-01-15"}` in JSON), so a
/// condition can compare a recorded date with other dates.
public enum PluginValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    case date(CalendarDate)
    case list([PluginValue])
    case object([String: PluginValue])

    /// The text, when this is text.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    /// The number, when this is a number.
    public var number: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The pairs, when this is a mapping.
    public var object: [String: PluginValue]? {
        if case .object(let pairs) = self { return pairs }
        return nil
    }

    /// The items, when this is a list.
    public var list: [PluginValue]? {
        if case .list(let items) = self { return items }
        return nil
    }

    /// The value as a person would read it.
    public var displayText: String {
        switch self {
        case .null: "none"
        case .bool(let b): b ? "yes" : "no"
        case .number(let n): Int(exactly: n).map(String.init) ?? String(n)
        case .text(let s): s
        case .date(let d): d.description
        case .list(let items): items.map(\.displayText).joined(separator: ", ")
        case .object(let pairs): pairs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ")
        }
    }
}

extension PluginValue {
    /// The value with what kind it is, for messages: `the list [12]`, `the text 'perhaps'`.
    public var describedWithKind: String {
        switch self {
        case .null: "nothing"
        case .bool(let b): b ? "true" : "false"
        case .number: "the number \(displayText)"
        case .text(let s): "the text '\(s)'"
        case .date(let d): "the date \(d)"
        case .list: "the list [\(displayText)]"
        case .object: "a mapping {\(displayText)}"
        }
    }
}

extension PluginValue: ShapeDescribing {
    public static var valueShape: ValueShape { .any }
    public static var shapeExample: PluginValue { .null }
}

extension PluginValue: Codable {
    private struct DateKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let date = DateKey(stringValue: "$date")
    }

    public init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: DateKey.self) {
            if object.allKeys.count == 1, object.allKeys[0].stringValue == "$date",
               let text = try? object.decode(String.self, forKey: .date), let date = CalendarDate(text) {
                self = .date(date)
                return
            }
            var pairs: [String: PluginValue] = [:]
            for key in object.allKeys { pairs[key.stringValue] = try object.decode(PluginValue.self, forKey: key) }
            self = .object(pairs)
            return
        }
        if var list = try? decoder.unkeyedContainer() {
            var items: [PluginValue] = []
            while !list.isAtEnd { items.append(try list.decode(PluginValue.self)) }
            self = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case .number(let n):
            var single = encoder.singleValueContainer()
            try single.encode(n)
        case .text(let s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        case .date(let d):
            var object = encoder.container(keyedBy: DateKey.self)
            try object.encode(d.description, forKey: .date)
        case .list(let items):
            var list = encoder.unkeyedContainer()
            for item in items { try list.encode(item) }
        case .object(let pairs):
            var object = encoder.container(keyedBy: DateKey.self)
            for (key, value) in pairs.sorted(by: { $0.key < $1.key }) {
                try object.encode(value, forKey: DateKey(stringValue: key))
            }
        }
    }
}

extension PluginValue {
    /// Reads a node as a value: scalars by the YAML core schema, dates written
    /// YYYY-MM-DD as dates.
    public init(_ node: Node) {
        switch node.content {
        case .sequence(let items): self = .list(items.map(PluginValue.init))
        case .mapping(let pairs):
            var object: [String: PluginValue] = [:]
            for pair in pairs { object[pair.key.text ?? ""] = PluginValue(pair.value) }
            self = .object(object)
        case .scalar(let scalar):
            switch node.resolvedValue {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .number(Double(i))
            case .float(let f): self = .number(f)
            case .string(let s):
                if scalar.style == .plain, let date = CalendarDate(s) { self = .date(date) } else { self = .text(s) }
            }
        }
    }
}
