public import SojournKit

/// Self-guided questions (eligibility, pairing preferences), with an optional
/// `eligible_if:` condition over the answers.
public struct QuestionnairePlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        public var questions: [Question]
        /// A condition over the answers, by question id: `stay >= 6 and wants_mentor`.
        public var eligibleIf: Condition?
        /// What to tell the employee, shown with the questions.
        public var instructions: String?

        enum CodingKeys: String, CodingKey {
            case questions, eligibleIf = "eligible_if", instructions
        }
    }

    /// The answers, by question id.
    public typealias Input = [String: PluginValue]

    public static let name = "questionnaire"
    public static let summary = "Questions the employee answers; outputs the answers and whether they are eligible."
    public static let keyDescriptions = [
        "questions": "The questions: id, text, kind (yes-no, choice, scale 1-5, number, date, text), options for choice, required (default true).",
        "eligible_if": "A condition over the answers that decides the output 'eligible' (default: eligible).",
        "instructions": "What to tell the person answering.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.questions.isEmpty { context.error("a questionnaire needs at least one question", at: nil) }
        Question.validate(configuration.questions, in: &context)
        if let condition = configuration.eligibleIf {
            var kinds: [String: OutputDescription.Kind] = [:]
            for question in configuration.questions { kinds[question.id.value] = question.kind.outputKind }
            context.check(condition, scope: .values(kinds))
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        configuration.questions.map { OutputDescription($0.id.value, $0.kind.outputKind, $0.text ?? "The answer.") }
            + [OutputDescription("eligible", .boolean, "Whether the answers meet eligible_if (true when there is none).")]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        .waiting(for: InputRequest(context.configuration.instructions ?? "Answer the questions", fields: Question.inputFields(context.configuration.questions)))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        Question.read(input, against: configuration.questions).problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        var outputs = Question.read(input, against: context.configuration.questions).answers
        var eligible = true
        if let condition = context.configuration.eligibleIf {
            eligible = context.holds(condition, given: outputs) ?? false
        }
        outputs["eligible"] = .bool(eligible)
        return .completed(outputs)
    }
}
