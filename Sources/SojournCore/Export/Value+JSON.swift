import SojournKit
public import SojournLanguage

extension Value {
    /// The value in JSON: dates and durations as text.
    public var json: JSON {
        switch self {
        case .null, .unknown: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .text(let s): .string(s)
        case .date(let d): .string(d.description)
        case .period(let p): .string(p.description)
        case .list(let items): .array(items.map(\.json))
        }
    }

    /// The value as a person would write it: text without quotes.
    public var plainText: String {
        switch self {
        case .text(let s): s
        case .list(let items): items.map(\.plainText).joined(separator: ", ")
        default: description
        }
    }
}
