/// The text of one source file, kept so diagnostics can quote the line they point at.
public struct SourceFile: Sendable {
    /// The path the file was read from, as the user gave it.
    public let path: String
    /// The whole text.
    public let text: String
    /// Each line's text without its line break, in order.
    public let lines: [Substring]

    /// Creates a source file from its path and text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    /// The text of a 1-based line, or `nil` past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }

    /// The location of a byte offset into the UTF-8 text (for errors reported by offset).
    ///
    /// Bytes that do not decode are counted as one column each, so a position inside
    /// invalid UTF-8 still points at the offending byte.
    public static func location(ofByteOffset offset: Int, in bytes: some Collection<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        for byte in bytes {
            if index >= offset { break }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count scalars by their leading byte
            }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

extension SourceFile {
    /// The location of the `offset`-th Unicode scalar of a scalar value that starts at
    /// `start`, when the source spells the value out verbatim on that line.
    ///
    /// This lets a diagnostic point inside a value (at `8x` in `departure - 8x`). Values
    /// the source writes differently (escapes, folded lines) fall back to `start`.
    public func location(inValue value: String, startingAt start: SourceLocation, offset: Int, quoted: Bool) -> SourceLocation {
        guard let line = line(start.line) else { return start }
        let scalars = Array(line.unicodeScalars)
        let from = start.column - 1 + (quoted ? 1 : 0)
        let valueScalars = Array(value.unicodeScalars)
        guard from >= 0, from + valueScalars.count <= scalars.count,
              Array(scalars[from..<(from + valueScalars.count)]) == valueScalars
        else { return start }
        return start.advanced(by: offset + (quoted ? 1 : 0))
    }
}
