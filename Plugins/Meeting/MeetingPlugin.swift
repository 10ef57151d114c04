public import SojournKit
import Foundation

/// A session between roles (mentoring, coaching, reverse mentoring), usually repeated:
/// each occurrence is held (minutes, rating, private notes, feedback) or missed; missed
/// minutes can be made up at the next session.
public struct MeetingPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// The roles who meet.
        public var between: [Located<String>]
        /// How long a session is meant to last.
        public var minutes: Located<Int>
        /// Add missed minutes to the next session (default false).
        public var makeUp: Bool?
        /// Questions asked after each session.
        public var feedback: [Question]?
        /// The share of sessions, in percent, that must be held for the step to count as
        /// attended (default 0: any).
        public var minAttendance: Located<Int>?
        /// Mark a session missed when its due date passes unrecorded (default true).
        public var autoMiss: Bool?
        /// With make_up: the most minutes owed at once (default: one session's length).
        public var maxOwed: Located<Int>?
        /// The time of day sessions start, `HH:MM`, for calendars (default: all day).
        public var at: Located<String>?
        /// The zone `at` is in: a role of the pair (their roster time zone) or an IANA
        /// zone name.
        public var timeZone: Located<String>?

        enum CodingKeys: String, CodingKey {
            case between, minutes, makeUp = "make_up", feedback, minAttendance = "min_attendance", autoMiss = "auto_miss", maxOwed = "max_owed"
            case at, timeZone = "time_zone"
        }

        /// The most minutes a pair can owe.
        var owedCap: Int { maxOwed?.value ?? minutes.value }
    }

    public struct Input: Decodable, Sendable {
        /// true: held; false: missed.
        public var held: Bool
        public var minutes: Int?
        /// 1 to 5.
        public var rating: Located<Int>?
        /// Private notes: the engine keeps them apart (`privateInputKeys`); the step
        /// neither keeps nor publishes them.
        public var notes: String?
        public var reason: String?
        /// Answers to the feedback questions.
        public var feedback: [String: PluginValue]?
    }

    public struct State: PluginState {
        public var held = 0
        public var missed = 0
        public var minutes = 0
        public var ratings: [Int] = []
        public var withFeedback = 0
        /// Minutes missed and not yet made up.
        public var owed = 0
        /// When a session was last recorded as held.
        public var lastHeld: CalendarDate?
        /// The people of the pair when the last session opened; optional, so states
        /// stored before it existed still read.
        public var pair: [String]?
        public init() {}
    }

    public static let name = "meeting"
    /// Notes about a session (how someone copes abroad) stay out of the history.
    public static let privateInputKeys: Set<String> = ["notes"]
    public static let summary = "A session between roles, usually repeated: held (minutes, rating, notes, feedback) or missed, with make-up minutes."
    public static let keyDescriptions = [
        "between": "The roles who meet, such as [employee, mentor].",
        "minutes": "How long a session is meant to last.",
        "make_up": "Add missed minutes to the next session (default false).",
        "feedback": "Questions asked after each session (id, text, kind, required); answers are optional when recording.",
        "min_attendance": "Percent of sessions that must be held for the step to count as attended (default 0).",
        "auto_miss": "Mark a session missed when its due date passes unrecorded (default true).",
        "at": "The time sessions start, HH:MM (24-hour), for calendar invitations, or overlap: when the working hours (09:00-17:00) of the pair, each in their roster time zone, overlap (default: all-day sessions).",
        "time_zone": "The zone 'at' is in: a role of the pair (its person's roster time zone), or an IANA name such as Europe/Oslo. Needed with 'at'.",
        "max_owed": "With make_up: the most minutes owed at once (default: one session's length); what is owed is cleared when someone in the pair leaves or is replaced.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.between.isEmpty { context.error("a meeting needs the roles who meet in 'between'", at: nil) }
        for role in configuration.between { context.checkRole(role) }
        if !(1...1440).contains(configuration.minutes.value) { context.error("'minutes' is the length of a session, from 1 to 1440 (a day), not \(configuration.minutes.value)", at: configuration.minutes.location) }
        if let cap = configuration.maxOwed, !(0...100_000).contains(cap.value) { context.error("'max_owed' is a number of minutes from 0 to 100000, not \(cap.value)", at: cap.location) }
        if let attendance = configuration.minAttendance, !(0...100).contains(attendance.value) {
            context.error("'min_attendance' is a percentage from 0 to 100, not \(attendance.value)", at: attendance.location)
        }
        Question.validate(configuration.feedback ?? [], in: &context)
        validateTime(configuration, in: &context)
    }

    private static func validateTime(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if let at = configuration.at, at.value == "overlap" {
            if let zone = configuration.timeZone {
                context.error("'at: overlap' finds the time in each person's own time zone; remove 'time_zone'", at: zone.location, length: zone.value.count)
            }
            return
        }
        if let at = configuration.at, CalendarEntry.time(at.value) == nil {
            context.error("'at' is a time of day written HH:MM, such as 09:00 or 14:30, or overlap (the working hours the pair shares), not '\(at.value)'", at: at.location, length: at.value.count)
        }
        switch (configuration.at, configuration.timeZone) {
        case (let at?, nil):
            context.error("'at' needs 'time_zone': a role of the pair, such as \(configuration.between.first?.value ?? "mentor"), or a zone such as Europe/Oslo", at: at.location, length: at.value.count)
        case (nil, let zone?):
            context.error("'time_zone' says where 'at' is; give 'at' too, or remove 'time_zone'", at: zone.location, length: zone.value.count)
        case (_?, let zone?):
            let pair = configuration.between.map(\.value)
            if !pair.contains(zone.value), !(zone.value.contains("/") && TimeZone(identifier: zone.value) != nil) {
                let hint = Suggestions.didYouMean(zone.value, among: pair + TimeZone.knownTimeZoneIdentifiers)
                context.error("'time_zone' is a role of the pair (\(pair.joined(separator: ", "))) or an IANA zone such as Europe/Oslo, not '\(zone.value)'\(hint)", at: zone.location, length: zone.value.count)
            }
        case (nil, nil):
            break
        }
    }

    /// Sessions are invitations to the pair, at `at` in `time_zone` when given, or when
    /// the pair's working days overlap (`at: overlap`).
    public static func calendarEntry(for configuration: Configuration) -> CalendarEntry? {
        let pair = configuration.between.map(\.value)
        var entry = CalendarEntry(attendees: pair, minutes: configuration.minutes.value)
        if configuration.at?.value == "overlap" {
            entry.zone = .overlap
        } else if let at = configuration.at.flatMap({ CalendarEntry.time($0.value) }), let zone = configuration.timeZone?.value {
            entry.time = at
            entry.zone = pair.contains(zone) ? .role(zone) : .named(zone)
        }
        return entry
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("held", .number, "Sessions held."),
            OutputDescription("missed", .number, "Sessions missed."),
            OutputDescription("minutes", .number, "Minutes met in all."),
            OutputDescription("average_rating", .number, "The average rating of rated sessions."),
            OutputDescription("with_feedback", .number, "Sessions held with every feedback question answered."),
            OutputDescription("attendance", .number, "Percent of sessions held."),
            OutputDescription("fell_short", .boolean, "Whether attendance is below min_attendance."),
            OutputDescription("owed_minutes", .number, "Missed minutes not yet made up."),
            OutputDescription("last_held", .date, "When a session was last recorded as held (for nudges)."),
        ]
    }

    static func summary(_ state: State, _ configuration: Configuration) -> [String: PluginValue] {
        let total = state.held + state.missed
        let attendance = total == 0 ? 100 : state.held * 100 / total
        var outputs: [String: PluginValue] = [
            "held": .number(Double(state.held)), "missed": .number(Double(state.missed)), "minutes": .number(Double(state.minutes)),
            "with_feedback": .number(Double(state.withFeedback)), "attendance": .number(Double(attendance)),
            "fell_short": .bool(attendance < (configuration.minAttendance?.value ?? 0)), "owed_minutes": .number(Double(state.owed)),
        ]
        if let lastHeld = state.lastHeld { outputs["last_held"] = .date(lastHeld) }
        if !state.ratings.isEmpty {
            let average = Double(state.ratings.reduce(0, +)) / Double(state.ratings.count)
            outputs["average_rating"] = .number(Double(Int(average * 10 + 0.5)) / 10)
        }
        return outputs
    }

    static func request(_ context: StepContext<Configuration>, _ state: State) -> InputRequest {
        let configuration = context.configuration
        let extra = configuration.makeUp == true && state.owed > 0 ? " + \(state.owed) make-up" : ""
        let who = configuration.between.map(\.value).joined(separator: " and ")
        var fields = [
            InputField("held", "yes-no", required: true, "true if held, false if missed"), InputField("minutes", "number", "How long it lasted."),
            InputField("rating", "scale", "1 to 5."), InputField("notes", "text", "Private notes."), InputField("reason", "text", "Why it was missed."),
        ]
        if let feedback = configuration.feedback, !feedback.isEmpty { fields.append(InputField("feedback", "mapping", "Answers: " + feedback.map(\.id.value).joined(separator: ", "))) }
        return InputRequest("Record the session of \(who): \(configuration.minutes.value) minutes\(extra), held or missed", fields: fields)
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        // Make-up is owed by a pair: someone new in it (a mentor replaced) starts afresh.
        let pair = context.configuration.between.map { context.people[$0.value] ?? "" }
        if let previous = state.pair, previous != pair { state.owed = 0 }
        state.pair = pair
        return .waiting(for: request(context, state), outputs: summary(state, context.configuration))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        var problems: [InputProblem] = []
        if input.held {
            let minutes = input.minutes ?? configuration.minutes.value
            if minutes <= 0 { problems.append(InputProblem("minutes must be more than 0 for a held session", key: "minutes")) }
            if minutes > 24 * 60 { problems.append(InputProblem("a session lasts at most a day (1440 minutes), not \(minutes)", key: "minutes")) }
            if let rating = input.rating, !(1...5).contains(rating.value) { problems.append(InputProblem("a rating is from 1 to 5, not \(rating.value)", key: "rating")) }
            if let feedback = configuration.feedback, !feedback.isEmpty {
                // Feedback may come later or not at all; when given, it is checked in full.
                if let given = input.feedback {
                    problems += Question.read(given, against: feedback).problems.map { InputProblem($0.message, key: "feedback") }
                }
            } else if input.feedback != nil {
                problems.append(InputProblem("this meeting asks no feedback questions", key: "feedback"))
            }
        } else {
            if input.minutes != nil { problems.append(InputProblem("a missed session has no minutes; leave minutes out, or record held=true", key: "minutes")) }
            if input.rating != nil { problems.append(InputProblem("a missed session has no rating; leave rating out, or record held=true", key: "rating")) }
        }
        return problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let configuration = context.configuration
        var updated = state
        if input.held {
            let minutes = input.minutes ?? configuration.minutes.value
            if let rating = input.rating { updated.ratings.append(rating.value) }
            if let feedback = configuration.feedback, !feedback.isEmpty, let given = input.feedback,
               Question.read(given, against: feedback).answers.count == feedback.count { updated.withFeedback += 1 }
            updated.held += 1
            updated.lastHeld = context.today
            updated.minutes += minutes
            // Minutes beyond the planned length make up what was missed.
            if configuration.makeUp == true { updated.owed = max(0, updated.owed - max(0, minutes - configuration.minutes.value)) }
        } else {
            updated.missed += 1
            if configuration.makeUp == true { updated.owed = min(configuration.owedCap, updated.owed + configuration.minutes.value) }
        }
        state = updated
        return input.held ? .completed(summary(state, configuration)) : .missed(summary(state, configuration))
    }

    /// The pair that meets: their pairings last while sessions remain.
    public static func roles(for configuration: Configuration) -> [String] {
        configuration.between.map(\.value)
    }

    /// A session's due date passed unrecorded: it counts as missed (unless auto_miss is off).
    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        guard context.occurrence != nil, context.configuration.autoMiss ?? true else { return nil }
        state.missed += 1
        // Someone in the pair has left (released, not yet replaced): nothing is owed to a
        // pair that no longer exists.
        let paired = context.configuration.between.allSatisfy { context.people[$0.value] != nil }
        if !paired {
            state.owed = 0
        } else if context.configuration.makeUp == true {
            state.owed = min(context.configuration.owedCap, state.owed + context.configuration.minutes.value)
        }
        return .missed(summary(state, context.configuration))
    }
}
