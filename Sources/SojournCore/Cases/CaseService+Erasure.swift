import SojournKit

extension CaseService {
    /// What `person erase` did, or would do (`--dry-run`).
    public struct Erasure: Sendable {
        public var scope: ErasureScope
        /// The pseudonym that replaced them (`nil` on a dry run).
        public var replacedBy: String?
        /// Events rewritten, by case.
        public var rewritten: [String: [Int]]
        public var dryRun: Bool
        /// Who erased, as the database knows them.
        public var actor: String
    }

    /// Erases one person (GDPR art. 17): their address and the names they are known by
    /// are replaced by a pseudonym in every case, history, message, pairing and the
    /// roster (`PersonErasure` says where a name counts as theirs); private input they
    /// gave is removed; unsent messages to nobody but them are withdrawn; each case
    /// touched records the erasure in its history, by whom and why. One transaction,
    /// after which the database file is rewritten and its log emptied so that none of it
    /// remains in either, and `verify` still passes (`JournalLink` says how).
    ///
    /// Refused, with nothing changed, while they play a part in an open case (end it,
    /// reassign the role or amend the field first), when the reason names them, and (for
    /// the `sojourn` command) unless the actor runs cases: holds an operator role
    /// (`operators:`) in a case, or is someone a case knows where the workflow names no
    /// operators. A dry run reports the scope, and what stops it, without refusing.
    public func erasePerson(email: String, reason: String, by actor: String, dryRun: Bool) throws -> Erasure {
        guard let address = PersonText.email(email.trimmingSpaces)?.lowercased(), TextSafety.lineProblem(email, limit: TextSafety.nameLimit) == nil else {
            throw ServiceError("'\(email)' is not an e-mail address; a person is erased by their address")
        }
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw ServiceError("say why with --reason, for example --reason \"erasure request of 2026-11-30\"; it is kept in each case's history")
        }
        try Self.checkLines(actor: actor, note: ("--reason", reason))
        let recordedAt = clock.now()
        let today = clock.today()
        let work = { (writer: any CaseStoreWriter) throws -> Erasure in
            let scope = try writer.erasureScope(email: address)
            guard !scope.isEmpty else { throw ServiceError("nothing is held about \(address); check the address with sojourn person export") }
            let eraser = access == .checked ? try self.eraser(actor, reader: writer) : actor
            if PersonText.email(eraser)?.lowercased() == address {
                throw ServiceError("\(address) cannot erase themselves; another operator must")
            }
            let erasure = PersonErasure(email: address, names: scope.names)
            if erasure.names(reason) {
                throw ServiceError("--reason names the person being erased; say why without their name or address (it stays in the history)")
            }
            if dryRun { return Erasure(scope: scope, replacedBy: nil, rewritten: [:], dryRun: true, actor: eraser) }
            guard scope.blockers.isEmpty else { throw ServiceError(Self.blocked(scope)) }

            let (done, rewritten) = try writer.erase(email: address, at: recordedAt)
            for caseID in scope.cases {
                // Read after the erasure: it rewrote the case's rows.
                guard let current = try load(caseID, from: writer, advancedTo: nil) else { continue }
                let event = CaseEvent(.personalDataErased, on: max(current.progress.asOf, today), actor: eraser, data: [
                    "person": .text(done.person), "reason": .text(reason),
                    "events": .list((rewritten[caseID] ?? []).map { .number(Double($0)) }),
                ])
                try writer.update(CaseChange(from: current, to: current, events: [event]), recordedAt: recordedAt)
            }
            return Erasure(scope: scope, replacedBy: done.person, rewritten: rewritten, dryRun: false, actor: eraser)
        }
        if dryRun { return try store.rehearse(work) }
        let result = try store.write(work)
        try store.compact()
        return result
    }

    /// Why an erasure cannot go ahead yet, and what to do.
    public static func blocked(_ scope: ErasureScope) -> String {
        let parts = scope.blockers.map { "\($0.caseID) (as \($0.role ?? $0.field ?? "?"))" }
        var fixes: [String] = []
        if scope.blockers.contains(where: { $0.role != nil }) { fixes.append("give the role to someone else (sojourn reassign CASE ROLE --to …)") }
        if scope.blockers.contains(where: { $0.field != nil }) { fixes.append("change the field (sojourn amend CASE --field NAME=… --reason …)") }
        let cases = Set(scope.blockers.map(\.caseID)).count
        return "\(scope.email) still plays a part in \(cases == 1 ? "an open case" : "\(cases) open cases"): \(Permissions.listed(parts, conjunction: "and")). "
            + "End \(cases == 1 ? "it" : "them") (sojourn end CASE --reason …) or \(fixes.joined(separator: " or ")), then erase"
    }

    /// The person erasing, as the database knows them, if they run cases: they hold an
    /// operator role in some case, or are on a case whose workflow names no operators.
    private func eraser(_ actor: String, reader: any CaseStoreReader) throws -> String {
        let given = actor.trimmingSpaces
        let roster = try reader.roster()
        let address: String
        if let email = PersonText.email(given) {
            address = email.lowercased()
        } else {
            let named = roster.filter { $0.name.lowercased() == given.lowercased() }
            guard named.count == 1 else {
                throw ServiceError("--by '\(given)' does not say who you are; give your address: --by 'Name <email>' or $SOJOURN_ACTOR")
            }
            address = named[0].email.lowercased()
        }
        var operators: [String: [String]] = [:]
        for part in try reader.parts(of: address) {
            if operators[part.workflowHash] == nil {
                let workflow = try catalog.workflow(hash: part.workflowHash, reading: { try reader.pinnedWorkflow(hash: part.workflowHash) })
                operators[part.workflowHash] = workflow?.operators.map(\.value) ?? []
            }
            let roles = operators[part.workflowHash] ?? []
            if roles.isEmpty || roles.contains(part.role) { return part.person }
        }
        throw ServiceError("\(given) may not erase a person: only an operator may (someone who holds a role the workflows name in operators:, such as hr, in a case)")
    }
}
