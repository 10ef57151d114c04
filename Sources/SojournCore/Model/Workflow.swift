public import SojournKit
public import SojournLanguage

/// A workflow as its file describes it: fields, roles and phases of steps.
public struct Workflow: Sendable {
    /// The workflow's id (`workflow:`), a slug.
    public var id: Located<String>
    /// The human title.
    public var title: String
    /// A longer description, if any.
    public var summary: String?
    /// The author's version number, if any.
    public var version: Int?
    /// What `bd` counts business days in: a country field or a country code.
    public var calendar: Located<String>?
    /// The data HR gives when a case opens, in file order.
    public var fields: [FieldDefinition]
    /// The roles people play in a case.
    public var roles: [Located<String>]
    /// The roles whose people run the case (`operators: [hr]`): they may amend, end,
    /// hold or reassign it, and record input on behalf of someone else, with a reason.
    public var operators: [Located<String>] = []
    /// The roles whose people may read private input besides its author
    /// (`private_readers: [coach]`; `sojourn private`).
    public var privateReaders: [Located<String>] = []
    /// How long a case is kept after it ends (`retention: 3y after end`); `sojourn purge`
    /// removes it then. `nil`: kept until removed by hand.
    public var retention: Located<Period>?
    /// The wording of reminders, overdue notices, escalations and digests (`messages:`,
    /// `language:`).
    public var messages = MessageTemplates()
    /// Whether reminders, overdue notices and escalations are gathered into one message
    /// a day per person (`digest: daily`); a person's roster entry may say otherwise.
    public var digest = false
    /// The phases, in file order.
    public var phases: [Phase]
    /// The file the workflow was read from.
    public var source: SourceFile
    /// Where `workflow:` is.
    public var location: SourceLocation
    /// The engine's layout of the workflow, worked out once (`engineLayout`).
    let layoutBox = EngineLayoutBox()

    /// What a step counts business days in: its own `calendar:`, else its phase's, else
    /// the workflow's; `nil` for weekends only.
    public func calendarChoice(of step: Step, in phase: Phase) -> Located<String>? {
        step.calendar ?? phase.calendar ?? calendar
    }

    /// Every `calendar:` the workflow names, the workflow's first, without repeats.
    public var calendarChoices: [Located<String>] {
        var seen = Set<String>()
        let all = [calendar] + phases.flatMap { [$0.calendar] + $0.steps.map(\.calendar) }
        return all.compactMap { $0 }.filter { seen.insert($0.value).inserted }
    }

    /// The field named `name`.
    public func field(_ name: String) -> FieldDefinition? {
        fields.first { $0.name.value == name }
    }

    /// The phase with id `id`.
    public func phase(_ id: String) -> Phase? {
        phases.first { $0.id.value == id }
    }

    /// Every step, in file order.
    public var steps: [Step] { phases.flatMap(\.steps) }

    /// The step with id `id`, and the phase it is in.
    public func step(_ id: String) -> (step: Step, phase: Phase)? {
        for phase in phases {
            if let step = phase.steps.first(where: { $0.id.value == id }) { return (step, phase) }
        }
        return nil
    }
}

/// A field of the workflow: a value HR gives when opening a case.
public struct FieldDefinition: Sendable {
    public var name: Located<String>
    public var type: FieldType
    public var required: Bool
    /// The options of a `choice` field.
    public var options: [Located<String>]
    public var title: String?
    public var summary: String?
    /// The value used when HR gives none, already checked against the type.
    public var defaultValue: Value?
    public var location: SourceLocation
    /// The smallest and largest value of a number field (`min:`, `max:`), when set.
    public var minimum: Double?
    public var maximum: Double?

