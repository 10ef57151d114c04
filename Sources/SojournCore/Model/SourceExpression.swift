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
}
