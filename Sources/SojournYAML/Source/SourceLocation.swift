/// A position in a source file: the file's path and a 1-based line and column.
///
/// Columns count Unicode scalars (characters as libyaml counts them), not bytes, so a
/// caret drawn under the column lines up in a terminal for non-ASCII text too.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The path the file was read from, as the user gave it.
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location `offset` columns further along the same line.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
