public import SojournKit

extension CaseService {
    /// A case with its workflow, for `sojourn status`.
    public struct CaseView: Sendable {
        public var stored: StoredCase
        public var workflow: Workflow
        public var pinned: PinnedWorkflow
        public var agenda: [AgendaItem]
    }

    /// One case, ready to show: only its own rows are read.
    public func view(_ caseID: String) throws -> CaseView {
        try store.read { reader in
            guard let stored = try load(caseID, from: reader, advancedTo: try reader.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            guard let pinned = try reader.pinnedWorkflow(hash: stored.workflowHash) else {
                throw ServiceError("case \(caseID) refers to a workflow the database does not have")
            }
            let workflow = try catalog.workflow(pinned)
            // In the workflow's order: the step first listed first, occurrences in turn.
            let order = Dictionary(workflow.steps.enumerated().map { ($1.id.value, $0) }, uniquingKeysWith: { a, _ in a })
            let agenda = try reader.agenda(AgendaFilter(caseID: caseID)).map(Self.item).sorted {
                (order[$0.step] ?? Int.max, $0.occurrence ?? 0) < (order[$1.step] ?? Int.max, $1.occurrence ?? 0)
            }
            return CaseView(stored: stored, workflow: workflow, pinned: pinned, agenda: agenda)
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

    /// Cases matching `filter`, each at its effective date (`effectiveDate`).
    public func list(_ filter: CaseFilter) throws -> [CaseSummary] {
        try store.read { reader in
            let advancedTo = try reader.advancedTo()
            return try reader.summaries(filter).map { summary in
                var summary = summary
                summary.asOf = Self.effectiveDate(asOf: summary.asOf, open: summary.state == .open, nextMoment: summary.nextMoment, advancedTo: advancedTo)
                return summary
            }
        }
    }

    /// What needs action on `date`, overdue first, then by due date; only what `owner`
    /// (a role, a person's email, or part of a person's name or email) owes when given.
    public func agenda(on date: CalendarDate, owner: String?) throws -> [AgendaItem] {
        let items = try store.read { reader in try reader.agenda(AgendaFilter(owner: owner)) }
        return Self.sorted(items.map(Self.item), on: date)
    }

    /// An agenda line from the store: a failed step says how to start it again.
    static func item(_ entry: AgendaEntry) -> AgendaItem {
        var item = entry.item
        if item.kind == .failed {
            item.prompt = "failed: \(item.prompt); run 'sojourn retry \(item.caseID) \(item.step)'"
        }
        return item
    }

    /// Overdue (and failed) first, then by due date, case, step and occurrence.
    static func sorted(_ items: [AgendaItem], on date: CalendarDate) -> [AgendaItem] {
        items.sorted { a, b in
            let aOverdue = a.kind == .failed || (a.due.map { $0 < date } ?? false)
            let bOverdue = b.kind == .failed || (b.due.map { $0 < date } ?? false)
            if aOverdue != bOverdue { return aOverdue }
            return (a.due?.dayNumber ?? Int.max, a.caseID, a.step, a.occurrence ?? 0) < (b.due?.dayNumber ?? Int.max, b.caseID, b.step, b.occurrence ?? 0)
        }
    }
}
