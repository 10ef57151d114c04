import SojournYAML

/// A JSON value, for comparing loaded YAML with the test suite's `in.json`.
enum JSONValue: Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "\(n)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): "{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// The JSON form of a loaded node, as the YAML test suite writes it.
    init(_ node: Node) {
        switch node.content {
        case .sequence(let items):
            self = .array(items.map(JSONValue.init))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs { object[pair.key.text ?? "\(JSONValue(pair.key))"] = JSONValue(pair.value) }
            self = .object(object)
        case .scalar:
            switch node.resolvedValue {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .number(Double(i))
            case .float(let f): self = .number(f)
            case .string(let s): self = .string(s)
            }
        }
    }

    /// Parses a stream of JSON values separated by whitespace.
    static func parseStream(_ text: String) throws -> [JSONValue] {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        var values: [JSONValue] = []
        parser.skipSpace()
        while !parser.atEnd {
            values.append(try parser.value())
            parser.skipSpace()
        }
        return values
    }

    struct ParseError: Error {}

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0
        var atEnd: Bool { i >= scalars.count }

        mutating func skipSpace() {
            while i < scalars.count, [" ", "\n", "\t", "\r"].contains(scalars[i]) { i += 1 }
        }

        mutating func value() throws -> JSONValue {
            skipSpace()
            guard i < scalars.count else { throw ParseError() }
            switch scalars[i] {
            case "{":
                i += 1
                var object: [String: JSONValue] = [:]
                skipSpace()
                if scalars[i] == "}" { i += 1; return .object(object) }
                while true {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw ParseError() }
                    skipSpace()
                    guard scalars[i] == ":" else { throw ParseError() }
                    i += 1
                    object[key] = try value()
                    skipSpace()
                    if scalars[i] == "," { i += 1; continue }
                    if scalars[i] == "}" { i += 1; return .object(object) }
                    throw ParseError()
                }
            case "[":
                i += 1
                var array: [JSONValue] = []
                skipSpace()
                if scalars[i] == "]" { i += 1; return .array(array) }
                while true {
                    array.append(try value())
                    skipSpace()
                    if scalars[i] == "," { i += 1; continue }
                    if scalars[i] == "]" { i += 1; return .array(array) }
                    throw ParseError()
                }
            case "\"":
                i += 1
                var s = String.UnicodeScalarView()
                while scalars[i] != "\"" {
                    if scalars[i] == "\\" {
                        i += 1
                        switch scalars[i] {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "r": s.append("\r")
                        case "b": s.append("\u{08}")
                        case "f": s.append("\u{0C}")
                        case "u":
                            var code = UInt32(String(String.UnicodeScalarView(scalars[(i + 1)...(i + 4)])), radix: 16)!
                            i += 4
                            if (0xD800..<0xDC00).contains(code), scalars[i + 1] == "\\", scalars[i + 2] == "u" {
                                let low = UInt32(String(String.UnicodeScalarView(scalars[(i + 3)...(i + 6)])), radix: 16)!
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                                i += 6
                            }
                            s.append(Unicode.Scalar(code)!)
                        default: s.append(scalars[i])
                        }
                    } else {
                        s.append(scalars[i])
                    }
                    i += 1
                }
                i += 1
                return .string(String(s))
            default:
                var token = ""
                while i < scalars.count, !" \n\t\r,]}".unicodeScalars.contains(scalars[i]) {
                    token.unicodeScalars.append(scalars[i])
                    i += 1
                }
                switch token {
                case "null": return .null
                case "true": return .bool(true)
                case "false": return .bool(false)
                default:
                    guard let n = Double(token) else { throw ParseError() }
                    return .number(n)
                }
            }
        }
    }
}
