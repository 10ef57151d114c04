public import SojournKit

/// The type of an expression, as checking works it out.
public enum ExpressionType: Sendable, Hashable, CustomStringConvertible {
    case number, text, boolean, date, period, list, null
    /// Not known until the case runs (a recorded output a plugin does not describe).
    case any

    public var description: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .boolean: "true or false"
        case .date: "a date"
        case .period: "a duration"
        case .list: "a list"
        case .null: "null"
        case .any: "any value"
        }
    }

    /// Whether values of the two types can be compared with `==` and `!=`.
    public func isComparable(with other: ExpressionType) -> Bool {
        self == .any || other == .any || self == .null || other == .null || self == other
    }
}

extension OutputDescription.Kind {
    /// The type a plugin's output of this kind has in expressions.
    public var expressionType: ExpressionType {
        switch self {
        case .text: .text
        case .number: .number
        case .boolean: .boolean
        case .date: .date
        case .list: .list
        case .any: .any
        }
    }
}

extension FieldKind {
    /// The type a workflow field of this kind has in expressions.
    public var expressionType: ExpressionType {
        switch self {
        case .number: .number
        case .yesNo: .boolean
        case .date: .date
        case .list: .list
        case .text, .email, .country, .timezone, .person, .choice: .text
        }
    }
}
