import SojournKit

/// The keys of each part of the workflow language, with what they mean. The reader
/// checks files against these and `sojourn schema` describes them, so the two agree.
enum LanguageSpec {
    /// One key of a mapping.
    struct Key {
        var name: String
        var required: Bool
        var summary: String
        var schema: JSON
    }

    /// A mapping the language defines, such as a step.
    struct Object {
        /// What it is, for messages: `a step`.
        var noun: String
        var keys: [Key]

        var names: [String] { keys.map(\.name) }
        var required: [String] { keys.filter(\.required).map(\.name) }
    }

    static let slugPattern = "^[a-z][a-z0-9]*([-_][a-z0-9]+)*$"

    private static let slug: JSON = .object([("type", "string"), ("pattern", .string(slugPattern))])
    private static let text: JSON = .object([("type", "string")])
    private static let dateExpression: JSON = .object([
        ("type", "string"),
        ("description", "A date: an anchor (a date field, step.started, step.done, phase.started, phase.done, due, start or 2027-01-15) plus or minus durations such as 8w, 3d, 2mo, 1y, 5bd or P2W."),
    ])
    private static let condition: JSON = .object([
        ("type", ["string", "boolean"]),
        ("description", "A condition: comparisons (== != < <= > >=), and, or, not, in [..], over fields, step outputs (step.name), step.count and dates."),
    ])
    private static func oneOrMany(_ item: JSON) -> JSON {
        .object([("oneOf", [item, .object([("type", "array"), ("items", item)])])])
    }
    private static let duration: JSON = .object([
        ("type", "string"),
        ("pattern", "^([0-9]+(d|w|mo|y|bd))+$|^P([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$"),
        ("description", "A duration: 3d, 2w, 6mo, 1y, 5bd (business days) or ISO 8601 such as P2W."),
    ])

    static let workflow = Object(noun: "a workflow", keys: [
        Key(name: "workflow", required: true, summary: "The workflow's id: lowercase words joined by '-'.", schema: slug),
        Key(name: "title", required: false, summary: "The name people see.", schema: text),
        Key(name: "description", required: false, summary: "What the workflow is for.", schema: text),
        Key(name: "version", required: false, summary: "Your version number for this file, a whole number.", schema: .object([("type", "integer"), ("minimum", 1)])),
        Key(name: "calendar", required: false, summary: "Whose public holidays business days (bd) skip: a country field such as host_country, or a country code such as FR.", schema: text),
        Key(name: "fields", required: false, summary: "The data HR gives when a case opens, by name.", schema: .object([("type", "object")])),
        Key(name: "roles", required: false, summary: "The roles people play in a case, such as employee, mentor, hr.", schema: .object([("type", "array"), ("items", slug)])),
        Key(name: "retention", required: false, summary: "How long a case is kept once it has ended, such as '3y after end'; sojourn purge removes it then.", schema: .object([("type", "string"), ("pattern", "^([0-9]+(d|w|mo|y))+ after end$")])),
        Key(name: "private_readers", required: false, summary: "The roles whose people may read private input (meeting notes, document numbers) besides its author, with sojourn private, such as [coach].", schema: .object([("type", "array"), ("items", slug)])),
        Key(name: "operators", required: false, summary: "The roles whose people run a case: they amend, end, hold and reassign it, and record for others with a reason, such as [hr].", schema: .object([("type", "array"), ("items", slug)])),
        Key(name: "language", required: false, summary: "The language of messages for people whose roster entry gives none, or one the workflow has no wording in (default en).", schema: .object([("type", "string"), ("pattern", .string(languagePattern))])),
        Key(name: "digest", required: false, summary: "daily: gather each person's reminders, overdue notices and escalations into one message a day; none (default): one message each.", schema: .object([("enum", ["daily", "none"])])),
        Key(name: "messages", required: false, summary: "The wording of reminder, overdue, escalation and digest messages: subject and body with {placeholders}, in one language or per language (en:, de:).", schema: .object([("type", "object")])),
        Key(name: "phases", required: true, summary: "The phases, in order.", schema: .object([("type", "array")])),
    ])

    static let languagePattern = "^[a-z]{2,3}(-[a-z0-9]{2,8})*$"

    static let wording = Object(noun: "a message wording", keys: [
        Key(name: "subject", required: true, summary: "The subject line, one line, with {placeholders}.", schema: text),
        Key(name: "body", required: true, summary: "The text, with {placeholders}.", schema: text),
    ])

    static let escalation = Object(noun: "an escalation", keys: [
        Key(name: "after", required: true, summary: "How long after the due date, such as 1w or 3bd.", schema: duration),
        Key(name: "to", required: true, summary: "The roles told, such as [hr].", schema: oneOrMany(slug)),
    ])

