public import SojournKit

/// A message to roles from a template with the case's fields, queued in the outbox
/// (`sojourn outbox`). Done as soon as it is queued.
public struct NotifyPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// Roles of the case to write to.
        public var to: [Located<String>]
        public var subject: Located<String>
        /// The text, with {field}, {role} and {step.output} placeholders.
        public var body: Located<String>
    }

    public static let name = "notify"
    public static let summary = "A message to roles from a template with the case's fields, queued in the outbox."
    public static let keyDescriptions = [
        "to": "The roles to write to.",
        "subject": "The subject, with {field}, {role} and {step.output} placeholders.",
        "body": "The text, with {field}, {role} and {step.output} placeholders (an output of a step that has run, such as {visa.renew_by}).",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.to.isEmpty { context.error("'to' needs at least one role", at: nil) }
        for role in configuration.to { context.checkRole(role) }
        let known = context.fieldNames + context.roles + ["case", "today"]
        for text in [configuration.subject, configuration.body] {
            for name in Template.placeholders(text.value) where !known.contains(name) {
                // {step.output}: the step must exist.
                if let dot = name.firstIndex(of: "."), context.stepIDs.contains(String(name[..<dot])) { continue }
                context.error("{\(name)} is neither a field, a role nor a step's output; placeholders are fields, roles, {step.output}, {case} and {today}\(Suggestions.didYouMean(name, among: known))", at: text.location)
            }
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [OutputDescription("sent_to", .list, "Who the message was queued for."), OutputDescription("subject", .text, "The subject, filled in.")]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        var values = Template.values(fields: context.fields, people: context.people)
        values.merge(Template.outputs(in: [context.configuration.subject.value, context.configuration.body.value], steps: context.steps)) { field, _ in field }
        values["case"] = context.caseID
        values["today"] = context.today.description
        let roles = context.configuration.to.map(\.value)
        let subject = Template.fill(context.configuration.subject.value, with: values)
        var outcome = StepOutcome.completed(["sent_to": .list(roles.compactMap { context.people[$0].map(PluginValue.text) }), "subject": .text(subject)])
        outcome.messages = [OutgoingMessage(to: roles, subject: subject, body: Template.fill(context.configuration.body.value, with: values))]
        return outcome
    }

    public static func check(_ input: NoInput, configuration: Configuration) -> [InputProblem] {
        [InputProblem("a notification takes no input; it is sent when the step starts")]
    }

    public static func record(_ input: NoInput, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        throw InputProblem("a notification takes no input; it is sent when the step starts")
    }
}
