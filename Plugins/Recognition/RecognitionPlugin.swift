public import SojournKit

/// Recognition on transparent criteria: conditions over the case's outputs decide who is
/// eligible; a nomination is approved through the approval rules; the award and its
/// citation are published for announcements.
public struct RecognitionPlugin: StepPlugin {
    public struct Criterion: Decodable, Sendable {
        /// What it says, in words people read: `ten sessions held with feedback`.
        public var name: String
        /// The same as a condition over the case: `mentoring.with_feedback >= 10`.
        public var condition: Condition
    }

    public enum Visibility: String, Decodable, Sendable, CaseIterable { case `public`, `private` }

    public struct Award: Decodable, Sendable {
        public enum Kind: String, Decodable, Sendable, CaseIterable { case badge, certificate, incentive }
        public var kind: Kind
        public var name: String
        /// For an incentive: its value, as text (`a book voucher`, `EUR 100`).
        public var value: String?
    }

    public struct Configuration: Decodable, Sendable {
        public var criteria: [Criterion]
        public var visibility: Visibility?
        public var award: Award
        public var approvers: [Located<String>]
        public var required: Located<Int>?
        /// The citation, with {field} and {role} placeholders: `{employee} shared …`.
        public var citation: Located<String>?
        /// Whom it recognises: a role of the case (default `employee`; a `mentor`, a
        /// `mentee` who taught the returnee…).
        public var of: Located<String>?

        /// The role recognised.
        var recognised: String { of?.value ?? "employee" }

        var rules: ApprovalRules { ApprovalRules(approvers: approvers, required: required) }
    }

    public typealias Input = ApprovalRules.Decision

    public struct State: PluginState {
        public var tally = ApprovalRules.Tally()
        public var met: [String] = []
        public init() {}
    }

    public static let name = "recognition"
    public static let summary = "Recognition on transparent criteria, approved by roles; outputs the decision and the citation."
    public static let keyDescriptions = [
        "criteria": "Each {name, condition}: conditions over the case (outputs, counts, fields) that must all hold.",
        "visibility": "public (announced) or private (default public).",
        "award": "{kind: badge|certificate|incentive, name, value}.",
        "approvers": "The roles that approve the nomination.",
        "required": "How many must approve (default 1).",
        "citation": "The citation text, with {field} and {role} placeholders.",
        "of": "Whom it recognises: a role of the case (default employee); they are told when it is awarded.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.criteria.isEmpty { context.error("recognition needs at least one criterion, so everyone can see why it is given", at: nil) }
        for criterion in configuration.criteria { context.check(criterion.condition, scope: .caseWide) }
        configuration.rules.validate(in: &context)
        if let of = configuration.of { context.checkRole(of) }
        if let citation = configuration.citation {
            for name in Template.placeholders(citation.value) where !context.fieldNames.contains(name) && !context.roles.contains(name) {
                let known = context.fieldNames + context.roles
                context.error("the citation uses {\(name)}, which is neither a field nor a role\(Suggestions.didYouMean(name, among: known))", at: citation.location)
            }
        }
    }

    /// Who besides the owner may give input.
    public static func inputRoles(for configuration: Configuration) -> [String] {
        configuration.approvers.map(\.value)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("decision", .text, "awarded, declined or not-eligible."),
            OutputDescription("criteria_met", .list, "The criteria that held."),
            OutputDescription("citation", .text, "The citation, for announcements."),
            OutputDescription("award", .text, "The award given."),
            OutputDescription("visibility", .text, "public or private."),
            OutputDescription("recognised", .text, "Who is recognised: the person in the 'of' role."),
        ]
    }

    static func outputs(_ context: StepContext<Configuration>, _ state: State, decision: String) -> [String: PluginValue] {
        let configuration = context.configuration
        let values = Template.values(fields: context.fields, people: context.people)
        let citation = configuration.citation.map { Template.fill($0.value, with: values) } ?? ""
        var outputs: [String: PluginValue] = [
            "decision": .text(decision), "criteria_met": .list(state.met.map(PluginValue.text)), "citation": .text(citation),
            "award": .text(configuration.award.value.map { "\(configuration.award.name) (\($0))" } ?? configuration.award.name),
            "visibility": .text((configuration.visibility ?? .public).rawValue),
        ]
        if let person = context.people[configuration.recognised] { outputs["recognised"] = .text(person) }
        return outputs
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let criteria = context.configuration.criteria
        state.met = criteria.filter { context.holds($0.condition) == true }.map(\.name)
        guard state.met.count == criteria.count else {
            return .completed(outputs(context, state, decision: "not-eligible"))
        }
        let rules = context.configuration.rules
        return .waiting(
            for: InputRequest("Eligible (\(state.met.joined(separator: "; "))): \(rules.needed) approval(s) from \(rules.approvers.map(\.value).joined(separator: " or ")) to award \(context.configuration.award.name)",
                              fields: [InputField("decision", "approve|reject", required: true, ""), InputField("as", "role", required: true, ""), InputField("reason", "text", "Needed to reject.")]),
            outputs: outputs(context, state, decision: "nominated"))
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let rules = context.configuration.rules
        // Nobody approves their own recognition.
        try rules.record(input, by: context.actor, people: context.people, subject: context.people[context.configuration.recognised], into: &state.tally)
        if state.tally.rejection != nil { return .completed(outputs(context, state, decision: "declined")) }
        guard rules.isApproved(state.tally) else {
            return .waiting(for: InputRequest("\(rules.needed - state.tally.approvals.count) more approval(s)"), outputs: outputs(context, state, decision: "nominated"))
        }
        var result = StepOutcome.completed(outputs(context, state, decision: "awarded"))
        let award = context.configuration.award.name
        let citation = result.outputs["citation"]?.text ?? ""
        // The person recognised is told, whatever the visibility; a public award is also
        // announced through HR.
        result.messages.append(OutgoingMessage(to: [context.configuration.recognised], subject: "You are recognised: \(award)", body: citation))
        if context.configuration.visibility ?? .public == .public {
            result.messages.append(OutgoingMessage(to: ["hr"], subject: "Recognition: \(award)", body: citation))
        }
        return result
    }
}
