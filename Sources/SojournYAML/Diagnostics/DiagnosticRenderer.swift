/// Renders diagnostics as swiftc does: `file:line:column: error: message`, the source
/// line, a caret under the column, then the notes the same way.
///
/// ```swift
/// let renderer = DiagnosticRenderer(sources: [file.path: file])
/// print(renderer.render(diagnostics))
/// ```
public struct DiagnosticRenderer: Sendable {
    /// How the parts of a diagnostic are styled; plain text unless the terminal has colour.
    public struct Style: Sendable {
        /// Styles a severity word (`error`, `warning`, `note`).
        public var severity: @Sendable (Diagnostic.Severity, String) -> String
        /// Styles the message and the position prefix.
        public var emphasis: @Sendable (String) -> String
        /// Styles the caret line.
        public var caret: @Sendable (String) -> String

        /// Creates a style from its parts.
        public init(
            severity: @escaping @Sendable (Diagnostic.Severity, String) -> String,
            emphasis: @escaping @Sendable (String) -> String,
            caret: @escaping @Sendable (String) -> String
        ) {
            self.severity = severity
            self.emphasis = emphasis
            self.caret = caret
        }

        /// No styling: what pipes, files and tests get.
        public static let plain = Style(severity: { $1 }, emphasis: { $0 }, caret: { $0 })
    }

    private let sources: [String: SourceFile]
    private let style: Style

    /// Creates a renderer that quotes lines from `sources`, keyed by path.
    public init(sources: [String: SourceFile], style: Style = .plain) {
        self.sources = sources
        self.style = style
    }

    /// Renders diagnostics in position order, each followed by its source line and caret.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedByPosition().map(render).joined()
    }

    /// Renders one diagnostic and its notes; every line ends with a line break.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = headline(diagnostic.severity, diagnostic.message, diagnostic.location)
        out += excerpt(at: diagnostic.location, length: diagnostic.length)
        for note in diagnostic.notes {
            out += headline(.note, note.message, note.location)
            out += excerpt(at: note.location, length: 1)
        }
        return out
    }

    private func headline(_ severity: Diagnostic.Severity, _ message: String, _ location: SourceLocation?) -> String {
        let prefix = location.map { style.emphasis("\($0):") + " " } ?? ""
        return prefix + style.severity(severity, severity.rawValue + ":") + " " + style.emphasis(message) + "\n"
    }

    /// The most characters of a source line quoted; a longer line is cut around the
    /// place, with `…` where text is left out.
    static let excerptWidth = 120

    private func excerpt(at location: SourceLocation?, length: Int) -> String {
        guard let location, let line = sources[location.file]?.line(location.line) else { return "" }
        var scalars = Array(line.unicodeScalars)
        var column = max(0, location.column - 1)
        var (before, after) = ("", "")
        let width = Self.excerptWidth
        if scalars.count > width {
            let start = min(max(0, column - width / 2), scalars.count - width)
            if start > 0 { before = "…" }
            if start + width < scalars.count { after = "…" }
            scalars = Array(scalars[start..<(start + width)])
            column = column - start + (before.isEmpty ? 0 : 1)
            scalars = Array(before.unicodeScalars) + scalars
        }
        // Keep tabs in the padding so the caret lines up with the tab-expanded source line.
        let padding = scalars.prefix(column).map { $0 == "\t" ? "\t" : " " }.joined()
        let available = max(1, scalars.count - column)
        let underline = "^" + String(repeating: "~", count: max(0, min(length, available) - 1))
        var quoted = String.UnicodeScalarView()
        quoted.append(contentsOf: scalars)
        return String(quoted) + after + "\n" + padding + style.caret(underline) + "\n"
    }
}
