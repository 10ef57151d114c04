public import SojournKit

/// What the names in an expression mean where it is written: a workflow's fields, steps
/// and phases, a plugin's own values, or the fields and steps a plugin test gives.
/// `ExpressionTyper` asks its scope about every name it meets.
public protocol ExpressionScope {
    /// The type of a (possibly dotted) name as written in `source`, or why it cannot be
    /// used there.
    mutating func resolve(_ names: [Expression.Name], in source: SourceExpression) -> NameResolution

    /// The options of a name whose values are a fixed choice (a `choice` field), so that
    /// text compared with it can be checked; `nil` when the name is not a choice.
    func choices(of name: String) -> (name: String, options: [String])?
}

/// What a scope says about a name.
public enum NameResolution: Sendable, Hashable {
    /// The name is known and has this type.
    case type(ExpressionType)
    /// The name cannot be used here: the message says why and what to write instead, and
    /// the range is the part of the expression to point at.
    case problem(String, at: Expression.Range)
}

/// Messages about names shared by every scope.
public enum NameHints {
    /// The names every step has besides its outputs: `<step>.count`, `.started`, `.done`.
    public static let stepMembers = ["count", "started", "done"]

    /// "unknown name 'x'" with the best hint: true/false for yes-no words, spaces around a
    /// minus that glued two names, the closest candidate, or `otherwise`.
    public static func unknownName(_ name: String, candidates: [String], otherwise: String) -> String {
        if ["yes", "no", "on", "off"].contains(name.lowercased()) {
            return "unknown name '\(name)'; yes-no values are written true and false in conditions: write \(["yes", "on"].contains(name.lowercased()) ? "true" : "false")"
        }
        if name.contains("-") {
            let parts = name.split(separator: "-").map(String.init)
            if let head = parts.first, candidates.contains(head) {
                return "unknown name '\(name)'; put spaces around '-' to subtract: \(head) - \(parts.dropFirst().joined(separator: "-"))"
            }
        }
        if let guess = Suggestions.closest(to: name, among: candidates) {
            return "unknown name '\(name)'; did you mean '\(guess)'?"
        }
        return "unknown name '\(name)'; \(otherwise)"
    }

    /// The problem with `name.part…` when `name` has no parts, or `nil` when there is
    /// only the one name.
    public static func noParts(_ names: [Expression.Name], kind: String) -> NameResolution? {
        guard names.count > 1 else { return nil }
        return .problem("\(kind) has no parts; remove '.\(names[1].text)'", at: names[1].range.lowerBound - 1..<names[names.count - 1].range.upperBound)
    }
}

/// A plugin's own values (a questionnaire's answers): each name is one of them, with the
/// kind the plugin gives it.
public struct ValuesScope: ExpressionScope {
    /// The values' names and kinds.
    public var kinds: [String: OutputDescription.Kind]

    /// A scope of `kinds`.
    public init(kinds: [String: OutputDescription.Kind]) {
        self.kinds = kinds
    }

    public func resolve(_ names: [Expression.Name], in source: SourceExpression) -> NameResolution {
        let first = names[0]
        guard let kind = kinds[first.text] else {
            let known = kinds.keys.sorted()
            let hint = Suggestions.closest(to: first.text, among: known).map { "; did you mean '\($0)'?" } ?? "; the names here are \(Suggestions.list(known))"
            return .problem("unknown name '\(first.text)'\(hint)", at: first.range)
        }
        return NameHints.noParts(names, kind: "'\(first.text)'") ?? .type(kind.expressionType)
    }

    public func choices(of name: String) -> (name: String, options: [String])? { nil }

    /// Every problem with a condition over values of `kinds` (syntax, names, types), as
    /// the engine and the plugin harness both check one; `source` lets positions point
    /// inside the text.
    public static func check(_ condition: Condition, kinds: [String: OutputDescription.Kind], source: SourceFile?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let expression = SourceExpression.parse(condition, source: source, into: &diagnostics) else { return diagnostics }
        var typer = ExpressionTyper(scope: ValuesScope(kinds: kinds))
        typer.check(expression, is: .boolean, description: "the condition")
        return diagnostics + typer.diagnostics
    }
}
