import SojournKit

/// A token of the expression language, with its range in the text.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case text(String)
        case date(CalendarDate)
        case period(Period)
        case identifier(String)
        case keyword(Keyword)
        case symbol(String)
        case end
    }

    enum Keyword: String, Sendable {
        case and, or, not, `in`, `true`, `false`, null
    }

    var kind: Kind
    var range: Expression.Range
}

/// Splits an expression's text into tokens.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// All tokens, ending with `.end`.
    static func tokens(of text: String) throws(ExpressionError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
    private static func isLetter(_ c: Unicode.Scalar?) -> Bool { c.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" } ?? false }
    private static func isAlphanumeric(_ c: Unicode.Scalar?) -> Bool { isDigit(c) || isLetter(c) }

    private func text(_ range: Expression.Range) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    private mutating func next() throws(ExpressionError) -> Token {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
        let start = position
        guard let c = peek() else { return Token(kind: .end, range: start..<start) }

        if Self.isDigit(c) { return try numberDateOrPeriod() }
        if c == "P", Self.isDigit(peek(1)) {
            while Self.isAlphanumeric(peek()) { position += 1 }
            return try period(start..<position)
        }
        if Self.isLetter(c) {
            position += 1
            while Self.isAlphanumeric(peek()) || (peek() == "-" && Self.isAlphanumeric(peek(1)) && Self.isAlphanumeric(scalars[position - 1])) {
                position += 1
            }
            let word = text(start..<position)
            if let keyword = Token.Keyword(rawValue: word) { return Token(kind: .keyword(keyword), range: start..<position) }
            return Token(kind: .identifier(word), range: start..<position)
        }
        if c == "\"" || c == "'" { return try string(quote: c) }

        position += 1
        let two = peek().map { String(c) + String($0) }
        switch two {
        case "==", "!=", "<=", ">=":
            position += 1
            return Token(kind: .symbol(two!), range: start..<position)
        case "&&": throw ExpressionError("write 'and' instead of '&&'", at: start..<start + 2)
        case "||": throw ExpressionError("write 'or' instead of '||'", at: start..<start + 2)
        default: break
        }
        switch c {
        case "<", ">", "+", "-", "(", ")", "[", "]", ",", ".":
            return Token(kind: .symbol(String(c)), range: start..<position)
        case "=": throw ExpressionError("use '==' to compare", at: start..<position)
        case "!": throw ExpressionError("write 'not' instead of '!'", at: start..<position)
        default: throw ExpressionError("unexpected character '\(c)'", at: start..<position)
        }
    }

    /// `10`, `2.5`, `2027-01-15`, `8w`, `1y6mo`.
    private mutating func numberDateOrPeriod() throws(ExpressionError) -> Token {
        let start = position
        while Self.isDigit(peek()) { position += 1 }
        // A date: four digits, '-', two digits, '-', two digits.
        if position - start == 4, peek() == "-", Self.isDigit(peek(1)) {
            while Self.isDigit(peek()) || peek() == "-" { position += 1 }
            let range = start..<position
            guard let date = CalendarDate(text(range)) else {
                throw ExpressionError("'\(text(range))' is not a date; write YYYY-MM-DD, for example 2027-01-15", at: range)
            }
            return Token(kind: .date(date), range: range)
        }
        if Self.isLetter(peek()) {
            while Self.isAlphanumeric(peek()) { position += 1 }
            return try period(start..<position)
        }
        if peek() == ".", Self.isDigit(peek(1)) {
            position += 1
            while Self.isDigit(peek()) { position += 1 }
        }
        let range = start..<position
        return Token(kind: .number(Double(text(range)) ?? 0), range: range)
    }

    private func period(_ range: Expression.Range) throws(ExpressionError) -> Token {
        switch Period.parse(text(range)) {
        case .success(let period): return Token(kind: .period(period), range: range)
        case .failure(let error):
            throw ExpressionError(error.message, at: range)
        }
    }

    private mutating func string(quote: Unicode.Scalar) throws(ExpressionError) -> Token {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while let c = peek(), c != quote {
            if c == "\\", quote == "\"", let escaped = peek(1) {
                value.append(escaped)
                position += 2
            } else {
                value.append(c)
                position += 1
            }
        }
        guard peek() == quote else {
            throw ExpressionError("this text has no closing \(quote == "\"" ? "double" : "single") quote", at: start..<start + 1)
        }
        position += 1
        return Token(kind: .text(String(value)), range: start..<position)
    }
}
