import SojournKit
public import SojournLanguage

/// Checks the values given for a case's fields against the workflow.
public enum FieldValues {
    /// A problem with one given value, or a missing one.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The field's name.
        public var field: String
        /// What is wrong and what to write.
        public var message: String

        public var description: String { message }
    }

    /// Every problem with the values given.
    public struct Problems: Error, Sendable, Hashable {
        public var problems: [Problem]
    }

    /// The values by field name, defaults filled in, or every problem found.
    ///
    /// - Parameters:
    ///   - given: the values as text, by field name.
    ///   - workflow: the workflow whose fields they are for.
    public static func check(_ given: [String: String], for workflow: Workflow) throws(Problems) -> [String: Value] {
        var values: [String: Value] = [:]
        var problems: [Problem] = []
        let names = workflow.fields.map(\.name.value)
        for name in given.keys.sorted() where workflow.field(name) == nil {
            let hint = Suggestions.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? "; the fields are \(Suggestions.list(names, conjunction: "and"))"
            problems.append(Problem(field: name, message: "unknown field '\(name)'\(hint)"))
        }
        for field in workflow.fields {
            let name = field.name.value
            if let text = given[name] {
                switch field.parse(text) {
                case .success(let value): values[name] = value
                case .failure(let error): problems.append(Problem(field: name, message: "field '\(name)': \(error.message)"))
                }
            } else if let value = field.defaultValue {
                values[name] = value
            } else if field.required {
                problems.append(Problem(field: name, message: "field '\(name)' is required: give \(field.type.summary)"))
            }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return values
    }
}
