import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// Input for `sojourn record`: `--set key=value` pairs or an input file, as one node.
enum InputArguments {
    /// A mapping node of the `--set` pairs. Each value is read as YAML, so `3` is a
    /// number, `true` a yes-no, `[a, b]` a list and `"3"` text.
    static func node(from pairs: [String]) throws -> Node {
        var result: [Node.Pair] = []
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--set takes key=value, for example --set note=\"went well\"; got '\(pair)'")
            }
            let key = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            let file = "--set \(key)"
            let value: Node
            do {
                value = try YAMLLoader().loadStream(SourceFile(path: file, text: text)).first
                    ?? Node(.scalar(Scalar("")), at: SourceLocation(file: file, line: 1, column: 1))
            } catch {
                throw ValidationError("--set \(key): \(error.message)")
            }
            result.append(Node.Pair(key: Node(.scalar(Scalar(key)), at: SourceLocation(file: file, line: 1, column: 1)), value: value))
        }
        return Node(.mapping(result), at: SourceLocation(file: "--set", line: 1, column: 1))
    }

    /// The input file's single document (YAML, or JSON, which is YAML).
    static func node(fromFile path: String) throws -> (Node, SourceFile) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ServiceError("cannot read the input file \(path)")
        }
        let source = SourceFile(path: path, text: text)
        do {
            return (try YAMLLoader().loadDocument(source), source)
        } catch {
            throw ServiceError("the input file has errors", diagnostics: [error], sources: [source])
        }
    }
}
