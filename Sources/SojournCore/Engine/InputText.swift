import SojournKit
import SojournYAML

/// The text checks on input a person records, before any plugin sees it: keys are
/// one line, values are text without control characters (line breaks and tabs
/// allowed, for notes), each within `TextSafety`'s limits.
enum InputText {
    /// The first problem in `input`, placed at the offending key or value.
    static func problem(in input: Node) -> Diagnostic? {
        switch input.content {
        case .scalar(let scalar):
            return TextSafety.textProblem(scalar.text).map { .error("this value \($0)", at: input.location) }
        case .sequence(let items):
            for item in items { if let found = problem(in: item) { return found } }
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.text, let found = TextSafety.lineProblem(key, limit: TextSafety.nameLimit) {
                    return .error("this key \(found)", at: pair.key.location)
                }
                if let found = problem(in: pair.value) { return found }
            }
        }
        return nil
    }
}
