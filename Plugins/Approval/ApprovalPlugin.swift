public import SojournKit

/// One or more approvers by role (N of M): self-approval refused, a reason required to
/// reject, escalation to another role when no decision comes in time.
public struct ApprovalPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        public var approvers: [Located<String>]
        public var required: Located<Int>?
        /// What is to be approved.
        public var subject: String?
        /// Escalate when undecided this long after the step starts (a duration: 5bd, 2w).
        public var escalateAfter: Located<String>?
        /// Who is told when it escalates.
        public var escalateTo: Located<String>?

        enum CodingKeys: String, CodingKey {
            case approvers, required, subject, escalateAfter = "escalate_after", escalateTo = "escalate_to"
        }

        var rules: ApprovalRules { ApprovalRules(approvers: approvers, required: required) }
    }

    public typealias Input = ApprovalRules.Decision

    public struct State: PluginState {
        public var tally = ApprovalRules.Tally()
        public var escalated = false
        public init() {}
    }

    public static let name = "approval"
    public static let summary = "Approval by one or more roles (N of M); no self-approval; rejections need a reason; escalation."
    public static let keyDescriptions = [
        "approvers": "The roles that may approve.",
        "required": "How many of them must approve (default 1).",
        "subject": "What is to be approved.",
        "escalate_after": "Escalate when undecided this long after the step starts (5bd, 2w).",
        "escalate_to": "The role told when it escalates.",
    ]

    static func escalationDate(_ configuration: Configuration, from start: CalendarDate, calendar: BusinessCalendar) -> CalendarDate? {
        guard let text = configuration.escalateAfter?.value, case .success(let period) = Period.parse(text) else { return nil }
        return try? period.apply(to: start, calendar: calendar)
    }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        configuration.rules.validate(in: &context)
        if let after = configuration.escalateAfter, case .failure(let problem) = Period.parse(after.value) {
            context.error(problem.message, at: after.location)
        }
        if let role = configuration.escalateTo { context.checkRole(role) }
        if (configuration.escalateAfter == nil) != (configuration.escalateTo == nil) {
            context.error("'escalate_after' and 'escalate_to' go together", at: (configuration.escalateAfter ?? configuration.escalateTo)?.location)
        }
    }

    /// Who besides the owner may give input.
    public static func inputRoles(for configuration: Configuration) -> [String] {
        configuration.rules.approvers.map(\.value)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("approved", .boolean, "Whether it was approved."),
            OutputDescription("approved_by", .list, "Who approved."),
            OutputDescription("rejection", .text, "Why it was rejected, if it was."),
            OutputDescription("escalated", .boolean, "Whether it was escalated."),
        ]
    }

    static func outcome(_ context: StepContext<Configuration>, _ state: State) -> StepOutcome {
        let rules = context.configuration.rules
        let outputs: [String: PluginValue] = [
            "approved": .bool(rules.isApproved(state.tally)), "approved_by": .list(state.tally.approvals.values.sorted().map(PluginValue.text)),
            "rejection": state.tally.rejection.map(PluginValue.text) ?? .null, "escalated": .bool(state.escalated),
        ]
        if rules.isApproved(state.tally) || state.tally.rejection != nil { return .completed(outputs) }
        let missing = rules.needed - state.tally.approvals.count
        let pending = rules.approvers.map(\.value).filter { state.tally.approvals[$0] == nil }
        let request = InputRequest(
            "\(missing) more \(missing == 1 ? "approval" : "approvals") of \(context.configuration.subject ?? "this step") from \(pending.joined(separator: " or "))",
            fields: [InputField("decision", "approve|reject", required: true, ""), InputField("as", pending.joined(separator: "|"), required: true, "The role deciding."), InputField("reason", "text", "Needed to reject.")])
        let wakeUp = state.escalated ? nil : escalationDate(context.configuration, from: context.started, calendar: context.businessCalendar).flatMap { $0 > context.today ? $0 : nil }
        return .waiting(for: request, outputs: outputs, wakeUp: wakeUp)
    }

    static func subject(_ context: StepContext<Configuration>) -> String? {
        context.fields["employee"]?.text
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        outcome(context, state)
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        try context.configuration.rules.record(input, by: context.actor, people: context.people, subject: subject(context), into: &state.tally)
        return outcome(context, state)
    }

    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        guard !state.escalated, let date = escalationDate(context.configuration, from: context.started, calendar: context.businessCalendar), context.today >= date,
              let role = context.configuration.escalateTo?.value else { return nil }
        state.escalated = true
        var result = outcome(context, state)
        result.messages.append(OutgoingMessage(
            to: [role], subject: "Approval waiting since \(context.started)",
            body: "\(context.configuration.subject ?? "An approval") for case \(context.caseID) has had no decision since \(context.started). Please follow up."))
        return result
    }
}
