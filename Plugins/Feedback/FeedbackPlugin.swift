public import SojournKit

/// A 360° feedback round: people in named roles answer the same questions about someone
/// in the case; those who have not answered are reminded; with `anonymous`, results are
/// published only as averages, and only once enough have answered.
public struct FeedbackPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// Whom the feedback is about (a role; default employee).
        public var about: Located<String>?
        /// The roles asked to answer.
        public var from: [Located<String>]
        public var questions: [Question]
        /// Publish averages only, never who said what (default false).
        public var anonymous: Bool?
        /// With `anonymous`: how many answers before anything is published (default 3).
        public var minAnswers: Located<Int>?
        /// Remind those who have not answered this long after the round opens, and again
        /// as long again after that, until it completes (default: no reminders).
        public var remindAfter: Located<String>?

        enum CodingKeys: String, CodingKey {
            case about, from, questions, anonymous, minAnswers = "min_answers", remindAfter = "remind_after"
        }

        var threshold: Int { anonymous == true ? minAnswers?.value ?? 3 : 1 }
    }

    /// One respondent's answers.
    public struct Input: Decodable, Sendable {
        /// The role the respondent answers as.
        public var `as`: Located<String>
        public var answers: [String: PluginValue]
    }

    public struct State: PluginState {
        /// Answers by role (kept in the step's state; published only as the settings say).
        public var answers: [String: [String: PluginValue]] = [:]
        public var reminders = 0
        public init() {}
    }

    public static let name = "feedback"
    public static let summary = "A 360° feedback round: roles answer questions about someone; anonymous rounds publish averages from a minimum of answers."
    public static let keyDescriptions = [
        "about": "Whom the feedback is about: a role (default employee).",
        "from": "The roles asked to answer, such as [manager, mentor, mentee].",
        "questions": "Each {id, text, kind: yes-no|choice|scale|number|date|text, options, required}.",
        "anonymous": "true: publish only averages, and only from min_answers answers (default false).",
        "min_answers": "With anonymous: answers needed before anything is published (default 3).",
        "remind_after": "Remind those who have not answered this long after the round opens, and again each time as long again (default none).",
    ]
    /// Answers are personal: kept out of the case's history.
    public static let privateInputKeys: Set<String> = ["answers"]

    static func period(_ text: String) -> Period? {
        if case .success(let period) = Period.parse(text) { return period }
        return nil
    }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if let about = configuration.about { context.checkRole(about) }
        if configuration.from.isEmpty { context.error("'from' needs at least one role to ask", at: nil) }
        for role in configuration.from { context.checkRole(role) }
        context.checkUnique(configuration.from, what: "role")
        if configuration.questions.isEmpty { context.error("'questions' needs at least one question", at: nil) }
        Question.validate(configuration.questions, in: &context)
        if let minimum = configuration.minAnswers {
            if configuration.anonymous != true {
                context.error("'min_answers' applies to an anonymous round; add 'anonymous: true' or remove it", at: minimum.location)
            } else if minimum.value < 2 || minimum.value > configuration.from.count {
                context.error("'min_answers' is from 2 to the number of roles asked (\(configuration.from.count)), not \(minimum.value)", at: minimum.location)
            }
        }
        if let remind = configuration.remindAfter, period(remind.value) == nil {
            context.error("'remind_after' is a duration such as 1w or 5bd, not '\(remind.value)'", at: remind.location, length: remind.value.count)
        }
    }

    /// Who besides the owner may give input.
    public static func inputRoles(for configuration: Configuration) -> [String] {
        configuration.from.map(\.value)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [OutputDescription("answered", .number, "How many of the roles asked have answered."), OutputDescription("asked", .number, "How many roles were asked.")]
            + configuration.questions.filter { $0.kind == .scale || $0.kind == .number }.map { OutputDescription("avg_\($0.id.value)", .number, "The mean answer, once enough have answered.") }
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let configuration = context.configuration
        let about = configuration.about?.value ?? "employee"
        let subject = "Feedback about \(context.people[about].map(PersonText.name) ?? about)"
        var outcome = StepOutcome.waiting(for: request(context, state), outputs: summary(context, state), wakeUp: nextReminder(context, after: context.started))
        outcome.messages = [OutgoingMessage(to: configuration.from.map(\.value), subject: subject, body: "Please answer \(configuration.questions.count) question(s)" + (configuration.anonymous == true ? "; answers are shown only as averages" : "") + ".")]
        return outcome
    }

    static func request(_ context: StepContext<Configuration>, _ state: State) -> InputRequest {
        let waiting = context.configuration.from.map(\.value).filter { state.answers[$0] == nil }
        return InputRequest("Feedback from \(waiting.joined(separator: ", "))", fields: [InputField("as", "role", required: true, "The role answering.")]
            + Question.inputFields(context.configuration.questions).map { InputField("answers.\($0.name)", $0.kind, required: $0.required, $0.summary) })
    }

    static func nextReminder(_ context: StepContext<Configuration>, after date: CalendarDate) -> CalendarDate? {
        guard let text = context.configuration.remindAfter?.value, let period = period(text) else { return nil }
        return try? period.apply(to: date, calendar: context.businessCalendar)
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        let roles = configuration.from.map(\.value)
        guard roles.contains(input.as.value) else {
            return [InputProblem("'\(input.as.value)' is not asked for feedback; the roles asked are \(Suggestions.list(roles, conjunction: "and"))", key: "as")]
        }
        return Question.read(input.answers, against: configuration.questions).problems.map { InputProblem($0.message, key: "answers") }
    }

    /// Recorded by the person in the role (or for them by the step's owner); complete
    /// when every role has answered.
    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let role = input.as.value
        if state.answers[role] != nil { throw InputProblem("\(role) has already answered", key: "as") }
        let about = context.configuration.about?.value ?? "employee"
        if let subject = context.people[about].flatMap(PersonText.email), subject.lowercased() == context.actor.flatMap(PersonText.email)?.lowercased() {
            throw InputProblem("the feedback is about \(context.actor ?? "them"); they cannot answer it", key: "as")
        }
        state.answers[role] = Question.read(input.answers, against: context.configuration.questions).answers
        let outputs = summary(context, state)
        guard state.answers.count == context.configuration.from.count else {
            return .waiting(for: request(context, state), outputs: outputs, wakeUp: nextReminder(context, after: context.today))
        }
        return .completed(outputs)
    }

    /// Averages of the scale and number questions, only once enough have answered.
    static func summary(_ context: StepContext<Configuration>, _ state: State) -> [String: PluginValue] {
        var outputs: [String: PluginValue] = ["answered": .number(Double(state.answers.count)), "asked": .number(Double(context.configuration.from.count))]
        guard state.answers.count >= context.configuration.threshold else { return outputs }
        for question in context.configuration.questions where question.kind == .scale || question.kind == .number {
            let values = state.answers.values.compactMap { $0[question.id.value]?.number }
            guard !values.isEmpty else { continue }
            outputs["avg_\(question.id.value)"] = .number((values.reduce(0, +) / Double(values.count) * 10).rounded() / 10)
        }
        return outputs
    }

    /// The reminder date came: remind the roles that have not answered, and ask again later.
    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        guard let next = nextReminder(context, after: context.today), context.due.map({ context.today <= $0 }) ?? true else { return nil }
        let waiting = context.configuration.from.map(\.value).filter { state.answers[$0] == nil }
        guard !waiting.isEmpty, context.today >= (nextReminder(context, after: context.started) ?? context.today) else { return nil }
        state.reminders += 1
        var outcome = StepOutcome.waiting(for: request(context, state), outputs: summary(context, state), wakeUp: next)
        outcome.messages = [OutgoingMessage(to: waiting, subject: "Reminder: your feedback", body: "Your answers are still awaited.")]
        return outcome
    }
}
