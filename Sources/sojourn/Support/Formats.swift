import ArgumentParser
import SojournCore
import SojournKit

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension Diagnostic {
    /// The stable JSON form of a diagnostic (documented in Docs/cli.md).
    var json: JSON {
        var pairs: [(String, JSON)] = [("severity", .string(severity.rawValue)), ("message", .string(message))]
        pairs += Diagnostic.position(location)
        pairs.append(("length", .number(Double(length))))
        pairs.append(("notes", .array(notes.map { note in
            .object([("message", .string(note.message))] + Diagnostic.position(note.location))
        })))
        return .object(pairs)
    }

    private static func position(_ location: SourceLocation?) -> [(String, JSON)] {
        guard let location else { return [("file", .null), ("line", .null), ("column", .null)] }
        return [("file", .string(location.file)), ("line", .number(Double(location.line))), ("column", .number(Double(location.column)))]
    }
}

extension Int {
    /// "1 error", "2 warnings".
    func counted(_ noun: String) -> String {
        if noun == "person" { return "\(self) \(self == 1 ? "person" : "people")" }
        return "\(self) \(noun)\(self == 1 ? "" : "s")"
    }
}
