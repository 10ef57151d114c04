public import SojournKit

/// Coaching milestones, each measurable with a target date and evidence when met, and
/// peer feedback requested from named people.
public struct MilestonesPlugin: StepPlugin {
    public struct Milestone: Decodable, Sendable {
        public var id: Located<String>
        public var text: String
        /// How it is measured.
        public var measure: String
        /// When it should be met: a date (2027-06-01), a duration after the step starts
        /// (8w), or a date expression over the case (return + 30d).
        public var target: DateExpression
    }

    public struct Configuration: Decodable, Sendable {
        public var milestones: [Milestone]
        /// Roles asked for peer feedback (a message is queued to each when the step starts).
        public var feedbackFrom: [Located<String>]?
        /// How many pieces of feedback are needed (default: none).
        public var feedbackNeeded: Located<Int>?

        enum CodingKeys: String, CodingKey {
            case milestones, feedbackFrom = "feedback_from", feedbackNeeded = "feedback_needed"
        }
    }

    public struct Input: Decodable, Sendable {
        /// Evidence by milestone id.
        public var met: [String: String]?
        /// Feedback from a peer.
        public var feedback: Feedback?

        public struct Feedback: Decodable, Sendable {
            public var from: String
            public var text: String
        }
    }

    public struct State: PluginState {
        public var met: [String: String] = [:]
        public var feedback: [String] = []
        public init() {}
    }

    public static let name = "milestones"
    public static let summary = "Measurable coaching milestones with target dates and evidence, and peer feedback."
    public static let keyDescriptions = [
        "milestones": "Each with id, text, measure and target: a date, a duration after the step starts (8w), or a date expression (return + 30d).",
        "feedback_from": "Roles asked for peer feedback when the step starts.",
        "feedback_needed": "How many pieces of peer feedback are needed (default none).",
    ]

    /// A date or a duration after the step starts, read without the case.
    static func fixedTarget(_ text: String, from start: CalendarDate, calendar: BusinessCalendar) -> CalendarDate? {
        if let date = CalendarDate(text) { return date }
        if case .success(let period) = Period.parse(text) { return try? period.apply(to: start, calendar: calendar) }
        return nil
    }

    /// When a milestone should be met in this case; `nil` while its expression cannot be
    /// worked out yet.
    static func target(_ milestone: Milestone, _ context: StepContext<Configuration>) -> CalendarDate? {
        fixedTarget(milestone.target.text, from: context.started, calendar: context.businessCalendar) ?? context.date(of: milestone.target)
    }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.milestones.isEmpty { context.error("'milestones' needs at least one milestone", at: nil) }
        context.checkUnique(configuration.milestones.map(\.id), what: "milestone id")
        // A date or a duration stands alone; anything else is a date expression over the case.
        for milestone in configuration.milestones where fixedTarget(milestone.target.text, from: CalendarDate(dayNumber: 0), calendar: .weekendsOnly) == nil {
            let text = milestone.target.text
            // One word that names no field is neither a date nor an expression of one.
            if !text.contains(where: { "+-. ".contains($0) }), !context.fieldNames.contains(text) {
                context.error("'\(text)' is not a target; write a date (2027-06-01), a duration after the step starts (8w), or a date such as return + 30d", at: milestone.target.location, length: text.count)
            } else {
                context.check(milestone.target)
            }
        }
        for role in configuration.feedbackFrom ?? [] { context.checkRole(role) }
        if let needed = configuration.feedbackNeeded, needed.value > 0, (configuration.feedbackFrom ?? []).isEmpty {
            context.error("'feedback_needed' is \(needed.value) but 'feedback_from' names no one to ask", at: needed.location)
        }
    }

    /// Who besides the owner may give input.
    public static func inputRoles(for configuration: Configuration) -> [String] {
        (configuration.feedbackFrom ?? []).map(\.value)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("met", .number, "Milestones met."),
            OutputDescription("total", .number, "Milestones in all."),
            OutputDescription("feedback", .number, "Pieces of peer feedback received."),
            OutputDescription("late", .number, "Milestones met after their target, or still open past it."),
        ]
    }

    static func next(_ context: StepContext<Configuration>, _ state: State) -> StepOutcome {
        let configuration = context.configuration
        let open = configuration.milestones.filter { state.met[$0.id.value] == nil }
        let late = configuration.milestones.filter { milestone in
            guard let due = target(milestone, context) else { return false }
            return state.met[milestone.id.value] == nil && due < context.today
        }
        let outputs: [String: PluginValue] = [
            "met": .number(Double(state.met.count)), "total": .number(Double(configuration.milestones.count)),
            "feedback": .number(Double(state.feedback.count)), "late": .number(Double(late.count)),
        ]
        let feedbackMissing = max(0, (configuration.feedbackNeeded?.value ?? 0) - state.feedback.count)
        guard !open.isEmpty || feedbackMissing > 0 else { return .completed(outputs) }
        var parts: [String] = []
        if !open.isEmpty {
            parts.append("open: " + open.map { milestone in
                let due = target(milestone, context).map { " by \($0)" } ?? ""
                return "\(milestone.id.value) (\(milestone.measure)\(due))"
            }.joined(separator: ", "))
        }
        if feedbackMissing > 0 { parts.append("\(feedbackMissing) more peer feedback") }
        let wakeUp = open.compactMap { target($0, context)?.adding(days: 1) }.filter { $0 > context.today }.min()
        return .waiting(for: InputRequest(parts.joined(separator: "; "), fields: [
            InputField("met", "mapping", "Evidence by milestone id."), InputField("feedback", "mapping", "{from, text}"),
        ]), outputs: outputs, wakeUp: wakeUp)
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        var outcome = next(context, state)
        let peers = (context.configuration.feedbackFrom ?? []).map(\.value)
        if !peers.isEmpty {
            outcome.messages.append(OutgoingMessage(
                to: peers, subject: "Feedback requested",
                body: "Please give feedback on the coaching milestones: " + context.configuration.milestones.map(\.text).joined(separator: "; ")))
        }
        return outcome
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        let ids = configuration.milestones.map(\.id.value)
        var problems: [InputProblem] = []
        for (id, evidence) in (input.met ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !ids.contains(id) {
                problems.append(InputProblem("there is no milestone '\(id)'\(Suggestions.didYouMean(id, among: ids))", key: "met"))
            } else if evidence.allSatisfy(\.isWhitespace) {
                problems.append(InputProblem("milestone '\(id)' needs evidence: what shows it is met", key: "met"))
            }
        }
        if let feedback = input.feedback, feedback.text.allSatisfy(\.isWhitespace) { problems.append(InputProblem("feedback needs text", key: "feedback")) }
        if input.met == nil, input.feedback == nil { problems.append(InputProblem("record met milestones (met: {id: evidence}) or feedback ({from, text})", key: nil)) }
        return problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        var updated = state
        for (id, evidence) in (input.met ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard updated.met[id] == nil else { throw InputProblem("milestone '\(id)' is already met", key: "met") }
            updated.met[id] = evidence
        }
        if let feedback = input.feedback { updated.feedback.append("\(feedback.from): \(feedback.text)") }
        state = updated
        return next(context, state)
    }

    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        next(context, state)
    }
}
