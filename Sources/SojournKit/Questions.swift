/// Questions plugins ask (a questionnaire, a survey, feedback after a meeting), and the
/// checking of answers to them.
public struct Question: Decodable, Sendable, Hashable {
    /// The kinds of answer.
    public enum Kind: String, Decodable, Sendable, Hashable, CaseIterable {
        case yesNo = "yes-no", choice, scale, number, date, text

        /// The kind of output an answer gives.
        public var outputKind: OutputDescription.Kind {
            switch self {
            case .yesNo: .boolean
            case .scale, .number: .number
            case .date: .date
            case .choice, .text: .text
            }
        }
    }

    /// The answer's name in input and outputs (`wants_mentor`).
    public var id: Located<String>
    /// What is asked.
    public var text: String?
    public var kind: Kind
    /// The options of a choice question.
    public var options: [String]?
    /// Whether an answer is needed (default: true).
    public var required: Bool?

    public var isRequired: Bool { required ?? true }

    /// Reports duplicate ids, options on the wrong kind, choices without options.
    public static func validate(_ questions: [Question], in context: inout PluginValidationContext) {
        context.checkUnique(questions.map(\.id), what: "question id")
        for question in questions {
            let id = question.id.value
            if id.isEmpty || !id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) || id.first?.isNumber == true {
                context.error("'\(id)' is not a valid question id; use letters, digits and '_', starting with a letter (it is a name in conditions)", at: question.id.location)
            }
            if question.kind == .choice, (question.options ?? []).isEmpty {
                context.error("choice question '\(id)' needs 'options'", at: question.id.location)
            }
            if question.kind != .choice, question.options != nil {
                context.error("only choice questions have 'options'; '\(id)' is \(question.kind.rawValue)", at: question.id.location)
            }
        }
    }

    /// Reads answers against the questions: every problem (each naming the answer it is
    /// about), and the answers as outputs (a number given for a text question as text).
    public static func read(_ answers: [String: PluginValue], against questions: [Question]) -> (answers: [String: PluginValue], problems: [InputProblem]) {
        let ids = questions.map(\.id.value)
        var problems: [InputProblem] = []
        for key in answers.keys.sorted() where !ids.contains(key) {
            problems.append(InputProblem("there is no question '\(key)'\(Suggestions.didYouMean(key, among: ids)); the questions are \(Suggestions.list(ids))", key: key))
        }
        var checked: [String: PluginValue] = [:]
        for question in questions {
            let id = question.id.value
            guard let answer = answers[id], answer != .null else {
                if question.isRequired { problems.append(InputProblem("'\(id)' needs an answer (\(question.text ?? question.kind.rawValue))", key: nil)) }
                continue
            }
            switch (question.kind, answer) {
            case (.yesNo, .bool), (.number, .number), (.date, .date), (.text, .text):
                checked[id] = answer
            case (.text, .number(let n)):
                checked[id] = .text(answer.displayText.isEmpty ? "\(n)" : answer.displayText)
            case (.scale, .number(let n)):
                guard (1...5).contains(where: { Double($0) == n }) else {
                    problems.append(InputProblem("'\(id)' is a scale from 1 to 5, not \(answer.displayText)", key: id))
                    continue
                }
                checked[id] = answer
            case (.choice, .text(let text)):
                let options = question.options ?? []
                guard options.contains(text) else {
                    problems.append(InputProblem("'\(text)' is not an option of '\(id)'\(Suggestions.didYouMean(text, among: options)); choose \(Suggestions.list(options))", key: id))
                    continue
                }
                checked[id] = answer
            default:
                let expected: String
                switch question.kind {
                case .yesNo: expected = "true or false"
                case .scale: expected = "a number from 1 to 5"
                case .number: expected = "a number"
                case .date: expected = "a date, YYYY-MM-DD"
                case .choice: expected = "one of \(Suggestions.list(question.options ?? []))"
                case .text: expected = "text"
                }
                problems.append(InputProblem("'\(id)' takes \(expected), not \(answer.describedWithKind)", key: id))
            }
        }
        return (checked, problems)
    }

    /// The input fields a request lists for these questions.
    public static func inputFields(_ questions: [Question]) -> [InputField] {
        questions.map { InputField($0.id.value, $0.kind == .choice ? ($0.options ?? []).joined(separator: "|") : $0.kind.rawValue, required: $0.isRequired, $0.text ?? "") }
    }
}
