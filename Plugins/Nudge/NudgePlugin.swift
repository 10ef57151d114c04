public import SojournKit

/// Rules for pairs that go quiet: "no session recorded for 4 weeks: remind both
/// partners; 12 weeks: warn the programme lead; a week later: close the pairing", and
/// "first session not held within 3 weeks of matching". Runs beside the step it watches
/// and finishes with it.
public struct NudgePlugin: StepPlugin {
    public struct Rule: Decodable, Sendable {
        /// How long without activity: a duration (4w, 10bd).
        public var after: Located<String>
        /// Only before the first activity (`first session not held within 3 weeks`).
        public var firstOnly: Bool?
        /// Roles to message.
        public var notify: [Located<String>]?
        public var message: String?
        /// A role whose pairing ends (`mentor`).
        public var release: Located<String>?
        /// Fire again this long after each time, while nothing happens (`every: 2w`).
        public var every: Located<String>?

        enum CodingKeys: String, CodingKey { case after, firstOnly = "first_only", notify, message, release, every }
    }

    public struct Configuration: Decodable, Sendable {
        /// The step whose completed occurrences count as activity.
        public var watch: Located<String>
        /// A step whose completion starts the clock (default: when this step starts).
        public var since: Located<String>?
        /// An output of the watched step that holds the date of its last activity, such
        /// as a meeting's `last_held` (default: when an occurrence last completed).
        public var activity: Located<String>?
        public var rules: [Rule]
    }

    public struct State: PluginState {
        /// Rules fired in the current quiet stretch, by index, and when the stretch began.
        public var fired: [Int] = []
        public var stretchStart: CalendarDate?
        public var sent = 0
        public var released: [String] = []
        /// How many times each repeating rule fired in this quiet stretch, by rule index.
        /// Optional: states stored before it existed still read.
        public var repeats: [String: Int]?
        public init() {}
    }

    public static let name = "nudge"
    public static let summary = "Reminds, warns and closes pairings when no activity is recorded for a while."
    public static let keyDescriptions = [
        "watch": "The step whose completed occurrences count as activity (the sessions).",
        "since": "A step whose completion starts the clock (default: when this step starts).",
        "activity": "An output of the watched step holding the date of its last activity, such as a meeting's last_held (default: when an occurrence last completed, missed sessions included).",
        "rules": "Each {after: 4w, every: 2w, first_only, notify: [roles], message, release: role}; every repeats the rule while nothing happens.",
    ]

    static func period(_ text: String) -> Period? {
        if case .success(let period) = Period.parse(text) { return period }
        return nil
    }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        for step in [configuration.watch] + [configuration.since].compactMap({ $0 }) where !context.stepIDs.contains(step.value) {
            context.error("there is no step '\(step.value)'\(Suggestions.didYouMean(step.value, among: context.stepIDs))", at: step.location)
        }
        if configuration.watch.value == context.stepID { context.error("a nudge cannot watch itself", at: configuration.watch.location) }
        if configuration.rules.isEmpty { context.error("a nudge needs at least one rule", at: nil) }
        for rule in configuration.rules {
            if case .failure(let problem) = Period.parse(rule.after.value) { context.error(problem.message, at: rule.after.location) }
            if let every = rule.every, case .failure(let problem) = Period.parse(every.value) { context.error(problem.message, at: every.location) }
            for role in rule.notify ?? [] { context.checkRole(role) }
            if let role = rule.release { context.checkRole(role) }
            if (rule.notify ?? []).isEmpty, rule.release == nil {
                context.error("a rule needs 'notify' or 'release', or it does nothing", at: rule.after.location)
            }
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("nudges", .number, "Messages sent."),
            OutputDescription("released", .list, "Roles whose pairing was closed."),
        ]
    }

    /// The date of the latest activity, or when the clock starts, and whether there was any.
    static func lastActivity(_ context: StepContext<Configuration>) -> (date: CalendarDate, any: Bool) {
        let watched = context.steps[context.configuration.watch.value]
        if let output = context.configuration.activity?.value {
            if case .date(let last)? = watched?.outputs[output] { return (last, true) }
        } else if let last = watched?.lastCompleted {
            return (last, true)
        }
        let since = context.configuration.since.flatMap { context.steps[$0.value]?.finished }
        return (since ?? context.started, false)
    }

    static func evaluate(_ context: StepContext<Configuration>, _ state: inout State) -> StepOutcome {
        let configuration = context.configuration
        let watched = context.steps[configuration.watch.value]
        func outputs() -> [String: PluginValue] { ["nudges": .number(Double(state.sent)), "released": .list(state.released.map(PluginValue.text))] }
        if let watched, watched.state == "completed" || watched.state == "skipped" || watched.state == "failed" {
            return .completed(outputs())
        }
        let (last, any) = lastActivity(context)
        if state.stretchStart != last {
            // Activity since the last stretch: the rules start over.
            state.stretchStart = last
            state.fired = []
            state.repeats = nil
        }
        let title = watched?.title ?? configuration.watch.value
        // Waiting with no request: it runs by itself and puts nothing on the agenda.
        var result = StepOutcome(status: .waiting)
        var next: CalendarDate?
        for (index, rule) in configuration.rules.enumerated() where !state.fired.contains(index) {
            if rule.firstOnly == true, any { continue }
            guard let period = period(rule.after.value), var due = try? period.apply(to: last, calendar: context.businessCalendar) else { continue }
            // A repeating rule is due again each 'every' after its first time.
            let times = state.repeats?[String(index)] ?? 0
            if let every = rule.every.flatMap({ Self.period($0.value) }) {
                for _ in 0..<times { due = (try? every.apply(to: due, calendar: context.businessCalendar)) ?? due }
            }
            if due <= context.today {
                if let every = rule.every.flatMap({ Self.period($0.value) }) {
                    state.repeats = (state.repeats ?? [:]).merging([String(index): times + 1]) { _, new in new }
                    if let again = try? every.apply(to: due, calendar: context.businessCalendar) { next = min(next ?? again, again) }
                } else {
                    state.fired.append(index)
                }
                if let roles = rule.notify?.map(\.value), !roles.isEmpty {
                    state.sent += 1
                    let text = rule.message ?? "\(title): none done since \(last) (missed ones do not count)."
                    result.messages.append(OutgoingMessage(to: roles, subject: "\(title): none done since \(last)", body: text))
                }
                if let role = rule.release?.value, context.people[role] != nil {
                    result.release.append(role)
                    state.released.append(role)
                }
            } else {
                next = min(next ?? due, due)
            }
        }
        result.outputs = outputs()
        // Look again when the next rule is due, and at least weekly to notice the watched
        // step finishing.
        result.wakeUp = min(next ?? context.today.adding(days: 7), context.today.adding(days: 7))
        return result
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        evaluate(context, &state)
    }

    public static func check(_ input: NoInput, configuration: Configuration) -> [InputProblem] {
        [InputProblem("a nudge takes no input; it watches '\(configuration.watch.value)'")]
    }

    public static func record(_ input: NoInput, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        throw InputProblem("a nudge takes no input; it watches '\(context.configuration.watch.value)'")
    }

    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        evaluate(context, &state)
    }
}