    /// Reads a value given as text: its type, its options, its range.
    public func parse(_ text: String) -> Result<Value, FieldValueError> {
        let parsed = type.parse(text, options: options.map(\.value))
        guard case .success(.number(let number)) = parsed else { return parsed }
        if let minimum, number < minimum { return .failure(FieldValueError("is \(Self.format(number)), below the minimum \(Self.format(minimum))")) }
        if let maximum, number > maximum { return .failure(FieldValueError("is \(Self.format(number)), above the maximum \(Self.format(maximum))")) }
        return parsed
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}

/// A phase: a group of steps that starts when the phases it follows are finished.
public struct Phase: Sendable {
    public var id: Located<String>
    public var title: String?
    public var summary: String?
    /// The phases this one follows; `nil` means the previous phase, `[]` the case's opening.
    public var after: [Located<String>]?
    /// The earliest date the phase may start.
    public var start: SourceExpression?
    /// A condition; when false at start, the phase and its steps are skipped.
    public var when: SourceExpression?
    public var steps: [Step]
    /// What its steps count business days in, when not the workflow's (`calendar:`).
    public var calendar: Located<String>?
    public var location: SourceLocation
}

/// A step: one thing to do, done through a step plugin.
public struct Step: Sendable {
    public var id: Located<String>
    public var title: String?
    public var summary: String?
    /// The plugin (`uses:`).
    public var uses: Located<String>
    /// The role that must act.
    public var owner: Located<String>?
    /// The steps of the same phase this one follows; `nil` means the previous step,
    /// `[]` the phase's start.
    public var after: [Located<String>]?
    public var start: SourceExpression?
    public var due: SourceExpression?
    public var remind: [SourceExpression]
    public var when: SourceExpression?
    /// How long after its due date it may still be recorded before it counts as missed
    /// (`grace: 2w`): overdue meanwhile, and the plugin's `timePassed` comes after it.
    public var grace: Located<Period>?
    /// What it counts business days in, when not its phase's or the workflow's.
    public var calendar: Located<String>?
    /// Who is told when it is still not done some time after its due date.
    public var escalate: Escalation?
    /// Whether its phase waits for it (`blocking: false`: the phase completes without it,
    /// and it goes on until done or the case completes).
    public var blocking = true
    /// Recurrence segments, in order; empty for a step that happens once.
    public var repeats: [RepeatSegment]
    /// The `with:` node, for the plugin's configuration.
    public var with: Node?
    /// The plugin's decoded configuration, once the workflow is validated.
    public var configuration: StepConfiguration?
    /// Conditions over the case in the plugin's settings, parsed: the step waits for the
    /// steps they mention, as for `when:`.
    public var configurationConditions: [SourceExpression] = []
    public var location: SourceLocation

    /// What `remindersSent` holds once the step (or occurrence) was escalated: moving
    /// its due date clears both, so the escalation counts from the new date.
    public static let escalationMark = -1

    /// The title, or the id when the step has none.
    public var displayTitle: String { title ?? id.value }
}

/// One segment of a step's recurrence: `every:` plus how long it lasts.
public struct RepeatSegment: Sendable {
    /// How a segment ends.
    public enum Limit: Sendable {
        /// `for: 12w`: occurrences until this long after the segment's start (exclusive).
        case duration(Located<Period>)
        /// `count: 6`: this many occurrences.
        case count(Located<Int>)
        /// `until: return - 4w`: occurrences up to and including this date.
        case until(SourceExpression)
    }

    /// What an occurrence that falls on a weekend or holiday does (`on_holiday:`).
    public enum HolidayRule: String, Sendable, CaseIterable {
        /// It stays on its date.
        case keep
        /// It moves to the next working day.
        case nextBusinessDay = "next-business-day"
        /// It moves to the working day before.
        case previousBusinessDay = "previous-business-day"
    }

    public var every: Located<Period>
    public var limit: Limit
    /// Where the segment's series is laid out from (`from: departure + 1w`), instead of
    /// the step's start (or, for a later segment, one interval after the last occurrence).
    public var from: SourceExpression?
    public var onHoliday: HolidayRule = .keep
    public var location: SourceLocation
}
