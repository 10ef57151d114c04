public import SojournKit

extension CaseService {
    /// What `person erase` did, or would do (`--dry-run`).
    public struct Erasure: Sendable {
        public var scope: ErasureScope
        /// The pseudonym that replaced them (`nil` on a dry run).
        public var replacedBy: String?
        /// Events rewritten, by case.
        public var rewritten: [String: [Int]]
        public var dryRun: Bool
    }

    /// Erases one person (GDPR art. 17): their address and every name they are known by
    /// are replaced by a pseudonym in every case, history, message, pairing and the
    /// roster; private input they gave is removed; each case touched records the erasure
    /// in its history, by whom and why. One transaction, after which the database file is
    /// rewritten and its log emptied so that none of it remains in either, and `verify`
    /// still passes (`JournalLink` says how).
    ///
    /// Refused, with nothing changed, while they play a part in an open case (end it, or
    /// pass their role to someone else, first), when the reason names them, and (for
    /// the `sojourn` command) unless the actor may run every case touched.
    public func erasePerson(email: String, reason: String, by actor: String, on date: CalendarDate, dryRun: Bool) throws -> Erasure {
        guard let address = PersonText.email(email.trimmingSpaces)?.lowercased(), TextSafety.lineProblem(email, limit: TextSafety.nameLimit) == nil else {
            throw ServiceError("'\(email)' is not an e-mail address; a person is erased by their address")
        }
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw ServiceError("say why with --reason, for example --reason \"erasure request of 2026-11-30\"; it is kept in each case's history")
        }
        try Self.checkLines(actor: actor, note: ("--reason", reason))
        let recordedAt = clock.now()
        let work = { (writer: any CaseStoreWriter) throws -> Erasure in
            let scope = try writer.erasureScope(email: address)
            guard !scope.isEmpty else { throw ServiceError("nothing is held about \(address); check the address with sojourn person export") }
            guard scope.openCases.isEmpty else {
                let cases = scope.openCases.map { "\($0.caseID) (as \($0.as))" }
                throw ServiceError("\(address) still plays a part in \(scope.openCases.count == 1 ? "an open case" : "\(scope.openCases.count) open cases"): \(Permissions.listed(cases)). "
                                   + "End \(scope.openCases.count == 1 ? "it" : "them") (sojourn end CASE --reason …) or give the role to someone else (sojourn reassign CASE ROLE --to …), then erase")
            }
            let erasure = PersonErasure(email: address, names: scope.names)
            if erasure.names(reason) {
                throw ServiceError("--reason names the person being erased; say why without their name or address (it stays in the history)")
            }
            // Who erases: someone with the right to run every case it touches.
            var actors: [String: String] = [:]
            var cases: [(stored: StoredCase, workflow: Workflow)] = []
            for caseID in scope.cases {
                guard let stored = try load(caseID, from: writer, advancedTo: nil) else { continue }
                let workflow = try self.workflow(of: stored, reader: writer)
                cases.append((stored, workflow))
                if access == .checked {
                    actors[caseID] = try Permissions(workflow: workflow, people: stored.people, fields: stored.fields, roster: try writer.roster(), caseID: caseID)
                        .authorize(Acting(actor), for: .operate("erase a person's data from case \(caseID)")).actor
                }
            }
            if access == .checked, actors.values.contains(where: { erasure.names($0) }) {
                throw ServiceError("\(address) cannot erase themselves; another operator must")
            }
            if dryRun { return Erasure(scope: scope, replacedBy: nil, rewritten: [:], dryRun: true) }

            let (done, rewritten) = try writer.erase(email: address)
            for (stored, _) in cases {
                // Read again: the erasure rewrote its rows.
                guard let current = try load(stored.id, from: writer, advancedTo: nil) else { continue }
                let event = CaseEvent(.personalDataErased, on: max(current.progress.asOf, date), actor: actors[stored.id] ?? actor, data: [
                    "person": .text(done.person), "reason": .text(reason),
                    "events": .list((rewritten[stored.id] ?? []).map { .number(Double($0)) }),
                ])
                try writer.update(CaseChange(from: current, to: current, events: [event]), recordedAt: recordedAt)
            }
            return Erasure(scope: scope, replacedBy: done.person, rewritten: rewritten, dryRun: false)
        }
        if dryRun { return try store.rehearse(work) }
        let result = try store.write(work)
        try store.compact()
        return result
    }
}
