public import SojournKit

/// An expression as written in a workflow file: its text, its parse, and where it is,
/// so a problem inside it (`8x` in `departure - 8x`) can be pointed at exactly.
public struct SourceExpression: Sendable {
    /// The text as the YAML value holds it.
    public var text: String
    /// The parsed expression.
    public var expression: Expression
    /// Where the YAML value starts.
    public var location: SourceLocation
    /// How many columns the text starts after `location` (1 inside quotes), when the
    /// file spells the text verbatim on one line; `nil` when it does not (escapes,
    /// folded lines), and positions inside fall back to the value's start.
    public var textColumn: Int?

    /// Creates a source expression.
    public init(text: String, expression: Expression, location: SourceLocation, textColumn: Int?) {
        self.text = text
        self.expression = expression
        self.location = location
        self.textColumn = textColumn
    }

    /// The file position of a range of the text.
    public func location(of range: Expression.Range) -> SourceLocation {
        guard let textColumn else { return location }
        return location.advanced(by: textColumn + range.lowerBound)
    }

    /// A diagnostic about a range of the text, underlining it.
    public func diagnostic(_ severity: Diagnostic.Severity, _ message: String, at range: Expression.Range, notes: [Diagnostic.Note] = []) -> Diagnostic {
        let length = textColumn == nil ? 1 : max(1, range.count)
        return Diagnostic(severity, message, at: location(of: range), length: length, notes: notes)
    }

    /// The text of a range of the expression.
    public func text(of range: Expression.Range) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
    }

    /// A written expression (a condition, a date) parsed, or `nil` with its syntax error
    /// reported. `source`, the file it is written in, lets positions point inside the text
    /// when the file spells it verbatim on one line.
    public static func parse(_ written: some WrittenExpression, source: SourceFile?, into diagnostics: inout [Diagnostic]) -> SourceExpression? {
        let location = written.location ?? SourceLocation(file: source?.path ?? "", line: 1, column: 1)
        let column = textColumn(written, source: source)
        switch Result(catching: { () throws(ExpressionError) in try ExpressionParser.parse(written.text) }) {
        case .success(let expression):
            return SourceExpression(text: written.text, expression: expression, location: location, textColumn: column)
        case .failure(let problem):
            let holder = SourceExpression(text: written.text, expression: Expression(.null, range: 0..<0), location: location, textColumn: column)
            diagnostics.append(holder.diagnostic(.error, problem.message, at: problem.range))
            return nil
        }
    }

    private static func textColumn(_ written: some WrittenExpression, source: SourceFile?) -> Int? {
        guard let location = written.location, let line = source?.line(location.line) else { return nil }
        let shift: Int
        switch written.style {
        case .plain?: shift = 0
        case .singleQuoted?, .doubleQuoted?: shift = 1
        default: return nil
        }
        let characters = Array(line.unicodeScalars)
        let value = Array(written.text.unicodeScalars)
        let start = location.column - 1 + shift
        guard start >= 0, start + value.count <= characters.count, Array(characters[start..<(start + value.count)]) == value else { return nil }
        return shift
    }
}
