public import SojournKit

extension CaseService {
    /// A case with its workflow, for `sojourn status`.
    public struct CaseView: Sendable {
        public var stored: StoredCase
        public var workflow: Workflow
        public var pinned: PinnedWorkflow
        public var agenda: [AgendaItem]
    }

    /// One case, ready to show.
    public func view(_ caseID: String) throws -> CaseView {
        try store.read { reader in
            guard let stored = try reader.loadCase(caseID) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            guard let pinned = try reader.pinnedWorkflow(hash: stored.workflowHash) else {
                throw ServiceError("case \(caseID) refers to a workflow the database does not have")
            }
            let workflow = try catalog.workflow(pinned)
            return CaseView(stored: stored, workflow: workflow, pinned: pinned, agenda: Agenda.items(of: stored, workflow: workflow))
        }
    }

    /// A case's history, oldest first.
    public func history(_ caseID: String) throws -> [StoredEvent] {
        try store.read { reader in
            guard try reader.caseExists(caseID) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            return try reader.events(of: caseID)
        }
    }

    /// How many cases are open.
    public func openCaseCount() throws -> Int {
        try store.read { reader in try reader.openCaseCount() }
    }

    /// Cases matching `filter`.
    public func list(_ filter: CaseFilter) throws -> [CaseSummary] {
        try store.read { reader in try reader.summaries(filter) }
    }

    /// What needs action on `date`, overdue first, then by due date; only what `owner`
    /// (a role, or part of a person's name or email) owes when given.
    public func agenda(on date: CalendarDate, owner: String?) throws -> [AgendaItem] {
        let items = try store.read { reader in try reader.agenda() }
        let mine = items.filter { item in
            guard let owner = owner?.lowercased(), !owner.isEmpty else { return true }
            return item.ownerRole?.lowercased() == owner || (item.ownerPerson?.lowercased().contains(owner) ?? false)
        }
        return mine.sorted { a, b in
            let aOverdue = a.kind == .failed || (a.due.map { $0 < date } ?? false)
            let bOverdue = b.kind == .failed || (b.due.map { $0 < date } ?? false)
            if aOverdue != bOverdue { return aOverdue }
            return (a.due?.dayNumber ?? Int.max, a.caseID, a.step, a.occurrence ?? 0) < (b.due?.dayNumber ?? Int.max, b.caseID, b.step, b.occurrence ?? 0)
        }
    }
}
