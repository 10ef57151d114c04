public import SojournKit

/// A value an expression can take.
///
/// `unknown` is for planning: a recorded answer that does not exist yet. It spreads
/// through comparisons (`unknown == 3` is unknown) but `false and unknown` is false.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case text(String)
    case date(CalendarDate)
    case period(Period)
    case list([Value])
    case unknown

    /// The value as a workflow would write it.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): Int(exactly: n).map { "\($0)" } ?? "\(n)"
        case .text(let s): "\"\(s)\""
        case .date(let d): "\(d)"
        case .period(let p): "\(p)"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .unknown: "unknown"
        }
    }
}

/// What the names in an expression stand for, when it is evaluated.
public protocol ExpressionEnvironment {
    /// The value of a (possibly dotted) name, already checked to exist.
    func value(of names: [Expression.Name]) throws(EvaluationError) -> Value
    /// The calendar `bd` counts business days in.
    var businessCalendar: BusinessCalendar { get }
}

/// A problem evaluating an expression that checking could not rule out (a business-day
/// count beyond the holiday calendar's years).
public struct EvaluationError: Error, Sendable, Hashable {
    public var message: String
    public var range: Expression.Range

    public init(_ message: String, at range: Expression.Range) {
        self.message = message
        self.range = range
    }
}

extension Value {
    /// A recorded value in expression terms (objects have no place in expressions).
    public init(_ value: PluginValue) {
        switch value {
        case .null, .object: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .text(let s): self = .text(s)
        case .date(let d): self = .date(d)
        case .list(let items): self = .list(items.map(Value.init))
        }
    }
}

extension PluginValue {
    /// A field or expression value as plugins and storage see it.
    public init(_ value: Value) {
        switch value {
        case .null, .unknown: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .text(let s): self = .text(s)
        case .date(let d): self = .date(d)
        case .period(let p): self = .text(p.description)
        case .list(let items): self = .list(items.map(PluginValue.init))
        }
    }
}
