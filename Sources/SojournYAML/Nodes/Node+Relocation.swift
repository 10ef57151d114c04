extension Node {
    /// The same tree as if its text had started on line `line` of `file` (its own file
    /// when `nil`): a line of a larger file, read on its own, pointing at its real line.
    /// Columns stay as they are.
    public func relocated(toLine line: Int, file: String? = nil) -> Node {
        var copy = self
        copy.location = SourceLocation(file: file ?? location.file, line: location.line + line - 1, column: location.column)
        switch content {
        case .scalar:
            break
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.relocated(toLine: line, file: file) })
        case .mapping(let pairs):
            copy.content = .mapping(pairs.map { Pair(key: $0.key.relocated(toLine: line, file: file), value: $0.value.relocated(toLine: line, file: file)) })
        }
        return copy
    }
}
