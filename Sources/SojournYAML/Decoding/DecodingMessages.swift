/// The wording of decoding problems, shared by the decoder and the shape checker so the
/// same problem found both ways reads the same (and is reported once).
enum DecodingMessages {
    static func mismatch(_ expected: String, _ node: Node, hint: String = "") -> Diagnostic {
        .error("expected \(expected), found \(node.kindDescription)\(hint)", at: node.location, length: node.text?.count ?? 1)
    }

    static func notAMapping(_ node: Node) -> Diagnostic {
        .error("expected a mapping (key: value lines), found \(node.kindDescription)", at: node.location)
    }

    static func notAList(_ node: Node) -> Diagnostic {
        .error("expected a list, found \(node.kindDescription)", at: node.location)
    }

    static func missingKey(_ key: String, in mapping: Node) -> Diagnostic {
        .error("missing required key '\(key)'", at: mapping.location)
    }

    static func unknownKey(_ key: Node, known: [String]) -> Diagnostic {
        let name = key.text ?? ""
        let hint = Suggestions.closest(to: name, among: known).map { "; did you mean '\($0)'?" }
            ?? (known.isEmpty ? "" : "; expected \(Suggestions.list(known))")
        return .error("unknown key '\(name)'\(hint)", at: key.location, length: name.count)
    }

    static func unknownChoice(_ node: Node, names: [String]) -> Diagnostic {
        let text = node.text ?? ""
        let hint = Suggestions.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return .error("unknown value '\(text)'; expected \(Suggestions.list(names))\(hint)", at: node.location, length: text.count)
    }

    static func booleanHint(_ node: Node) -> String {
        ["yes", "no", "on", "off", "y", "n"].contains(node.text?.lowercased() ?? "") ? "; write true or false" : ""
    }
}
