import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// Input for `sojourn record`: `--set key=value` pairs or an input file, as one node.
enum InputArguments {
    /// A mapping node of the `--set` pairs. Each value is read as YAML, so `3` is a
    /// number, `true` a yes-no, `[a, b]` a list and `"3"` text. A dotted key sets a key of
    /// a mapping, as `sojourn plugins` lists it: `--set passport.number=X --set
    /// passport.expires=2031-05-01` is `{passport: {number: X, expires: 2031-05-01}}`.
    static func node(from pairs: [String]) throws -> Node {
        var root = Tree()
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--set takes key=value, for example --set note=\"went well\"; got '\(pair)'")
            }
            let key = String(pair[..<equals])
            let text = String(pair[pair.index(after: equals)...])
            let file = "--set \(key)"
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.contains(where: \.isEmpty) else {
                throw ValidationError("--set \(key): a key has no empty parts; write passport.number=…, not '\(key)'")
            }
            let value: Node
            do {
                value = try YAMLLoader().loadStream(SourceFile(path: file, text: text)).first
                    ?? Node(.scalar(Scalar("")), at: SourceLocation(file: file, line: 1, column: 1))
            } catch {
                throw ValidationError("--set \(key): \(error.message)")
            }
            try root.set(path, to: value, key: key)
        }
        return root.node(file: "--set")
    }

    /// The keys given so far, nested by their dotted parts, in the order given.
    private struct Tree {
        var keys: [String] = []
        var leaves: [String: Node] = [:]
        var branches: [String: Tree] = [:]

        mutating func set(_ path: [String], to value: Node, key: String) throws {
            let head = path[0]
            if path.count == 1 {
                guard leaves[head] == nil, branches[head] == nil else { throw ValidationError("--set \(key) is given twice, or also as part of a longer key; give it once") }
                leaves[head] = value
            } else {
                guard leaves[head] == nil else { throw ValidationError("--set \(key): '\(head)' is already given a value of its own; give either \(head)=… or its parts") }
                var branch = branches[head] ?? Tree()
                try branch.set(Array(path.dropFirst()), to: value, key: key)
                branches[head] = branch
            }
            if !keys.contains(head) { keys.append(head) }
        }

        func node(file: String) -> Node {
            let location = SourceLocation(file: file, line: 1, column: 1)
            let pairs = keys.map { key in
                Node.Pair(key: Node(.scalar(Scalar(key)), at: SourceLocation(file: "--set \(key)", line: 1, column: 1)),
                          value: leaves[key] ?? branches[key]?.node(file: "--set \(key)") ?? Node(.mapping([]), at: location))
            }
            return Node(.mapping(pairs), at: location)
        }
    }

    /// The input file's single document (YAML, or JSON, which is YAML).
    static func node(fromFile path: String) throws -> (Node, SourceFile) {
        let data: Data
        switch BoundedFile.read(path, limit: LoaderLimits.default.maxInputBytes) {
        case .success(let read): data = read
        case .failure(let refusal): throw ServiceError("the input file \(refusal.message)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ServiceError("the input file \(path) is not valid UTF-8; save it as UTF-8")
        }
        let source = SourceFile(path: path, text: text)
        do {
            return (try YAMLLoader().loadDocument(source), source)
        } catch {
            throw ServiceError("the input file has errors", diagnostics: [error], sources: [source])
        }
    }
}
