/// A position in a source file: the file's path and a 1-based line and column.
///
/// Columns count Unicode scalars (characters as libyaml counts them), not bytes, so a
/// caret drawn under the column lines up in a terminal for non-ASCII text too.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Compact storage keeps every node of a loaded tree small: the path is shared by
    // all locations of one file, and 32 bits hold any line or column of a file the
    // loader's size limit lets through.
    private var name: FileName
    private var storedLine: Int32
    private var storedColumn: Int32

    /// The path the file was read from, as the user gave it.
    public var file: String {
        get { name.path }
        set { name = FileName(newValue) }
    }

    /// The 1-based line number.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// The 1-based column, in Unicode scalars.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.init(name: FileName(file), line: line, column: column)
    }

    /// Creates a location in a file whose name is already shared.
    init(name: FileName, line: Int, column: Int) {
        self.name = name
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    /// The location `offset` columns further along the same line.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(name: name, line: line, column: column + offset)
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.storedLine, lhs.storedColumn) < (rhs.file, rhs.storedLine, rhs.storedColumn)
    }

    public static func == (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.storedLine == rhs.storedLine && lhs.storedColumn == rhs.storedColumn && lhs.file == rhs.file
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(storedLine)
        hasher.combine(storedColumn)
    }
}

/// A file's path, shared by every location in the file.
final class FileName: Sendable {
    let path: String

    init(_ path: String) {
        self.path = path
    }
}
