/// Decodes `Decodable` types from a node tree, with errors that point at the node.
///
/// Problems are `Diagnostic`s with the file, line and column of the offending node:
/// a wrong type, a missing required key, an unknown key (with a did-you-mean among the
/// keys the type asked for), or whatever a type's own `init(from:)` throws. A wrong
/// value for an optional key does not stop decoding, so several such problems are
/// reported at once.
///
/// ```swift
/// struct Config: Decodable { var checklist: [String]? }
/// let config = try NodeDecoder().decode(Config.self, from: node)
/// ```
public struct NodeDecoder: Sendable {
    /// Whether keys no property asked for are errors (the default) or ignored.
    public var rejectsUnknownKeys: Bool

    /// Creates a decoder.
    public init(rejectsUnknownKeys: Bool = true) {
        self.rejectsUnknownKeys = rejectsUnknownKeys
    }

    /// Decodes a value of type `T` from `node`.
    ///
    /// - Throws: `DiagnosticError` with every problem found, in position order.
    public func decode<T: Decodable>(_ type: T.Type, from node: Node) throws(DiagnosticError) -> T {
        let (value, problems) = decodeReportingProblems(T.self, from: node)
        guard let value, problems.isEmpty else { throw DiagnosticError(problems) }
        return value
    }

    /// Decodes a value of type `T` from `node`, returning it with the problems found.
    ///
    /// The value is `nil` when decoding stopped. It is present, with problems, when
    /// only unknown keys or wrong optional values were found (those read as absent), so
    /// callers can check it further and report everything in one run.
    public func decodeReportingProblems<T: Decodable>(_ type: T.Type, from node: Node) -> (T?, [Diagnostic]) {
        do {
            return (try decodeStrictly(T.self, from: node), [])
        } catch let error as PartialDecoding<T> {
            return (error.value, error.problems)
        } catch {
            return (nil, (error as? DiagnosticError)?.diagnostics ?? [])
        }
    }

    private struct PartialDecoding<T>: Error {
        var value: T
        var problems: [Diagnostic]
    }

    private func decodeStrictly<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        let session = DecodingSession()
        let decoder = NodeDecoderImplementation(node: node, codingPath: [], session: session)
        let value: T
        do {
            value = try decoder.decodeValue(T.self)
        } catch {
            // Decoding stopped at this problem; checking the type's shape finds the
            // others, so the author sees them all in one run.
            let stopped = DecodingSession.diagnostic(for: error, at: node)
            let shapeProblems = ShapeChecker.problems(in: node, against: ShapeProbe.shape(of: T.self))
            var all = session.problems + [stopped]
            for problem in shapeProblems where !all.contains(problem) { all.append(problem) }
            throw DiagnosticError(all)
        }
        if rejectsUnknownKeys { session.reportUnknownKeys() }
        if !session.problems.isEmpty { throw PartialDecoding(value: value, problems: DiagnosticError(session.problems).diagnostics) }
        return value
    }
}

/// State shared by the decoders of one `decode` call.
final class DecodingSession {
    /// Problems that did not stop decoding (wrong values for optional keys, unknown keys).
    var problems: [Diagnostic] = []
    /// For each mapping a keyed container read, which keys were asked for.
    private var mappings: [SourceLocation: (node: Node, asked: Set<String>, all: Bool)] = [:]

    func noteAsked(_ key: String, in node: Node) {
        mappings[node.location, default: (node, [], false)].asked.insert(key)
    }

    func noteAllKeysRead(in node: Node) {
        mappings[node.location, default: (node, [], false)].all = true
    }

    func reportUnknownKeys() {
        for (_, entry) in mappings where !entry.all {
            for pair in entry.node.mapping ?? [] {
                guard let key = pair.key.text, !entry.asked.contains(key) else { continue }
                problems.append(DecodingMessages.unknownKey(pair.key, known: entry.asked.sorted()))
            }
        }
    }

    /// A diagnostic for any error thrown while decoding `node`.
    static func diagnostic(for error: any Error, at node: Node) -> Diagnostic {
        switch error {
        case let diagnostic as Diagnostic:
            return diagnostic
        case let error as DecodingError:
            switch error {
            case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
                return .error(context.debugDescription, at: node.location)
            @unknown default:
                return .error("\(error)", at: node.location)
            }
        default:
            return .error("\(error)", at: node.location)
        }
    }
}
