public import SojournKit

extension CaseService {
    /// A case past its workflow's `retention:`.
    public struct Expired: Sendable, Hashable {
        public var caseID: String
        public var workflow: String
        public var closedOn: CalendarDate
        /// The day it could be removed from.
        public var removableOn: CalendarDate
    }

    /// What `purge` did, or would do.
    public struct Purge: Sendable {
        public var expired: [Expired]
        public var events: Int
        public var dryRun: Bool
    }

    /// Removes every closed case whose workflow's `retention:` has run out by `date`
    /// (`3y after end`: three years after the day it completed, ended or was cancelled),
    /// with everything of theirs, in one transaction; then rewrites the database file so
    /// that none of it remains there. `verify` still passes: the journal head is worked
    /// out again over the cases that remain. Cases of a workflow without `retention:`
    /// are kept.
    public func purge(on date: CalendarDate, dryRun: Bool) throws -> Purge {
        if dryRun {
            return try store.read { reader in
                let expired = try expired(on: date, reader: reader)
                let events = try expired.reduce(0) { $0 + (try reader.events(of: $1.caseID).count) }
                return Purge(expired: expired, events: events, dryRun: true)
            }
        }
        let result = try store.write { writer in
            let expired = try expired(on: date, reader: writer)
            return Purge(expired: expired, events: try writer.purge(expired.map(\.caseID)), dryRun: false)
        }
        if !result.expired.isEmpty { try store.compact() }
        return result
    }

    /// The closed cases whose retention has run out by `date`.
    private func expired(on date: CalendarDate, reader: any CaseStoreReader) throws -> [Expired] {
        var expired: [Expired] = []
        var retentions: [String: (workflow: String, retention: Period?)] = [:]
        for closed in try reader.closedCases() {
            if retentions[closed.workflowHash] == nil {
                guard let workflow = try catalog.workflow(hash: closed.workflowHash, reading: { try reader.pinnedWorkflow(hash: closed.workflowHash) }) else { continue }
                retentions[closed.workflowHash] = (workflow.id.value, workflow.retention?.value)
            }
            guard let (workflow, retention) = retentions[closed.workflowHash], let retention else { continue }
            // A retention that would run past 9999 never runs out.
            guard let removable = try? retention.apply(to: closed.closedOn, calendar: .weekendsOnly), removable <= date else { continue }
            expired.append(Expired(caseID: closed.id, workflow: workflow, closedOn: closed.closedOn, removableOn: removable))
        }
        return expired
    }
}
