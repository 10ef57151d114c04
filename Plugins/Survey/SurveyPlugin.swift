public import SojournKit

/// Check-ins and pulse surveys: scale and text questions, usually repeated; outputs the
/// latest answers and the average of each scale question.
public struct SurveyPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        public var questions: [Question]
        /// Who answers (shown in the request).
        public var intro: String?
    }

    public typealias Input = [String: PluginValue]

    public struct State: PluginState {
        public var responses = 0
        /// Sums and counts of numeric answers, by question.
        public var sums: [String: Double] = [:]
        public var counts: [String: Int] = [:]
        public init() {}
    }

    public static let name = "survey"
    public static let summary = "Check-ins and pulse surveys; outputs the latest answers and averages."
    public static let keyDescriptions = [
        "questions": "The questions: id, text, kind (scale 1-5, text, yes-no, number, choice, date), required (default true).",
        "intro": "What to tell the person answering.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.questions.isEmpty { context.error("a survey needs at least one question", at: nil) }
        Question.validate(configuration.questions, in: &context)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [OutputDescription("responses", .number, "How many times it was answered.")]
            + configuration.questions.map { OutputDescription($0.id.value, $0.kind.outputKind, "The latest answer.") }
            + configuration.questions.filter { $0.kind == .scale || $0.kind == .number }.map { OutputDescription("avg_\($0.id.value)", .number, "The average answer.") }
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        .waiting(for: InputRequest(context.configuration.intro ?? "Answer the survey", fields: Question.inputFields(context.configuration.questions)))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        Question.read(input, against: configuration.questions).problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        var outputs = Question.read(input, against: context.configuration.questions).answers
        state.responses += 1
        for question in context.configuration.questions where question.kind == .scale || question.kind == .number {
            guard case .number(let value)? = outputs[question.id.value] else { continue }
            state.sums[question.id.value, default: 0] += value
            state.counts[question.id.value, default: 0] += 1
        }
        for (id, sum) in state.sums {
            let average = sum / Double(state.counts[id] ?? 1)
            outputs["avg_\(id)"] = .number(Double(Int(average * 10 + (average < 0 ? -0.5 : 0.5))) / 10)
        }
        outputs["responses"] = .number(Double(state.responses))
        return .completed(outputs)
    }
}
