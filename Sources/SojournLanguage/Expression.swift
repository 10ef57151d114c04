public import SojournKit

/// A parsed expression of the workflow language: a condition (`level != "analyst"`) or a
/// date (`departure - 8w`). Every node keeps its range in the source text so problems can
/// be pointed at precisely.
public struct Expression: Sendable {
    /// Offsets into the expression's text, in Unicode scalars.
    public typealias Range = Swift.Range<Int>

    /// One component of a dotted name (`mentoring` and `count` in `mentoring.count`).
    public struct Name: Sendable, Hashable {
        public var text: String
        public var range: Range
    }

    /// `and` or `or`.
    public enum Logical: String, Sendable { case and, or }

    /// A comparison operator.
    public enum Comparison: String, Sendable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    /// `+` or `-`.
    public enum Arithmetic: String, Sendable { case plus = "+", minus = "-" }

    /// What an expression node is.
    public indirect enum Kind: Sendable {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case null
        case date(CalendarDate)
        case period(Period)
        /// A name, possibly dotted: a field, `today`, `due`, `mentoring.count`.
        case reference([Name])
        case list([Expression])
        case not(Expression)
        case logical(Logical, Expression, Expression)
        case comparison(Comparison, Expression, Expression)
        /// `x in [..]` or `x not in [..]`.
        case membership(Expression, Expression, negated: Bool)
        case arithmetic(Arithmetic, Expression, Expression)
    }

    /// The node.
    public var kind: Kind
    /// Where the whole node is in the text.
    public var range: Range
    /// Where the operator is, for binary nodes (errors about the operation point there).
    public var operatorRange: Range?

    /// Creates a node.
    public init(_ kind: Kind, range: Range, operatorRange: Range? = nil) {
        self.kind = kind
        self.range = range
        self.operatorRange = operatorRange
    }

    /// The nodes directly inside this one.
    public var children: [Expression] {
        switch kind {
        case .list(let items): items
        case .not(let inner): [inner]
        case .logical(_, let a, let b), .comparison(_, let a, let b), .membership(let a, let b, _), .arithmetic(_, let a, let b): [a, b]
        default: []
        }
    }

    /// Every dotted name the expression mentions, in order.
    public var references: [[Name]] {
        if case .reference(let names) = kind { return [names] }
        return children.flatMap(\.references)
    }

    /// Every duration literal in the expression (to know whether it needs business days).
    public var periods: [Period] {
        if case .period(let period) = kind { return [period] }
        return children.flatMap(\.periods)
    }
}

/// A problem in an expression's text, at a range of it.
public struct ExpressionError: Error, Sendable, Hashable {
    public var message: String
    public var range: Expression.Range

    public init(_ message: String, at range: Expression.Range) {
        self.message = message
        self.range = range
    }
}
