import Foundation
import SojournCore
import SojournKit
import Testing

/// Whole histories compared event by event against a file recorded from an earlier engine,
/// so that a change in how cases are stored or advanced cannot change what happens to them
/// unnoticed. Every field of every event is compared (the wall-clock time aside).
///
/// A missing file is written and the test fails once, saying so; `SOJOURN_RECORD_GOLDEN=1`
/// rewrites the files (do that only for a deliberate change, and say why in the commit).
enum GoldenHistory {
    static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Histories")

    /// One line per event: `case|sequence|date|kind|phase|step|occurrence|actor|data`.
    static func lines(_ events: [StoredEvent]) -> [String] {
        events.map { stored in
            let event = stored.event
            return [
                stored.caseID, String(stored.sequence), event.date.description, event.kind.rawValue, event.phase ?? "",
                event.step ?? "", event.occurrence.map(String.init) ?? "", event.actor ?? "", canonical(.object(event.data)),
            ].joined(separator: "|")
        }
    }

    /// A value as JSON with sorted keys, dates marked as such.
    static func canonical(_ value: PluginValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Int(exactly: n).map(String.init) ?? "\(n)"
        case .text(let s): return quote(s)
        case .date(let d): return "{\"$date\":\"\(d)\"}"
        case .list(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.sorted { $0.key < $1.key }.map { quote($0.key) + ":" + canonical($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// The histories of `ids` (in that order), compared with the file `name`.
    static func check(_ service: CaseService, ids: [String], name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var actual: [String] = []
        for id in ids { actual += lines(try service.history(id)) }
        try compare(actual, name: name, sourceLocation: sourceLocation)
    }

    static func compare(_ actual: [String], name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name + ".txt")
        let record = ProcessInfo.processInfo.environment["SOJOURN_RECORD_GOLDEN"] == "1"
        guard !record, let text = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try (actual.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(actual.count) events in \(file.path); run the tests again", sourceLocation: sourceLocation)
            return
        }
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            Issue.record("event \(index + 1) of \(name) differs:\n  expected \(want)\n  actual   \(got)", sourceLocation: sourceLocation)
            return
        }
        #expect(actual.count == expected.count, "\(name): \(actual.count) events, expected \(expected.count)", sourceLocation: sourceLocation)
    }
}
