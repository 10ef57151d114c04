import Foundation

/// JSON read back from the binary and written out again with sorted keys and no spaces,
/// so outputs compare exactly whatever their layout. Keys named in `dropping` are left out
/// at every level (wall-clock times, say).
indirect enum CanonicalJSON: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([CanonicalJSON]), object([String: CanonicalJSON])

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null; return }
        if let value = try? single.decode(Bool.self) { self = .bool(value); return }
        if let value = try? single.decode(Double.self) { self = .number(value); return }
        if let value = try? single.decode(String.self) { self = .string(value); return }
        if let value = try? single.decode([CanonicalJSON].self) { self = .array(value); return }
        self = .object(try single.decode([String: CanonicalJSON].self))
    }

    static func parse(_ text: String) throws -> CanonicalJSON {
        try JSONDecoder().decode(CanonicalJSON.self, from: Data(text.utf8))
    }

    func rendered(dropping: Set<String> = []) -> String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Int(exactly: n).map(String.init) ?? "\(n)"
        case .string(let s): return Self.quote(s)
        case .array(let items): return "[" + items.map { $0.rendered(dropping: dropping) }.joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.filter { !dropping.contains($0.key) }.sorted { $0.key < $1.key }
                .map { Self.quote($0.key) + ":" + $0.value.rendered(dropping: dropping) }.joined(separator: ",") + "}"
        }
    }

    /// The items of an array, else the value itself.
    var items: [CanonicalJSON] {
        if case .array(let items) = self { return items }
        return [self]
    }

    /// The value of a number, else `nil`.
    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    subscript(key: String) -> CanonicalJSON? {
        if case .object(let pairs) = self { return pairs[key] }
        return nil
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Lines compared with a file under Tests/Fixtures; a missing file is written and the
/// test fails once, saying so; `SOJOURN_RECORD_GOLDEN=1` rewrites it.
enum GoldenFile {
    static func compare(_ actual: [String], with path: String) throws -> [String] {
        let file = CLI.packageRoot.appendingPathComponent(path)
        let record = ProcessInfo.processInfo.environment["SOJOURN_RECORD_GOLDEN"] == "1"
        guard !record, let text = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try (actual.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return ["recorded \(actual.count) lines in \(path); run the tests again"]
        }
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        for (index, (want, got)) in zip(expected, actual).enumerated() where want != got {
            return ["line \(index + 1) of \(path) differs:\n  expected \(want)\n  actual   \(got)"]
        }
        return expected.count == actual.count ? [] : ["\(path): \(actual.count) lines, expected \(expected.count)"]
    }
}
