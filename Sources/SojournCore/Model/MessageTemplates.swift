public import SojournKit

/// The wording of the messages Sojourn sends on its own: reminders, overdue notices,
/// escalations and the daily digest. A workflow overrides any of them under `messages:`,
/// in one language or several; what it leaves out is the built-in English.
public struct MessageTemplates: Sendable {
    /// What a message is about.
    public enum Kind: String, Sendable, CaseIterable {
        case reminder, overdue, escalation, digest
    }

    /// A subject and a body with `{name}` placeholders.
    public struct Wording: Sendable, Hashable {
        public var subject: String
        public var body: String

        public init(subject: String, body: String) {
            self.subject = subject
            self.body = body
        }
    }

    /// The workflow's wordings, by kind, then by language (`en`, `de`, `pt-br`).
    public var wordings: [Kind: [String: Wording]] = [:]
    /// The language of a recipient who has none, or whose language the workflow does not
    /// give (`language:`; default `en`).
    public var defaultLanguage = "en"

    public init() {}

    /// The placeholders every kind fills, besides the case's fields and roles.
    public static let placeholders: [Kind: [String]] = [
        .reminder: ["person", "step", "due", "prompt", "case", "workflow"],
        .overdue: ["person", "step", "due", "days", "days_late", "prompt", "case", "workflow"],
        .escalation: ["person", "owner", "step", "due", "days", "days_late", "case", "workflow"],
        .digest: ["person", "count", "items"],
    ]

    /// The built-in English.
    public static func builtIn(_ kind: Kind) -> Wording {
        switch kind {
        case .reminder: Wording(
            subject: "Reminder: {step} is due {due}",
            body: "Hello {person},\n\n{step} for {case} is due on {due}.\n\n{prompt}\n")
        case .overdue: Wording(
            subject: "Overdue: {step} was due {due}",
            body: "Hello {person},\n\n{step} for {case} was due on {due} and is not done yet ({days_late} late).\n\n{prompt}\n")
        case .escalation: Wording(
            subject: "Escalation: {step} for {case} is {days_late} late",
            body: "Hello {person},\n\n{step} for {case} was due on {due} and is still not done ({days_late} late). It is {owner}'s to do.\n")
        case .digest: Wording(
            subject: "Sojourn: {count} waiting for you",
            body: "Hello {person},\n\nHere is what is waiting for you:\n\n{items}\n")
        }
    }

    /// The wording of `kind` for someone whose language is `language` (`de-CH`): the
    /// workflow's in that language, else in its primary language (`de`), else in the
    /// workflow's default language, else the built-in English.
    public func wording(_ kind: Kind, language: String?) -> (wording: Wording, language: String) {
        let given = wordings[kind] ?? [:]
        var tried: [String] = []
        if let language = language?.lowercased() {
            tried.append(language)
            if let primary = language.split(separator: "-").first { tried.append(String(primary)) }
        }
        for candidate in tried {
            if let wording = given[candidate] { return (wording, candidate) }
        }
        // `de` reads a wording given as `de-de`.
        if let primary = tried.last, let found = given.sorted(by: { $0.key < $1.key }).first(where: { $0.key.split(separator: "-").first.map(String.init) == primary }) {
            return (found.value, found.key)
        }
        if let wording = given[defaultLanguage] { return (wording, defaultLanguage) }
        return (Self.builtIn(kind), "en")
    }
}

/// Who hears of a step still not done some time after its due date (`escalate:`).
public struct Escalation: Sendable {
    /// How long after the due date.
    public var after: Located<Period>
    /// The roles told.
    public var to: [Located<String>]
    public var location: SourceLocation
}
