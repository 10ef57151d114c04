/// Loads YAML text into node trees, on the system libyaml.
///
/// ```swift
/// let loader = YAMLLoader()
/// let root = try loader.loadDocument(SourceFile(path: "x.yaml", text: text))
/// ```
public struct YAMLLoader: Sendable {
    /// The bounds that protect against hostile input.
    public var limits: LoaderLimits
    /// Whether `<<` merge keys are applied (YAML 1.1's merge; on by default). With this
    /// off, `<<` is an ordinary key, as in strict YAML 1.2.
    public var mergeKeys: Bool

    /// Creates a loader.
    public init(limits: LoaderLimits = .default, mergeKeys: Bool = true) {
        self.limits = limits
        self.mergeKeys = mergeKeys
    }

    /// Loads every document of a stream.
    ///
    /// - Throws: `Diagnostic` for a syntax error, invalid UTF-8, a duplicate key, an
    ///   unknown anchor or a limit exceeded, positioned where the problem is.
    public func loadStream(_ source: SourceFile) throws(Diagnostic) -> [Node] {
        try loadStream(bytes: Array(source.text.utf8), file: source.path)
    }

    /// Loads every document of a stream of raw bytes (checked to be UTF-8 by libyaml).
    public func loadStream(bytes: [UInt8], file: String) throws(Diagnostic) -> [Node] {
        guard bytes.count <= limits.maxInputBytes else {
            throw .error("the file is \(bytes.count) bytes; the limit is \(limits.maxInputBytes) bytes", at: SourceLocation(file: file, line: 1, column: 1))
        }
        var documents: [Node] = []
        do {
            try Self.withLibYAMLInput(bytes) { buffer in
                var builder = TreeBuilder(file: file, bytes: buffer, limits: limits, mergeKeys: mergeKeys)
                try EventParser.parse(buffer) { (event: consuming ParseEvent) in
                    try builder.handle(event)
                }
                documents = builder.documents
            }
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let problem as LibYAMLProblem {
            throw Self.diagnostic(for: problem, bytes: bytes, file: file)
        } catch {
            throw .error("could not read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return documents
    }

    /// Parses `bytes` with libyaml alone and counts the events, building nothing: the
    /// reference the loader's speed is measured against (see Docs/performance.md).
    public static func libyamlEventCount(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { try? EventParser.countEvents($0) }
    }

    /// Loads a stream that must hold exactly one document.
    ///
    /// - Throws: `Diagnostic` as `loadStream`, or when the file is empty or holds more
    ///   than one document.
    public func loadDocument(_ source: SourceFile) throws(Diagnostic) -> Node {
        let documents = try loadStream(source)
        guard let first = documents.first else {
            throw .error("the file holds no YAML document; it is empty", at: SourceLocation(file: source.path, line: 1, column: 1))
        }
        guard documents.count == 1 else {
            throw .error(
                "the file holds \(documents.count) YAML documents; it must hold exactly one",
                at: documents[1].location,
                notes: [Diagnostic.Note("the first document starts here", at: first.location)])
        }
        return first
    }

    /// libyaml 0.2.5 drops the line break of a last line made only of spaces when the file
    /// does not end with a line break (`|+` keeps it by the spec); ending such a file with
    /// one gives the spec's reading without moving any position.
    private static func withLibYAMLInput<R>(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let lastBreak = bytes.lastIndex(of: UInt8(ascii: "\n")) ?? -1
        let lastLine = bytes[(lastBreak + 1)...]
        if !lastLine.isEmpty, lastLine.allSatisfy({ $0 == UInt8(ascii: " ") }) {
            return try (bytes + [UInt8(ascii: "\n")]).withUnsafeBufferPointer(body)
        }
        return try bytes.withUnsafeBufferPointer(body)
    }

    private static func diagnostic(for problem: LibYAMLProblem, bytes: [UInt8], file: String) -> Diagnostic {
        func location(_ mark: ParseEvent.Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
        }
        if let offset = problem.byteOffset {
            let at = SourceFile.location(ofByteOffset: offset, in: bytes, file: file)
            let message = problem.problem.contains("UTF-8")
                ? "the file is not valid UTF-8 (\(problem.problem)); save it as UTF-8"
                : problem.problem.contains("control characters")
                    ? "control characters are not allowed here; remove the character"
                    : "cannot be read as YAML: \(problem.problem)"
            return .error(message, at: at)
        }
        var notes: [Diagnostic.Note] = []
        if let context = problem.context, let mark = problem.contextMark {
            notes.append(Diagnostic.Note("\(context) that starts here", at: location(mark)))
        }
        let at = problem.mark.map(location) ?? SourceLocation(file: file, line: 1, column: 1)
        return .error("invalid YAML: \(problem.problem)", at: at, notes: notes)
    }
}
