/// What a plugin's `validate` can see of the workflow, and where it reports problems.
public struct PluginValidationContext: Sendable {
    /// The id of the step being checked.
    public let stepID: String
    /// The roles the workflow declares.
    public let roles: [String]
    /// The names of the workflow's fields.
    public let fieldNames: [String]
    /// The type of each of the workflow's fields, by name.
    public let fields: [String: FieldKind]
    /// The ids of every step in the workflow.
    public let stepIDs: [String]
    /// Where the step's `with:` starts (or the step, when it has none).
    public let configurationLocation: SourceLocation
    /// The problems reported so far.
    public private(set) var diagnostics: [Diagnostic] = []
    /// Checks a condition in a scope; the engine provides the workflow language.
    private let conditionChecker: @Sendable (Condition, ConditionScope) -> [Diagnostic]
    /// Checks a date expression over the case; the engine provides the workflow language.
    private let dateChecker: @Sendable (DateExpression) -> [Diagnostic]

    /// Creates a context; the engine does this.
    public init(
        stepID: String, roles: [String], fieldNames: [String], fields: [String: FieldKind] = [:], stepIDs: [String], configurationLocation: SourceLocation,
        conditionChecker: @escaping @Sendable (Condition, ConditionScope) -> [Diagnostic] = { _, _ in [] },
        dateChecker: @escaping @Sendable (DateExpression) -> [Diagnostic] = { _ in [] }
    ) {
        self.dateChecker = dateChecker
        self.stepID = stepID
        self.roles = roles
        self.fieldNames = fieldNames
        self.fields = fields
        self.stepIDs = stepIDs
        self.configurationLocation = configurationLocation
        self.conditionChecker = conditionChecker
    }

    /// Reports every problem with a condition: syntax, unknown names, types.
    public mutating func check(_ condition: Condition, scope: ConditionScope) {
        diagnostics += conditionChecker(condition, scope)
    }

    /// Reports every problem with a date expression: syntax, unknown names, and a result
    /// that is not a date. In it `start` is the step's start (an occurrence's, for a
    /// repeating step).
    public mutating func check(_ date: DateExpression) {
        diagnostics += dateChecker(date)
    }

    /// Reports an error at a value of the configuration, underlining `length` characters
    /// (the value's, for a scalar written on one line).
    public mutating func error(_ message: String, at location: SourceLocation?, length: Int = 1, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location ?? configurationLocation, length: location == nil ? 1 : length, notes: notes))
    }

    /// Reports a warning at a value of the configuration.
    public mutating func warning(_ message: String, at location: SourceLocation?) {
        diagnostics.append(.warning(message, at: location ?? configurationLocation))
    }

    /// Reports an error unless `role` is one of the workflow's roles.
    public mutating func checkRole(_ role: Located<String>) {
        guard !roles.contains(role.value) else { return }
        error("unknown role '\(role.value)'; the workflow's roles are \(Suggestions.list(roles, conjunction: "and"))\(Suggestions.didYouMean(role.value, among: roles))", at: role.location, length: role.value.count)
    }

    /// Reports an error unless `field` is one of the workflow's fields.
    public mutating func checkField(_ field: Located<String>) {
        guard !fieldNames.contains(field.value) else { return }
        error("unknown field '\(field.value)'; the workflow's fields are \(Suggestions.list(fieldNames, conjunction: "and"))\(Suggestions.didYouMean(field.value, among: fieldNames))", at: field.location, length: field.value.count)
    }

    /// Reports an error unless `field` is one of the workflow's fields, of one of `kinds`
    /// (a field of unknown type, as in a test without types, passes).
    public mutating func checkField(_ field: Located<String>, kinds: Set<FieldKind>) {
        let fitting = fieldNames.filter { fields[$0].map(kinds.contains) ?? false }
        let names = kinds.map(\.rawValue).sorted()
        let wanted = names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        let choice = fitting.isEmpty ? "; the workflow has none: add one to 'fields:'" : "; the \(wanted) fields are \(Suggestions.list(fitting, conjunction: "and"))"
        guard fieldNames.contains(field.value) else {
            return error("unknown field '\(field.value)'\(choice)\(Suggestions.didYouMean(field.value, among: fitting))", at: field.location, length: field.value.count)
        }
        guard let kind = fields[field.value], !kinds.contains(kind) else { return }
        error("field '\(field.value)' is \(kind.rawValue); a \(wanted) field is needed here\(choice)", at: field.location, length: field.value.count)
    }

    /// Reports an error for every value that appears more than once, with a note at the first.
    public mutating func checkUnique(_ values: [Located<String>], what: String) {
        var seen: [String: SourceLocation?] = [:]
        for value in values {
            if let first = seen[value.value] {
                error("\(what) '\(value.value)' appears twice", at: value.location, notes: [Diagnostic.Note("first here", at: first)])
            } else {
                seen[value.value] = value.location
            }
        }
    }
}
