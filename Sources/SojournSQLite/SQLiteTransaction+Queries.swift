import Foundation
import GRDB
import SojournCore
import SojournKit

extension SQLiteTransaction: CaseStoreWriter {
    // MARK: - Workflows and calendars

    func pinnedWorkflow(hash: String) throws -> PinnedWorkflow? {
        try Row.fetchOne(try statement("SELECT hash, workflow_id, version, path, source FROM workflows WHERE hash = ?"), arguments: [hash]).map { row in
            PinnedWorkflow(hash: row[0], workflowID: row[1], version: row[2], path: row[3], source: row[4])
        }
    }

    func pinnedCalendar(hash: String) throws -> PinnedCalendar? {
        guard let data = try String.fetchOne(try statement("SELECT data FROM calendars WHERE hash = ?"), arguments: [hash]) else { return nil }
        return try JSONDecoder().decode(PinnedCalendar.self, from: Data(data.utf8))
    }

    // MARK: - Finding cases

    func caseExists(_ id: String) throws -> Bool {
        try Bool.fetchOne(try statement("SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)"), arguments: [id]) ?? false
    }

    func caseIDs(dueBy date: CalendarDate) throws -> [String] {
        // Both halves range over the partial indexes on next_moment; closed cases keep none.
        try String.fetchAll(try statement("""
            SELECT case_id FROM steps WHERE next_moment <= ?1
            UNION
            SELECT case_id FROM phases WHERE next_moment <= ?1
            ORDER BY 1
            """), arguments: [date.dayNumber])
    }

    func workflowHash(ofCase id: String) throws -> String? {
        try String.fetchOne(try statement("SELECT workflow_hash FROM cases WHERE id = ?"), arguments: [id])
    }

    func allCaseIDs(after: String?, limit: Int) throws -> [String] {
        try String.fetchAll(try statement("SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?"), arguments: [after ?? "", limit])
    }

    func openCaseCount() throws -> Int {
        try Int.fetchOne(try statement("SELECT COUNT(*) FROM cases WHERE state = 'open'")) ?? 0
    }

    func isRecorded(_ key: String) throws -> Bool {
        try Bool.fetchOne(try statement("SELECT EXISTS (SELECT 1 FROM recorded_inputs WHERE key = ?)"), arguments: [key]) ?? false
    }

    func advancedTo() throws -> CalendarDate? {
        try String.fetchOne(try statement("SELECT value FROM meta WHERE key = '\(Meta.advancedTo)'")).flatMap { Int($0) }.flatMap(ColumnValues.date)
    }

    func caseID(withKey key: CaseKey) throws -> String? {
        try String.fetchOne(try statement("SELECT id FROM cases WHERE case_key = ? AND state != 'cancelled' ORDER BY id LIMIT 1"), arguments: [Self.text(key)])
    }

