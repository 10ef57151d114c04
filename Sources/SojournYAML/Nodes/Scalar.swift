/// The text of a scalar node and how it was written.
public struct Scalar: Sendable, Hashable {
    /// How a scalar was written in the source.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded

        /// Whether the style is one of the two quoted forms.
        public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }
    }

    /// The scalar's text after YAML's folding and escapes.
    public var text: String
    /// How it was written.
    public var style: Style

    /// Creates a scalar.
    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// What a scalar means under the YAML 1.2 core schema.
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

/// Well-known tags in full form.
public enum CoreTag {
    public static let string = "tag:yaml.org,2002:str"
    public static let int = "tag:yaml.org,2002:int"
    public static let float = "tag:yaml.org,2002:float"
    public static let bool = "tag:yaml.org,2002:bool"
    public static let null = "tag:yaml.org,2002:null"
    public static let sequence = "tag:yaml.org,2002:seq"
    public static let mapping = "tag:yaml.org,2002:map"
    /// The non-specific tag `!`: the node is a string whatever it looks like.
    public static let nonSpecific = "!"
}

extension Node {
    /// The scalar's value by the YAML 1.2 core schema, or `.null` for a non-scalar.
    ///
    /// Only plain scalars resolve to null, booleans and numbers; quoted and block scalars
    /// are always strings. `NO`, `yes`, `on` and `off` are strings (YAML 1.1's booleans are
    /// not part of 1.2), so `host_country: NO` means Norway. An explicit core tag
    /// (`!!int "3"`) decides the type when the text fits it.
    public var resolvedValue: ScalarValue {
        guard let scalar else { return .null }
        switch tag {
        case nil:
            guard scalar.style == .plain, CoreSchema.mayResolveToNonString(scalar.text) else { return .string(scalar.text) }
            return CoreSchema.resolve(scalar.text)
        case CoreTag.string?, CoreTag.nonSpecific?:
            return .string(scalar.text)
        case CoreTag.int?:
            if case .int(let i) = CoreSchema.resolve(scalar.text) { return .int(i) }
            return .string(scalar.text)
        case CoreTag.float?:
            switch CoreSchema.resolve(scalar.text) {
            case .int(let i): return .float(Double(i))
            case .float(let f): return .float(f)
            default: return .string(scalar.text)
            }
        case CoreTag.bool?:
            if case .bool(let b) = CoreSchema.resolve(scalar.text) { return .bool(b) }
            return .string(scalar.text)
        case CoreTag.null?:
            return .null
        default:
            // An application tag (`!local`): keep the text, resolve plain scalars as usual.
            return scalar.style == .plain ? CoreSchema.resolve(scalar.text) : .string(scalar.text)
        }
    }
}

/// The YAML 1.2 core schema's resolution of plain scalars.
public enum CoreSchema {
    /// Whether plain text could resolve to something other than a string: false for the
    /// common case of text starting with a letter that begins no special value.
    public static func mayResolveToNonString(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// Resolves the text of a plain scalar to null, a boolean, an integer, a float or a string.
    public static func resolve(_ text: String) -> ScalarValue {
        var text = text
        return text.withUTF8 { resolve(bytes: $0) } ?? .string(text)
    }

    private static func resolve(bytes b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        if b.isEmpty { return .null }
        let first = b[0]
        // Fast exit: most strings start with a letter that cannot begin a special value.
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            return isOneOf(b, ["null", "Null", "NULL", "~"]) ? .null : nil
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            return isOneOf(b, ["true", "True", "TRUE"]) ? .bool(true) : nil
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            return isOneOf(b, ["false", "False", "FALSE"]) ? .bool(false) : nil
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return number(b)
        default:
            return nil
        }
    }

    private static func isOneOf(_ b: UnsafeBufferPointer<UInt8>, _ words: [StaticString]) -> Bool {
        words.contains { word in
            word.utf8CodeUnitCount == b.count
                && word.withUTF8Buffer { w in w.elementsEqual(b) }
        }
    }

    private static func number(_ b: UnsafeBufferPointer<UInt8>) -> ScalarValue? {
        let text = String(decoding: b, as: UTF8.self)
        // Hex and octal: 0x1F, 0o17 (no sign in the core schema).
        if b.count > 2, b[0] == UInt8(ascii: "0") {
            if b[1] == UInt8(ascii: "x"), b[2...].allSatisfy(isHexDigit) {
                return Int(text.dropFirst(2), radix: 16).map(ScalarValue.int) ?? .float(hugeValue(text.dropFirst(2), radix: 16))
            }
            if b[1] == UInt8(ascii: "o"), b[2...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) {
                return Int(text.dropFirst(2), radix: 8).map(ScalarValue.int) ?? .float(hugeValue(text.dropFirst(2), radix: 8))
            }
        }
        var i = 0
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        let rest = String(decoding: UnsafeBufferPointer(rebasing: b[i...]), as: UTF8.self)
        switch rest {
        case ".inf", ".Inf", ".INF": return .float(negative ? -.infinity : .infinity)
        case ".nan", ".NaN", ".NAN": return i == 0 ? .float(.nan) : nil
        default: break
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var digitsBefore = 0, digitsAfter = 0
        var j = i
        while j < b.count, isDigit(b[j]) { j += 1; digitsBefore += 1 }
        var isFloat = false
        if j < b.count, b[j] == UInt8(ascii: ".") {
            isFloat = true
            j += 1
            while j < b.count, isDigit(b[j]) { j += 1; digitsAfter += 1 }
        }
        guard digitsBefore > 0 || digitsAfter > 0 else { return nil }
        if j < b.count, b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E") {
            isFloat = true
            j += 1
            if j < b.count, b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "+") { j += 1 }
            var exponentDigits = 0
            while j < b.count, isDigit(b[j]) { j += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard j == b.count else { return nil }
        if !isFloat, let value = Int(text) { return .int(value) }
        return Double(text).map(ScalarValue.float)
    }

    private static func hugeValue(_ digits: Substring, radix: Int) -> Double {
        digits.reduce(0.0) { $0 * Double(radix) + Double(Int(String($1), radix: radix) ?? 0) }
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
    }
}