    static let field = Object(noun: "a field", keys: [
        Key(name: "type", required: true, summary: "text, number, yes-no, date, email, country, timezone, person, choice or list.", schema: .object([("enum", .array(FieldType.allCases.map { .string($0.rawValue) }))])),
        Key(name: "required", required: false, summary: "Whether a case cannot open without it (default false).", schema: .object([("type", "boolean")])),
        Key(name: "options", required: false, summary: "The options of a choice field.", schema: .object([("type", "array"), ("items", text)])),
        Key(name: "default", required: false, summary: "The value when HR gives none.", schema: .object([])),
        Key(name: "min", required: false, summary: "The smallest value of a number field.", schema: .object([("type", "number")])),
        Key(name: "max", required: false, summary: "The largest value of a number field.", schema: .object([("type", "number")])),
        Key(name: "title", required: false, summary: "The name people see.", schema: text),
        Key(name: "description", required: false, summary: "What to enter.", schema: text),
    ])

    static let phase = Object(noun: "a phase", keys: [
        Key(name: "id", required: true, summary: "The phase's id, unique in the workflow.", schema: slug),
        Key(name: "title", required: false, summary: "The name people see.", schema: text),
        Key(name: "description", required: false, summary: "What happens in this phase.", schema: text),
        Key(name: "after", required: false, summary: "The phases this one follows (default: the previous phase; [] for the case's opening).", schema: oneOrMany(slug)),
        Key(name: "start", required: false, summary: "The earliest date the phase starts.", schema: dateExpression),
        Key(name: "when", required: false, summary: "A condition; when false as the phase would start, it is skipped.", schema: condition),
        Key(name: "steps", required: true, summary: "The steps, in order.", schema: .object([("type", "array")])),
        Key(name: "calendar", required: false, summary: "What its steps count business days in: a country field, a country code, or weekends.", schema: text),
    ])

    static let step = Object(noun: "a step", keys: [
        Key(name: "id", required: true, summary: "The step's id, unique in the workflow.", schema: slug),
        Key(name: "title", required: false, summary: "The name people see.", schema: text),
        Key(name: "description", required: false, summary: "What to do.", schema: text),
        Key(name: "uses", required: true, summary: "The step plugin that runs it.", schema: text),
        Key(name: "owner", required: false, summary: "The role that must act.", schema: slug),
        Key(name: "after", required: false, summary: "Steps of the same phase this one follows (default: the previous step; [] for the phase's start).", schema: oneOrMany(slug)),
        Key(name: "start", required: false, summary: "The earliest date the step starts.", schema: dateExpression),
        Key(name: "due", required: false, summary: "When it should be done; later it is overdue.", schema: dateExpression),
        Key(name: "remind", required: false, summary: "Dates to remind the owner, often relative to due.", schema: oneOrMany(dateExpression)),
        Key(name: "when", required: false, summary: "A condition; when false as the step would start, it is skipped.", schema: condition),
        Key(name: "calendar", required: false, summary: "What it counts business days in: a country field, a country code, or weekends.", schema: text),
        Key(name: "grace", required: false, summary: "How long after its due date it may still be recorded; after that it counts as missed.", schema: duration),
        Key(name: "escalate", required: false, summary: "Tell other roles when it is still not done some time after its due date: after (a duration) and to (roles).", schema: .object([("type", "object")])),
        Key(name: "blocking", required: false, summary: "false: its phase does not wait for it (a survey, a nudge). Default true.", schema: .object([("type", "boolean")])),
        Key(name: "repeat", required: false, summary: "Recurrence: segments of every plus for, count or until.", schema: .object([])),
        Key(name: "with", required: false, summary: "The plugin's settings.", schema: .object([("type", "object")])),
    ])

    static let repeatSegment = Object(noun: "a repeat segment", keys: [
        Key(name: "every", required: true, summary: "The time between occurrences.", schema: duration),
        Key(name: "for", required: false, summary: "How long the segment lasts.", schema: duration),
        Key(name: "count", required: false, summary: "How many occurrences.", schema: .object([("type", "integer"), ("minimum", 1)])),
        Key(name: "until", required: false, summary: "The last date an occurrence may fall on.", schema: dateExpression),
        Key(name: "from", required: false, summary: "Where the series is laid out from (default: the step's start; for a later segment, one interval after the last occurrence).", schema: dateExpression),
        Key(name: "on_holiday", required: false, summary: "An occurrence on a weekend or holiday: keep (default), next-business-day or previous-business-day.", schema: .object([("enum", .array(RepeatSegment.HolidayRule.allCases.map { .string($0.rawValue) }))])),
    ])

    /// Names that mean something in expressions, so no id or field may take them.
    static let reservedNames: Set<String> = ["today", "due", "start", "and", "or", "not", "in", "true", "false", "null"]
}