    func summaries(_ filter: CaseFilter) throws -> [CaseSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = [filter.on.dayNumber]
        if let workflow = filter.workflow {
            conditions.append("w.workflow_id = ?")
            arguments += [workflow]
        }
        switch filter.state {
        case .failed?:
            conditions.append("(c.failure IS NOT NULL OR EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id AND s.state = 'failed'))")
        case let state?:
            conditions.append("c.state = ?")
            arguments += [state.rawValue]
        case nil:
            break
        }
        if let date = filter.overdueOn {
            conditions.append("""
                c.state = 'open' AND c.held_since IS NULL AND (EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id AND s.prompt IS NOT NULL AND s.due < ?)
                 OR EXISTS (SELECT 1 FROM occurrences o WHERE o.case_id = c.id AND o.prompt IS NOT NULL AND o.due < ?))
                """)
            arguments += [date.dayNumber, date.dayNumber]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT c.id, c.label, w.workflow_id, w.version, c.state, c.opened_on, c.as_of, c.failure, c.held_since, c.ending,
                   -- What waits for someone, in open cases not on hold only.
                   (SELECT MIN(d) FROM (SELECT s.due AS d FROM steps s WHERE s.case_id = c.id AND s.prompt IS NOT NULL
                                        UNION ALL SELECT o.due FROM occurrences o WHERE o.case_id = c.id AND o.prompt IS NOT NULL)
                    WHERE c.state = 'open' AND c.held_since IS NULL) AS next_due,
                   (SELECT COUNT(*) FROM (SELECT 1 FROM steps s WHERE s.case_id = c.id AND s.prompt IS NOT NULL AND s.due < ?1
                                          UNION ALL SELECT 1 FROM occurrences o WHERE o.case_id = c.id AND o.prompt IS NOT NULL AND o.due < ?1)
                    WHERE c.state = 'open' AND c.held_since IS NULL) AS overdue,
                   (SELECT MIN(m) FROM (SELECT s.next_moment AS m FROM steps s WHERE s.case_id = c.id
                                        UNION ALL SELECT p.next_moment FROM phases p WHERE p.case_id = c.id)) AS next_moment,
                   (SELECT s.step || ': ' || COALESCE(s.failure, 'failed') FROM steps s WHERE s.case_id = c.id AND s.state = 'failed' LIMIT 1) AS failed_step
            FROM cases c JOIN workflows w ON w.hash = c.workflow_hash
            \(whereClause)
            ORDER BY c.id
            """
        return try Row.fetchAll(try statement(sql), arguments: arguments).map { row in
            let failure: String? = row["failure"]
            let failedStep: String? = row["failed_step"]
            var summary = CaseSummary(
                id: row["id"], label: row["label"], workflowID: row["workflow_id"], workflowVersion: row["version"],
                state: CaseProgress.State(rawValue: row["state"]) ?? .open,
                openedOn: ColumnValues.date(row["opened_on"]) ?? CalendarDate(dayNumber: 0),
                asOf: ColumnValues.date(row["as_of"]) ?? CalendarDate(dayNumber: 0),
                nextDue: ColumnValues.date(row["next_due"]), overdue: row["overdue"],
                failure: failure ?? failedStep.map { "step \($0)" }, nextMoment: ColumnValues.date(row["next_moment"]))
            summary.heldSince = ColumnValues.date(row["held_since"])
            summary.ending = (row["ending"] as String?).flatMap(CaseEnding.Reason.init(rawValue:))
            return summary
        }
    }

    func events(of caseID: String) throws -> [StoredEvent] {
        let rows = try Row.fetchAll(try statement("""
            SELECT sequence, kind, on_date, phase, step, occurrence, actor, data, recorded_at
            FROM events WHERE case_id = ? ORDER BY sequence
            """), arguments: [caseID])
        return try rows.map { row in
            let sequence: Int = row[0]
            let problem = { (text: String) in UnreadableCase(caseID: caseID, problem: "event \(sequence) \(text)") }
            let kindText: String = row[1]
            guard let kind = CaseEvent.Kind(rawValue: kindText) else { throw problem("has kind '\(kindText)'") }
            guard let date = ColumnValues.date(row[2]) else { throw problem("has a date out of range") }
            guard let data = ColumnValues.object(row[7] as String) else { throw problem("has data that is not a JSON object") }
            let event = CaseEvent(kind, on: date, phase: row[3], step: row[4], occurrence: row[5], actor: row[6], data: data)
            return StoredEvent(sequence: sequence, caseID: caseID, event: event, recordedAt: Timestamp(milliseconds: row[8]))
        }
    }

    func privateInputs(of caseID: String, step: String) throws -> [(event: StoredEvent, input: [String: PluginValue])] {
        let rows = try Row.fetchAll(try statement("""
            SELECT p.sequence, p.data FROM private_inputs p JOIN events e ON e.case_id = p.case_id AND e.sequence = p.sequence
            WHERE p.case_id = ? AND e.step = ? ORDER BY p.sequence
            """), arguments: [caseID, step])
        guard !rows.isEmpty else { return [] }
        let events = Dictionary(try self.events(of: caseID).map { ($0.sequence, $0) }, uniquingKeysWith: { a, _ in a })
        return try rows.compactMap { row in
            let sequence: Int = row[0]
            guard let event = events[sequence] else { return nil }
            guard let input = ColumnValues.object(row[1] as String) else {
                throw UnreadableCase(caseID: caseID, problem: "the private input of event \(sequence) is not a JSON object")
            }
            return (event, input)
        }
    }

    // MARK: - The agenda

    func agenda(_ filter: AgendaFilter) throws -> [AgendaEntry] {
        let owner = filter.owner?.lowercased() ?? ""
        let sql: String
        var arguments: StatementArguments = []
        if Self.isEmailAddress(owner) {
            // One person: from the roles they play, through the index by email, to what
            // those roles owe in those cases.
            sql = """
                WITH mine AS (
                    SELECT p.case_id, p.role, p.person, c.label, c.workflow_hash
                    FROM case_people p JOIN cases c ON c.id = p.case_id
                    WHERE p.email = ? AND c.state = 'open' AND c.held_since IS NULL
                )
                SELECT m.case_id, m.label, m.workflow_hash, s.step, NULL, s.state = 'failed', COALESCE(s.prompt, s.failure, 'failed'), s.due,
                       ws.title, ws.owner, m.person
                FROM mine m
                JOIN workflow_steps ws ON ws.workflow_hash = m.workflow_hash AND ws.owner = m.role
                JOIN steps s ON s.case_id = m.case_id AND s.step = ws.step
                WHERE s.prompt IS NOT NULL OR s.state = 'failed'
                UNION ALL
                SELECT m.case_id, m.label, m.workflow_hash, o.step, o.number, 0, o.prompt, o.due, ws.title, ws.owner, m.person
                FROM mine m
                JOIN workflow_steps ws ON ws.workflow_hash = m.workflow_hash AND ws.owner = m.role
                JOIN occurrences o ON o.case_id = m.case_id AND o.step = ws.step
                WHERE o.prompt IS NOT NULL
                """
            arguments = [owner]
        } else {
            // A case on hold owes nothing until it resumes.
            var conditions = ["c.state = 'open'", "c.held_since IS NULL"]
            if let caseID = filter.caseID { arguments += [caseID] }
            if !owner.isEmpty {
                conditions.append("(LOWER(ws.owner) = ? OR INSTR(LOWER(p.person), ?) > 0)")
                arguments += [owner, owner]
            }
            // A case's own lines come through the case's rows; everyone's through the
            // partial indexes of what waits.
            let steps = filter.caseID == nil ? "steps WHERE prompt IS NOT NULL OR state = 'failed'" : "steps WHERE case_id = ?1 AND (prompt IS NOT NULL OR state = 'failed')"
            let occurrences = filter.caseID == nil ? "occurrences WHERE prompt IS NOT NULL" : "occurrences WHERE case_id = ?1 AND prompt IS NOT NULL"
            sql = """
                SELECT x.case_id, c.label, c.workflow_hash, x.step, x.occurrence, x.failed, x.prompt, x.due,
                       COALESCE(ws.title, x.step), ws.owner, p.person
                FROM (
                    SELECT case_id, step, NULL AS occurrence, state = 'failed' AS failed, COALESCE(prompt, failure, 'failed') AS prompt, due FROM \(steps)
                    UNION ALL
                    SELECT case_id, step, number, 0, prompt, due FROM \(occurrences)
                ) x
                JOIN cases c ON c.id = x.case_id
                LEFT JOIN workflow_steps ws ON ws.workflow_hash = c.workflow_hash AND ws.step = x.step
                LEFT JOIN case_people p ON p.case_id = x.case_id AND p.role = ws.owner
                WHERE \(conditions.joined(separator: " AND "))
                """
        }
        return try Row.fetchAll(try statement(sql), arguments: arguments).map { row in
            let failed: Bool = row[5]
            let item = AgendaItem(
                caseID: row[0], caseLabel: row[1], step: row[3], occurrence: row[4], title: row[8], kind: failed ? .failed : .waiting,
                ownerRole: row[9], ownerPerson: row[10], due: failed ? nil : ColumnValues.date(row[7]), prompt: row[6])
            return AgendaEntry(workflowHash: row[2], item: item)
        }
    }

    /// Whether `text` is a whole e-mail address rather than part of a name.
    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }

    // MARK: - Roster and pairings

    func rosterPerson(email: String) throws -> RosterPerson? {
        guard let data = try String.fetchOne(try statement("SELECT data FROM people WHERE email = ?"), arguments: [email]) else { return nil }
        return PluginValue(jsonText: data).flatMap(ColumnValues.person)
    }

    func roster() throws -> [RosterPerson] {
        let version = try String.fetchOne(try statement("SELECT value FROM meta WHERE key = '\(Meta.rosterVersion)'")) ?? "0"
        if let read = changes.roster, read.version == version { return read.people }
        if let cached = rosterCache.people(version: version) { return cached }
        var people: [RosterPerson] = []
        let rows = try Row.fetchCursor(try statement("SELECT email, data FROM people ORDER BY email"))
        while let row = try rows.next() {
            let email: String = row[0]
            guard let person = PluginValue(jsonText: row[1]).flatMap(ColumnValues.person) else {
                throw DatabaseError(message: "the roster entry of \(email) cannot be read")
            }
            people.append(person)
        }
        changes.roster = (version, people)
        return people
    }

    func activePairings(of email: String, role: String) throws -> Int {
        try loads(role)[email.lowercased()] ?? 0
    }

    func pairingLoads() throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT email, role, count FROM loads WHERE count > 0") {
            let email: String = row[0]
            result[email.lowercased(), default: [:]][row[1]] = row[2]
        }
        return result
    }

    func openPairings(role: String) throws -> [String: Int] {
        try loads(role)
    }

    /// Open pairings in `role` by lowercased email, read once per transaction.
    func loads(_ role: String) throws -> [String: Int] {
        if let known = changes.loads[role] { return known }
        var found: [String: Int] = [:]
        let rows = try Row.fetchCursor(try statement("SELECT email, count FROM loads WHERE role = ? AND count > 0"), arguments: [role])
        while let row = try rows.next() {
            let email: String = row[0]
            found[email.lowercased(), default: 0] += row[1] as Int
        }
        changes.loads[role] = found
        return found
    }

    func pairedBefore(_ email: String, role: String, employee: String) throws -> Bool {
        try Bool.fetchOne(try statement("SELECT EXISTS (SELECT 1 FROM pairings WHERE email = ? AND role = ? AND employee = ?)"), arguments: [email, role, employee]) ?? false
    }

    func pairedBefore(role: String, employee: String) throws -> Set<String> {
        Set(try String.fetchAll(try statement("SELECT email FROM pairings WHERE role = ? AND employee = ?"), arguments: [role, employee]).map { $0.lowercased() })
    }

    func outbox(unsentOnly: Bool) throws -> [OutboxEntry] {
        try outboxEntries(unsentOnly ? "WHERE sent_at IS NULL AND withdrawn_at IS NULL AND digest_id IS NULL ORDER BY id" : "ORDER BY id")
    }

    func outboxEntry(_ id: Int) throws -> OutboxEntry? {
        try outboxEntries("WHERE id = ?", arguments: [id]).first
    }

    private func outboxEntries(_ condition: String, arguments: StatementArguments = []) throws -> [OutboxEntry] {
        let sql = """
            SELECT id, case_id, step, recipients, subject, body, on_date, queued_at, sent_at, withdrawn_at,
                message_id, attempts, next_attempt_at, last_error, handed_over_at, failed_at, kind, wants_digest, digest_id, calendar, occurrence FROM outbox
            """ + " " + condition
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let recipients: [String]
            if case .list(let items)? = PluginValue(jsonText: row[3]) { recipients = items.compactMap(\.text) } else { recipients = [] }
            let sent: Int64? = row[8], withdrawn: Int64? = row[9]
            var entry = OutboxEntry(
                id: row[0], caseID: row[1], step: row[2], to: recipients, subject: row[4], body: row[5],
                date: ColumnValues.date(row[6]) ?? CalendarDate(dayNumber: 0), queuedAt: Timestamp(milliseconds: row[7]),
                sentAt: sent.map(Timestamp.init(milliseconds:)), withdrawnAt: withdrawn.map(Timestamp.init(milliseconds:)))
            let next: Int64? = row[12], handed: Int64? = row[14], failed: Int64? = row[15]
            entry.delivery = OutboxEntry.Delivery(
                messageID: row[10], attempts: row[11], nextAttemptAt: next.map(Timestamp.init(milliseconds:)), lastError: row[13],
                handedOverAt: handed.map(Timestamp.init(milliseconds:)), failedAt: failed.map(Timestamp.init(milliseconds:)))
            entry.kind = OutboxEntry.Kind(rawValue: row[16]) ?? .message
            entry.wantsDigest = row[17]
            entry.digestID = row[18]
            entry.calendar = row[19]
            entry.occurrence = row[20]
            return entry
        }
    }

    // MARK: - Reports

    func caseCounts() throws -> [CaseCount] {
        try Row.fetchAll(db, sql: "SELECT workflow_hash, state, ending, COUNT(*) FROM cases GROUP BY workflow_hash, state, ending ORDER BY workflow_hash, state, ending").compactMap { row in
            guard let state = CaseProgress.State(rawValue: row[1]) else { return nil }
            let ending: String? = row[2]
            return CaseCount(workflowHash: row[0], state: state, count: row[3], ending: ending.flatMap(CaseEnding.Reason.init(rawValue:)))
        }
    }
}
