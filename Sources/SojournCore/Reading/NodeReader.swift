import SojournKit
import SojournLanguage

/// Reads the parts of a node tree the language defines, collecting every problem
/// instead of stopping at the first.
struct NodeReader {
    let source: SourceFile
    private(set) var diagnostics: [Diagnostic] = []

    init(source: SourceFile) {
        self.source = source
    }

    mutating func error(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location, length: length, notes: notes))
    }

    mutating func warning(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.warning(message, at: location, length: length, notes: notes))
    }

    mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: - Mappings

    /// The values of a mapping the language defines, by key. Reports a node that is not
    /// a mapping, unknown keys (with a did-you-mean) and missing required keys.
    mutating func mapping(_ node: Node, as object: LanguageSpec.Object) -> [String: Node]? {
        guard let pairs = node.mapping else {
            error("expected \(object.noun) (a mapping of keys such as \(Suggestions.list(object.required.isEmpty ? object.names.prefix(2).map { $0 } : object.required, conjunction: "and"))), found \(node.kindDescription)", at: node.location)
            return nil
        }
        var values: [String: Node] = [:]
        for pair in pairs {
            guard let key = pair.key.text, pair.key.scalar != nil else {
                error("keys must be plain names, not \(pair.key.kindDescription)", at: pair.key.location)
                continue
            }
            guard object.names.contains(key) else {
                let hint = Suggestions.closest(to: key, among: object.names).map { "; did you mean '\($0)'?" }
                    ?? "; \(object.noun) takes \(Suggestions.list(object.names))"
                error("unknown key '\(key)' in \(object.noun)\(hint)", at: pair.key.location, length: key.count)
                continue
            }
            values[key] = pair.value
        }
        for key in object.required where values[key] == nil {
            error("\(object.noun) needs '\(key)'", at: node.location)
        }
        return values
    }

    // MARK: - Scalars

    private static func isNull(_ node: Node) -> Bool {
        node.scalar != nil && node.resolvedValue == .null && node.tag == nil
    }

    /// The text of a scalar, or an error naming `what` it should be.
    mutating func text(_ node: Node, _ what: String) -> Located<String>? {
        guard let scalar = node.scalar, !Self.isNull(node) else {
            error("\(what) must be text, found \(node.kindDescription)", at: node.location)
            return nil
        }
        return Located(scalar.text, at: node.location)
    }

    /// Text that ends up on one line of a message, a calendar or a terminal (a title, a
    /// subject): no line breaks, control characters or bidirectional overrides.
    mutating func line(_ node: Node, _ what: String) -> Located<String>? {
        safeText(node, what, problem: { TextSafety.lineProblem($0) })
    }

    /// Free text people read (a description, a message body): line breaks are allowed,
    /// other control characters are not.
    mutating func prose(_ node: Node, _ what: String) -> Located<String>? {
        safeText(node, what, problem: { TextSafety.textProblem($0) })
    }

    private mutating func safeText(_ node: Node, _ what: String, problem: (String) -> String?) -> Located<String>? {
        guard let text = text(node, what) else { return nil }
        if let problem = problem(text.value) {
            error("\(what) \(problem)", at: node.location)
            return nil
        }
        return text
    }

    /// An id or name: lowercase letters, digits, '-' and '_', starting with a letter.
    mutating func name(_ node: Node, _ what: String) -> Located<String>? {
        guard let text = text(node, what) else { return nil }
        guard Self.isName(text.value) else {
            let suggestion = Self.slugified(text.value)
            let hint = suggestion.isEmpty ? "" : ", such as '\(suggestion)'"
            error("'\(text.value)' is not a valid \(what); use lowercase letters, digits, '-' and '_', starting with a letter\(hint)", at: node.location, length: text.value.count)
            return nil
        }
        guard !LanguageSpec.reservedNames.contains(text.value) else {
            error("'\(text.value)' cannot be used as \(what): it has a meaning of its own in conditions and dates", at: node.location, length: text.value.count)
            return nil
        }
        return text
    }

    static func isName(_ text: String) -> Bool {
        var previousWasSeparator = true
        for (index, scalar) in text.unicodeScalars.enumerated() {
            switch scalar {
            case "a"..."z": previousWasSeparator = false
            case "0"..."9":
                if index == 0 { return false }
                previousWasSeparator = false
            case "-", "_":
                if previousWasSeparator { return false }
                previousWasSeparator = true
            default: return false
            }
        }
        return !text.isEmpty && !previousWasSeparator
    }

    static func slugified(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if let last = out.last, last != "-" {
                out += "-"
            }
        }
        while out.last == "-" { out.removeLast() }
        while let first = out.first, !first.isLetter { out.removeFirst() }
        return out
    }

    /// A whole number.
    mutating func integer(_ node: Node, _ what: String, minimum: Int) -> Located<Int>? {
        guard case .int(let value) = node.resolvedValue, node.scalar != nil else {
            error("\(what) must be a whole number, found \(node.kindDescription)", at: node.location, length: node.text?.count ?? 1)
            return nil
        }
        guard value >= minimum else {
            error("\(what) must be at least \(minimum)", at: node.location, length: node.text?.count ?? 1)
            return nil
        }
        return Located(value, at: node.location)
    }

    /// `true` or `false`.
    mutating func boolean(_ node: Node, _ what: String) -> Bool? {
        guard case .bool(let value) = node.resolvedValue, node.scalar != nil else {
            let hint = ["yes", "no", "on", "off"].contains(node.text?.lowercased() ?? "") ? "; write true or false" : ""
            error("\(what) must be true or false, found \(node.kindDescription)\(hint)", at: node.location, length: node.text?.count ?? 1)
            return nil
        }
        return value
    }

    /// The items of a list; a single value counts as a list of one.
    mutating func items(_ node: Node, _ what: String) -> [Node] {
        if let items = node.sequence { return items }
        if node.mapping != nil {
            error("\(what) must be a list, found a mapping", at: node.location)
            return []
        }
        return Self.isNull(node) ? [] : [node]
    }

    /// A list that must be a list (not a single value).
    mutating func list(_ node: Node, _ what: String) -> [Node]? {
        guard let items = node.sequence else {
            error("\(what) must be a list (lines starting with '- '), found \(node.kindDescription)", at: node.location)
            return nil
        }
        return items
    }

    // MARK: - Expressions

    /// A duration such as `8w`, positioned at its text.
    mutating func period(_ node: Node, _ what: String) -> Located<Period>? {
        guard let text = text(node, what) else { return nil }
        switch Period.parse(text.value) {
        case .success(let period):
            guard period.isPositive else {
                error("\(what) must be longer than zero", at: node.location, length: text.value.count)
                return nil
            }
            return Located(period, at: node.location)
        case .failure(let problem):
            let column = textColumn(of: node)
            let at = column.map { node.location.advanced(by: $0 + problem.offset) } ?? node.location
            error(problem.message, at: at, length: max(1, text.value.count - problem.offset))
            return nil
        }
    }

    /// An expression (a condition or a date), parsed, with syntax errors pointed at.
    mutating func expression(_ node: Node, _ what: String) -> SourceExpression? {
        guard let scalar = node.scalar, !Self.isNull(node) else {
            error("\(what) must be an expression written as text, found \(node.kindDescription)", at: node.location)
            return nil
        }
        let text = scalar.text
        let column = textColumn(of: node)
        switch Result(catching: { () throws(ExpressionError) in try ExpressionParser.parse(text) }) {
        case .success(let expression):
            return SourceExpression(text: text, expression: expression, location: node.location, textColumn: column)
        case .failure(let problem):
            let holder = SourceExpression(text: text, expression: Expression(.null, range: 0..<0), location: node.location, textColumn: column)
            append(holder.diagnostic(.error, problem.message, at: problem.range))
            return nil
        }
    }

    /// How many columns after the node's start its text begins, when the source line
    /// spells the text out verbatim (so positions inside it can be computed).
    func textColumn(of node: Node) -> Int? {
        guard let scalar = node.scalar, let line = source.line(node.location.line) else { return nil }
        let shift: Int
        switch scalar.style {
        case .plain: shift = 0
        case .singleQuoted, .doubleQuoted: shift = 1
        default: return nil
        }
        let characters = Array(line.unicodeScalars)
        let value = Array(scalar.text.unicodeScalars)
        let start = node.location.column - 1 + shift
        guard start >= 0, start + value.count <= characters.count,
              Array(characters[start..<(start + value.count)]) == value
        else { return nil }
        return shift
    }
}
