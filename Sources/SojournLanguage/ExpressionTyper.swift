public import SojournKit

/// Works out the type of an expression and reports what does not fit: operators on the
/// wrong types, a number without a unit added to a date, text compared in order, a text
/// that is not one of a choice's options. Names are the scope's business.
///
/// The engine checks workflows with it over the workflow's names; the plugin test
/// harness checks plugin settings with it over the fields and steps a test gives, so both
/// apply the same rules.
public struct ExpressionTyper<Scope: ExpressionScope> {
    /// What names mean.
    public var scope: Scope
    /// The problems found so far.
    public private(set) var diagnostics: [Diagnostic] = []
    private var source: SourceExpression?

    /// A typer over `scope`.
    public init(scope: Scope) {
        self.scope = scope
    }

    /// The type of `source`, or `nil` when a problem in it was reported.
    public mutating func type(of source: SourceExpression) -> ExpressionType? {
        self.source = source
        return type(of: source.expression, in: source)
    }

    /// Checks that `source` has the type `expected`, reporting "`description` must be
    /// `example`; this is …" when it has another.
    public mutating func check(_ source: SourceExpression, is expected: ExpressionType, description: String) {
        guard let type = type(of: source) else { return }
        if type != expected, type != .any {
            let example = expected == .date ? "a date such as departure - 6w" : "a condition such as level != \"analyst\""
            error("\(description) must be \(example); this is \(type)", source.expression.range)
        }
    }

    private mutating func error(_ message: String, _ range: Expression.Range) {
        guard let source else { return }
        diagnostics.append(source.diagnostic(.error, message, at: range))
    }

    private mutating func type(of expression: Expression, in source: SourceExpression) -> ExpressionType? {
        switch expression.kind {
        case .number: return .number
        case .text: return .text
        case .boolean: return .boolean
        case .null: return .null
        case .date: return .date
        case .period: return .period
        case .reference(let names):
            switch scope.resolve(names, in: source) {
            case .type(let type): return type
            case .problem(let message, let range):
                error(message, range)
                return nil
            }
        case .list(let items):
            var ok = true
            for item in items where type(of: item, in: source) == nil { ok = false }
            return ok ? .list : nil
        case .not(let inner):
            guard let innerType = type(of: inner, in: source) else { return nil }
            guard innerType == .boolean || innerType == .any else {
                error("'not' needs true or false, not \(innerType)", inner.range)
                return nil
            }
            return .boolean
        case .logical(let op, let left, let right):
            let l = type(of: left, in: source), r = type(of: right, in: source)
            for (side, sideType) in [(left, l), (right, r)] {
                if let sideType, sideType != .boolean, sideType != .any {
                    error("'\(op.rawValue)' joins conditions, and this is \(sideType); compare it with something, for example x == y", side.range)
                    return nil
                }
            }
            return l == nil || r == nil ? nil : .boolean
        case .comparison(let op, let left, let right):
            guard let l = type(of: left, in: source), let r = type(of: right, in: source) else { return nil }
            checkChoice(left, right)
            checkChoice(right, left)
            switch op {
            case .equal, .notEqual:
                guard l.isComparable(with: r) else {
                    error("cannot compare \(l) with \(r)", expression.operatorRange ?? expression.range)
                    return nil
                }
            default:
                // Text in order compares letters: "10" comes before "7". A grade written as
                // a choice of "1" to "10" would silently lose its 10s.
                if l == .text || r == .text {
                    let field = [left, right].compactMap { side -> String? in
                        if case .reference(let names) = side.kind, names.count == 1 { return names[0].text }
                        return nil
                    }.first
                    let fix = field.map { "make '\($0)' a number field to compare numbers, or test its choices with == or in" } ?? "compare numbers or dates, or test text with == or in"
                    error("'\(op.rawValue)' on text compares letters, not numbers (\"10\" comes before \"7\"); \(fix)", expression.operatorRange ?? expression.range)
                    return nil
                }
                let orderable: Set<ExpressionType> = [.number, .date, .any]
                guard orderable.contains(l), orderable.contains(r), l.isComparable(with: r) else {
                    error("'\(op.rawValue)' compares two numbers or two dates, not \(l) and \(r)", expression.operatorRange ?? expression.range)
                    return nil
                }
            }
            return .boolean
        case .membership(let left, let right, _):
            guard type(of: left, in: source) != nil, let r = type(of: right, in: source) else { return nil }
            guard r == .list || r == .any else {
                error("'in' needs a list after it, such as [\"FR\", \"DE\"]; this is \(r)", right.range)
                return nil
            }
            if case .list(let items) = right.kind {
                for item in items { checkChoice(left, item) }
            }
            return .boolean
        case .arithmetic(let op, let left, let right):
            guard let l = type(of: left, in: source), let r = type(of: right, in: source) else { return nil }
            switch (l, r) {
            case (.date, .period), (.any, .period), (.date, .any): return .date
            case (.number, .number), (.any, .number), (.number, .any): return .number
            case (.any, .any): return .any
            case (.date, .number):
                let amount = source.text(of: right.range)
                error("'\(amount)' needs a unit: write \(amount)d, \(amount)w, \(amount)mo, \(amount)y or \(amount)bd", right.range)
                return nil
            case (.period, _):
                error("write the date first and the duration after it, as departure \(op.rawValue) \(source.text(of: left.range))", left.range)
                return nil
            default:
                // Say what a name is, when the type came from one: '… to text; 'host_country' is text'.
                let named = [(left, l), (right, r)].compactMap { side, type -> String? in
                    guard case .reference = side.kind else { return nil }
                    return "'\(source.text(of: side.range))' is \(type)"
                }
                let hint = named.isEmpty ? "" : " (\(named.joined(separator: ", ")))"
                let fix = op == .plus || l != .date ? "; add durations to dates, such as departure + 2w, or numbers to numbers" : ""
                error("cannot \(op == .plus ? "add" : "subtract") \(r) \(op == .plus ? "to" : "from") \(l)\(hint)\(fix)", expression.operatorRange ?? expression.range)
                return nil
            }
        }
    }

    /// `level == "analist"`: a choice compared with a text that is not one of its options.
    private mutating func checkChoice(_ reference: Expression, _ literal: Expression) {
        guard case .reference(let names) = reference.kind, names.count == 1,
              let choice = scope.choices(of: names[0].text),
              case .text(let value) = literal.kind else { return }
        guard !choice.options.contains(value) else { return }
        error("'\(value)' is not an option of '\(choice.name)'\(Suggestions.didYouMean(value, among: choice.options)); its options are \(Suggestions.list(choice.options))", literal.range)
    }
}
