public import SojournKit

/// Something waiting for someone: a step or occurrence to act on, or a failed step.
public struct AgendaItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case waiting, failed }

    public var caseID: String
    public var caseLabel: String
    public var step: String
    public var occurrence: Int?
    public var title: String
    public var kind: Kind
    /// The role that owes it, and who that is in the case, when known.
    public var ownerRole: String?
    public var ownerPerson: String?
    public var due: CalendarDate?
    /// What to do (the plugin's request, or the failure).
    public var prompt: String

    public init(caseID: String, caseLabel: String, step: String, occurrence: Int?, title: String, kind: Kind, ownerRole: String?, ownerPerson: String?, due: CalendarDate?, prompt: String) {
        self.caseID = caseID
        self.caseLabel = caseLabel
        self.step = step
        self.occurrence = occurrence
        self.title = title
        self.kind = kind
        self.ownerRole = ownerRole
        self.ownerPerson = ownerPerson
        self.due = due
        self.prompt = prompt
    }
}

/// An agenda line as the store finds it: an `AgendaItem` without the step's title,
/// which comes from the case's workflow.
public struct AgendaEntry: Sendable, Hashable {
    public var workflowHash: String
    public var item: AgendaItem

    public init(workflowHash: String, item: AgendaItem) {
        self.workflowHash = workflowHash
        self.item = item
    }
}

/// Which agenda lines to find.
public struct AgendaFilter: Sendable, Hashable {
    /// Only what this owes: a role (`mentor`), a person's exact email, or part of a
    /// person's name or email.
    public var owner: String?
    /// Only this case's.
    public var caseID: String?

    public init(owner: String? = nil, caseID: String? = nil) {
        self.owner = owner
        self.caseID = caseID
    }
}
