/// N-of-M approval by roles, shared by the approval and recognition plugins: who may
/// decide, self-approval refused, a reason required to reject.
public struct ApprovalRules: Decodable, Sendable {
    /// The roles that may approve.
    public var approvers: [Located<String>]
    /// How many distinct approvers must approve (default 1).
    public var required: Located<Int>?

    public var needed: Int { required?.value ?? 1 }

    public init(approvers: [Located<String>], required: Located<Int>?) {
        self.approvers = approvers
        self.required = required
    }

    /// A decision as recorded.
    public struct Decision: Decodable, Sendable {
        public enum Verdict: String, Decodable, Sendable, CaseIterable { case approve, reject }
        public var decision: Verdict
        /// The role deciding.
        public var role: Located<String>
        public var reason: String?

        enum CodingKeys: String, CodingKey { case decision, role = "as", reason }
    }

    /// Decisions so far.
    public struct Tally: Codable, Sendable, Hashable {
        public var approvals: [String: String] = [:]
        public var rejection: String?
        public var rejectedBy: String?
        public init() {}
    }

    public func validate(in context: inout PluginValidationContext) {
        if approvers.isEmpty { context.error("name at least one role in 'approvers'", at: nil) }
        for role in approvers { context.checkRole(role) }
        context.checkUnique(approvers, what: "approver")
        if needed < 1 || needed > approvers.count {
            context.error("'required' must be from 1 to the number of approvers (\(approvers.count)), not \(needed)", at: required?.location)
        }
    }

    /// Applies a decision.
    ///
    /// The decider is a person, not a role: `as: hr` is accepted only from the person
    /// holding `hr` in the case, each approval must come from a different person (two of
    /// two approvals cannot come from one person holding two roles), and nobody decides
    /// about themselves.
    ///
    /// - Parameters:
    ///   - actor: who decides, as `Name <email>` (the person an operator acts for).
    ///   - people: the case's people by role.
    ///   - subject: the person the decision is about; they cannot decide it.
    /// - Throws: `InputProblem` when the role may not decide here, is not the actor's,
    ///   has decided, the actor has decided already, is the subject, or rejects without
    ///   a reason. Each says who may decide instead.
    public func record(_ decision: Decision, by actor: String?, people: [String: String], subject: String?, into tally: inout Tally) throws {
        let roles = approvers.map(\.value)
        let role = decision.role.value
        guard roles.contains(role) else {
            throw InputProblem("'\(role)' is not an approver here\(Suggestions.didYouMean(role, among: roles)); the approvers are \(Suggestions.list(roles))", key: "as")
        }
        guard tally.approvals[role] == nil, tally.rejectedBy != role else { throw InputProblem("\(role) has already decided", key: "as") }
        let deciding = actor ?? ""
        guard let holder = people[role], PersonText.same(holder, deciding) else {
            let holders = roles.filter { tally.approvals[$0] == nil }.compactMap { r in people[r].map { "\($0) as \(r)" } }
            let instead = holders.isEmpty ? "nobody holds an approver role yet; HR must assign one" : "those who may: \(holders.joined(separator: ", "))"
            let who = people[role].map { "only \($0) decides as \(role)" } ?? "nobody holds the role \(role) in this case"
            throw InputProblem("\(deciding.isEmpty ? "someone unknown" : deciding) does not hold the role \(role) here: \(who); \(instead)", key: "as")
        }
        if let subject, !subject.isEmpty, PersonText.same(subject, deciding) {
            throw InputProblem("\(deciding) cannot decide about themselves; someone else in the role \(role) must", key: "as")
        }
        if let earlier = tally.approvals.first(where: { PersonText.same($0.value, deciding) }) {
            throw InputProblem("\(deciding) has already approved as \(earlier.key); \(needed) approvals need \(needed) different people", key: "as")
        }
        switch decision.decision {
        case .approve:
            tally.approvals[role] = deciding
        case .reject:
            guard let reason = decision.reason, !reason.allSatisfy(\.isWhitespace) else {
                throw InputProblem("a rejection needs a reason: --set reason=\"…\"", key: "reason")
            }
            tally.rejection = reason
            tally.rejectedBy = role
        }
    }

    /// Whether enough have approved.
    public func isApproved(_ tally: Tally) -> Bool { tally.rejection == nil && tally.approvals.count >= needed }
}
