public import SojournKit

extension CaseService {
    /// A case with its workflow, for `sojourn status`.
    public struct CaseView: Sendable {
        public var stored: StoredCase
        public var workflow: Workflow
        public var pinned: PinnedWorkflow
        public var agenda: [AgendaItem]
        /// The dates of what has not finished, if every step is done on its due date.
        public var forecast: CaseForecast
        /// For each phase that has not started: the unfinished steps it waits for.
        public var phaseWaits: [String: [String]]
        /// Whether the case was advanced in memory to a later date to show it (`--as-of`).
        public var projected: Bool
    }

    /// One case, ready to show: only its own rows are read. With `asOf` after the case's
    /// date, the case is advanced to it in memory, to show how it will stand then if
    /// nobody records anything; nothing is written.
    public func view(_ caseID: String, asOf: CalendarDate? = nil) throws -> CaseView {
        try store.read { reader in
            guard var stored = try load(caseID, from: reader, advancedTo: try reader.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            guard let pinned = try reader.pinnedWorkflow(hash: stored.workflowHash) else {
                throw ServiceError("case \(caseID) refers to a workflow the database does not have")
            }
            var engine = try engine(for: stored, reader: reader)
            engine.roster = StoreRoster(reader: reader)
            var projected = false
            do {
                if let asOf, asOf != stored.progress.asOf {
                    guard asOf > stored.progress.asOf else {
                        throw ServiceError("case \(caseID) is at \(stored.progress.asOf); --as-of shows it on that date or later, not \(asOf)")
                    }
                    try engine.advance(to: asOf)
                    stored.progress = engine.progress
                    stored.people = engine.people
                    projected = true
                }
                let forecast = try engine.forecast()
                return CaseView(stored: stored, workflow: engine.workflow, pinned: pinned, agenda: Self.agenda(of: stored, workflow: engine.workflow),
                                forecast: forecast, phaseWaits: engine.phaseWaits(), projected: projected)
            } catch let error as EngineError {
                throw ServiceError(error.message, diagnostics: error.diagnostics)
            }
        }
    }

    /// What a case waits for, in the workflow's order: the steps and occurrences waiting
    /// for input (as the store's agenda finds them, from the same `waitingFor`), and
    /// failed steps. A case on hold owes nothing until it resumes.
    static func agenda(of stored: StoredCase, workflow: Workflow) -> [AgendaItem] {
        guard stored.progress.state == .open, stored.progress.hold == nil else { return [] }
        var items: [AgendaItem] = []
        for step in workflow.steps {
            guard let state = stored.progress.steps[step.id.value] else { continue }
            func item(_ occurrence: Int?, kind: AgendaItem.Kind, due: CalendarDate?, prompt: String) -> AgendaItem {
                AgendaItem(caseID: stored.id, caseLabel: stored.label, step: step.id.value, occurrence: occurrence, title: step.displayTitle, kind: kind,
                           ownerRole: step.owner?.value, ownerPerson: step.owner.flatMap { stored.people[$0.value] }, due: due, prompt: prompt)
            }
            if state.state == .failed {
                items.append(Self.item(AgendaEntry(workflowHash: stored.workflowHash, item: item(nil, kind: .failed, due: state.due, prompt: state.failure ?? "failed"))))
            } else if let request = state.waitingFor {
                items.append(item(nil, kind: .waiting, due: state.due, prompt: request.prompt))
            }
            for occurrence in state.occurrences {
                if let request = occurrence.waitingFor { items.append(item(occurrence.number, kind: .waiting, due: occurrence.due, prompt: request.prompt)) }
            }
        }
        return items
    }

    /// A case's history, oldest first.
    /// Recomputes the hashes of every case's history and the journal head.
    public func verifyJournal() throws -> JournalCheck {
        try store.read { try $0.verifyJournal() }
    }

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
