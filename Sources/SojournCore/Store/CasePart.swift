/// A role someone holds in a case, with the workflow the case is pinned to.
public struct CasePart: Sendable, Hashable {
    public var caseID: String
    public var role: String
    /// As the case holds them: `Hana Ho <hana@example.com>`.
    public var person: String
    public var workflowHash: String

    public init(caseID: String, role: String, person: String, workflowHash: String) {
        self.caseID = caseID
        self.role = role
        self.person = person
        self.workflowHash = workflowHash
    }
}
