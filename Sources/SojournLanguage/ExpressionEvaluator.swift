import SojournKit

/// Evaluates checked expressions.
public enum ExpressionEvaluator {
    /// The value of `expression` in `environment`.
    public static func evaluate(_ expression: Expression, in environment: some ExpressionEnvironment) throws(EvaluationError) -> Value {
        switch expression.kind {
        case .number(let n): return .number(n)
        case .text(let s): return .text(s)
        case .boolean(let b): return .bool(b)
        case .null: return .null
        case .date(let d): return .date(d)
        case .period(let p): return .period(p)
        case .reference(let names): return try environment.value(of: names)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, in: environment)) }
            return .list(values)
        case .not(let inner):
            switch try evaluate(inner, in: environment) {
            case .bool(let b): return .bool(!b)
            case .unknown: return .unknown
            default: return .null
            }
        case .logical(let op, let left, let right):
            let l = truth(try evaluate(left, in: environment))
            // Short-circuit: the right side is not evaluated when the left decides.
            if op == .and, l == false { return .bool(false) }
            if op == .or, l == true { return .bool(true) }
            let r = truth(try evaluate(right, in: environment))
            switch (op, l, r) {
            case (.and, _, false?), (.or, false?, false?): return .bool(false)
            case (.or, _, true?), (.and, true?, true?): return .bool(true)
            default: return .unknown
            }
        case .comparison(let op, let left, let right):
            return compare(op, try evaluate(left, in: environment), try evaluate(right, in: environment))
        case .membership(let left, let right, let negated):
            let value = try evaluate(left, in: environment)
            guard case .list(let items) = try evaluate(right, in: environment) else { return .unknown }
            if value == .unknown || items.contains(.unknown) { return .unknown }
            let found = items.contains { compare(.equal, value, $0) == .bool(true) }
            return .bool(found != negated)
        case .arithmetic(let op, let left, let right):
            let l = try evaluate(left, in: environment), r = try evaluate(right, in: environment)
            let sign = op == .plus ? 1 : -1
            switch (l, r) {
            case (.unknown, _), (_, .unknown): return .unknown
            case (.number(let a), .number(let b)): return .number(a + Double(sign) * b)
            case (.date(let date), .period(let period)):
                do {
                    return .date(try period.apply(to: date, sign: sign, calendar: environment.businessCalendar))
                } catch {
                    throw EvaluationError(error.message, at: right.range)
                }
            default: return .null
            }
        }
    }

    /// `true`, `false` or `nil` (unknown) for a condition's value; null counts as false.
    public static func truth(_ value: Value) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .unknown: return nil
        default: return false
        }
    }

    static func compare(_ op: Expression.Comparison, _ a: Value, _ b: Value) -> Value {
        if a == .unknown || b == .unknown { return .unknown }
        switch op {
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        default:
            let order: Int?
            switch (a, b) {
            case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            case (.date(let x), .date(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            case (.text(let x), .text(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            default: order = nil
            }
            guard let order else { return .bool(false) }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    private static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.text(let x), .text(let y)): return x == y
        default: return a == b
        }
    }
}
