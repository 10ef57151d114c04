/// A problem found in a source file, in the shape swiftc reports them.
///
/// A diagnostic has a severity, a message, the position it is about and optional notes
/// that point at related places (`note: first defined here`).
public struct Diagnostic: Sendable, Hashable, Error {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error, warning, note

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs.rank < rhs.rank
        }

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }
    }

    /// A related place, shown after the diagnostic.
    public struct Note: Sendable, Hashable {
        /// What the related place is.
        public var message: String
        /// Where it is, if it has a place in a file.
        public var location: SourceLocation?

        /// Creates a note.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// One line saying what is wrong and, where possible, what to do.
    public var message: String
    /// Where the problem is; `nil` for problems about a whole file that has no text.
    public var location: SourceLocation?
    /// How many columns to underline from `location` (at least 1).
    public var length: Int
    /// Related places.
    public var notes: [Note]

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, length: Int = 1, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.notes = notes
    }

    /// An error at a location.
    public static func error(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, length: length, notes: notes)
    }

    /// A warning at a location.
    public static func warning(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: location, length: length, notes: notes)
    }
}

extension Diagnostic {
    /// `message (file:line:column)`: the problem first, for a message about something
    /// else (a case) that the workflow's text explains.
    public var messageWithPlace: String {
        location.map { "\(message) (\($0))" } ?? message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `file:line:column: severity: message`, the first line of the rendered form.
    public var description: String {
        if let location {
            return "\(location): \(severity.rawValue): \(message)"
        }
        return "\(severity.rawValue): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// The diagnostics in the order a reader expects: by file, line and column.
    public func sortedByPosition() -> [Diagnostic] {
        enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Whether any of the diagnostics is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }
}

/// One or more diagnostics thrown together: every problem found, not just the first.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    /// The diagnostics, in position order.
    public var diagnostics: [Diagnostic]

    /// Creates the error from the diagnostics found.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sortedByPosition()
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
