import SojournKit

/// Parses the expression language:
///
/// ```
/// expression := or
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum | "not"? "in" sum)?
/// sum        := primary (("+" | "-") primary)*
/// primary    := number | text | date | duration | true | false | null
///             | name ("." name)* | "(" expression ")" | "[" (expression ("," expression)*)? "]"
/// ```
public struct ExpressionParser {
    private let tokens: [Token]
    private var index = 0

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole expression.
    ///
    /// - Throws: `ExpressionError` at the first token that does not fit.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(tokens: try Lexer.tokens(of: text))
        guard parser.current.kind != .end else {
            throw ExpressionError("the expression is empty", at: 0..<0)
        }
        let expression = try parser.or()
        guard parser.current.kind == .end else {
            // `2 weeks`, `5 bd`: a duration written in words or with a space.
            if case .identifier(let word) = parser.current.kind, parser.index > 0, case .number(let amount) = parser.tokens[parser.index - 1].kind,
               let unit = Self.unit(for: word) {
                let number = amount.rounded() == amount ? String(Int(amount)) : String(amount)
                throw ExpressionError("a duration is written without a space and with its unit's letters: write \(number)\(unit), not '\(number) \(word)'", at: parser.current.range)
            }
            throw ExpressionError("unexpected \(parser.describe(parser.current)) after a complete expression; join conditions with 'and' or 'or'", at: parser.current.range)
        }
        return expression
    }

    /// The unit letters a word for a unit of time stands for (`weeks` → `w`).
    static func unit(for word: String) -> String? {
        switch word.lowercased() {
        case "d", "day", "days": "d"
        case "w", "wk", "wks", "week", "weeks": "w"
        case "m", "mo", "month", "months": "mo"
        case "y", "yr", "yrs", "year", "years": "y"
        case "bd", "businessday", "businessdays": "bd"
        default: nil
        }
    }

    private var current: Token { tokens[index] }

    private mutating func advance() -> Token {
        defer { if index < tokens.count - 1 { index += 1 } }
        return tokens[index]
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
    private func isKeyword(_ keyword: Token.Keyword) -> Bool { current.kind == .keyword(keyword) }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "end of the expression"
        case .number, .period, .date: "value"
        case .text: "text"
        case .identifier(let name): "name '\(name)'"
        case .keyword(let keyword): "'\(keyword.rawValue)'"
        case .symbol(let symbol): "'\(symbol)'"
        }
    }

    private mutating func or() throws(ExpressionError) -> Expression {
        var left = try and()
        while isKeyword(.or) {
            let op = advance().range
            let right = try and()
            left = Expression(.logical(.or, left, right), range: left.range.lowerBound..<right.range.upperBound, operatorRange: op)
        }
        return left
    }

    private mutating func and() throws(ExpressionError) -> Expression {
        var left = try not()
        while isKeyword(.and) {
            let op = advance().range
            let right = try not()
            left = Expression(.logical(.and, left, right), range: left.range.lowerBound..<right.range.upperBound, operatorRange: op)
        }
        return left
    }

    private mutating func not() throws(ExpressionError) -> Expression {
        guard isKeyword(.not) else { return try comparison() }
        let op = advance().range
        let inner = try not()
        return Expression(.not(inner), range: op.lowerBound..<inner.range.upperBound, operatorRange: op)
    }

    private mutating func comparison() throws(ExpressionError) -> Expression {
        let left = try sum()
        if case .symbol(let symbol) = current.kind, let op = Expression.Comparison(rawValue: symbol) {
            let opRange = advance().range
            let right = try sum()
            return Expression(.comparison(op, left, right), range: left.range.lowerBound..<right.range.upperBound, operatorRange: opRange)
        }
        var negated = false
        var opStart = current.range.lowerBound
        if isKeyword(.not), index + 1 < tokens.count, tokens[index + 1].kind == .keyword(.in) {
            opStart = advance().range.lowerBound
            negated = true
        }
        if isKeyword(.in) {
            let opEnd = advance().range.upperBound
            let right = try sum()
            return Expression(.membership(left, right, negated: negated), range: left.range.lowerBound..<right.range.upperBound, operatorRange: opStart..<opEnd)
        }
        return left
    }

    private mutating func sum() throws(ExpressionError) -> Expression {
        var left = try primary()
        while case .symbol(let symbol) = current.kind, let op = Expression.Arithmetic(rawValue: symbol) {
            let opRange = advance().range
            let right = try primary()
            left = Expression(.arithmetic(op, left, right), range: left.range.lowerBound..<right.range.upperBound, operatorRange: opRange)
        }
        return left
    }

    private mutating func primary() throws(ExpressionError) -> Expression {
        let token = advance()
        switch token.kind {
        case .number(let value): return Expression(.number(value), range: token.range)
        case .text(let value): return Expression(.text(value), range: token.range)
        case .date(let value): return Expression(.date(value), range: token.range)
        case .period(let value): return Expression(.period(value), range: token.range)
        case .keyword(.true): return Expression(.boolean(true), range: token.range)
        case .keyword(.false): return Expression(.boolean(false), range: token.range)
        case .keyword(.null): return Expression(.null, range: token.range)
        case .identifier(let name):
            var names = [Expression.Name(text: name, range: token.range)]
            while isSymbol(".") {
                let dot = advance()
                guard case .identifier(let member) = current.kind else {
                    throw ExpressionError("expected a name after '.'", at: dot.range.upperBound..<current.range.upperBound)
                }
                names.append(Expression.Name(text: member, range: advance().range))
            }
            return Expression(.reference(names), range: token.range.lowerBound..<names.last!.range.upperBound)
        case .symbol("("):
            let inner = try or()
            guard isSymbol(")") else {
                throw ExpressionError("expected ')' to close the '(' at offset \(token.range.lowerBound + 1)", at: current.range)
            }
            let close = advance()
            var grouped = inner
            grouped.range = token.range.lowerBound..<close.range.upperBound
            return grouped
        case .symbol("["):
            var items: [Expression] = []
            if !isSymbol("]") {
                items.append(try or())
                while isSymbol(",") {
                    _ = advance()
                    items.append(try or())
                }
            }
            guard isSymbol("]") else {
                throw ExpressionError("expected ',' or ']' in this list", at: current.range)
            }
            let close = advance()
            return Expression(.list(items), range: token.range.lowerBound..<close.range.upperBound)
        case .end:
            throw ExpressionError("the expression ends too early; something is missing here", at: token.range)
        default:
            throw ExpressionError("expected a value or a name, found \(describe(token))", at: token.range)
        }
    }
}
