import Foundation
public import GRDB
public import SojournCore
import SojournKit

/// The embedded case store: one SQLite file, in WAL mode, created readable by its
/// owner only (it holds personal data).
///
/// Each `write` is one `BEGIN IMMEDIATE` transaction, so two `sojourn` processes take
/// turns (waiting up to 30 seconds for each other) instead of interleaving. A crash at
/// any point leaves every transaction either fully written or not at all.
public final class SQLiteCaseStore: CaseStore {
    private let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: when the file cannot be created or opened, or is not a Sojourn database.
    public init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            // Create it with owner-only permissions before SQLite opens it; SQLite gives
            // the -wal and -shm files the same permissions.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw DatabaseError(message: "cannot create the database file \(path)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // With WAL, NORMAL keeps every committed transaction through a crash of the
            // process (kill -9); only a power cut can lose the last ones, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
        writer = pool
    }

    /// A store in memory, for tests.
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try Schema.migrator.migrate(queue)
        writer = queue
    }

    public func write<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(SQLiteTransaction(db: db))
                return .commit
            }
            return result!
        }
    }

    public func read<T>(_ body: (any CaseStoreReader) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteTransaction(db: db)) }
    }
}

/// Reads and writes within one GRDB database access.
struct SQLiteTransaction: CaseStoreWriter {
    let db: Database

    // MARK: - Reading

    func pinnedWorkflow(hash: String) throws -> PinnedWorkflow? {
        try WorkflowRow.fetchOne(db, key: hash).map {
            PinnedWorkflow(hash: $0.hash, workflowID: $0.workflow_id, version: $0.version, path: $0.path, source: $0.source)
        }
    }

    func pinnedCalendar(hash: String) throws -> PinnedCalendar? {
        try CalendarRow.fetchOne(db, key: hash).map { try ColumnJSON.decode(PinnedCalendar.self, $0.data) }
    }

    func caseExists(_ id: String) throws -> Bool {
        try CaseRow.exists(db, key: id)
    }

    func loadCase(_ id: String) throws -> StoredCase? {
        try CaseRow.fetchOne(db, key: id)?.stored()
    }

    func caseIDs(after: String?, limit: Int, dueBy date: CalendarDate) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT id FROM cases WHERE state = 'open' AND wake_on <= ? AND id > ? ORDER BY id LIMIT ?",
            arguments: [date.description, after ?? "", limit])
    }

    func allCaseIDs(after: String?, limit: Int) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT ?", arguments: [after ?? "", limit])
    }

    func openCaseCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE state = 'open'") ?? 0
    }

    func moveIdleCases(to date: CalendarDate) throws -> Int {
        try db.execute(
            sql: "UPDATE cases SET as_of = ?1, version = version + 1 WHERE state = 'open' AND as_of < ?1 AND (wake_on IS NULL OR wake_on > ?1)",
            arguments: [date.description])
        return db.changesCount
    }

    func summaries(_ filter: CaseFilter) throws -> [CaseSummary] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let workflow = filter.workflow {
            conditions.append("w.workflow_id = ?")
            arguments += [workflow]
        }
        if let state = filter.state {
            conditions.append("c.state = ?")
            arguments += [state.rawValue]
        }
        if let date = filter.overdueOn {
            conditions.append("EXISTS (SELECT 1 FROM agenda a WHERE a.case_id = c.id AND a.due < ?)")
            arguments += [date.description]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT c.id, c.label, w.workflow_id, w.version, c.state, c.opened_on, c.as_of,
                   (SELECT MIN(a.due) FROM agenda a WHERE a.case_id = c.id) AS next_due,
                   (SELECT COUNT(*) FROM agenda a WHERE a.case_id = c.id AND a.due < c.as_of) AS overdue
            FROM cases c JOIN workflows w ON w.hash = c.workflow_hash
            \(whereClause)
            ORDER BY c.id
            """
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            CaseSummary(
                id: row["id"], label: row["label"], workflowID: row["workflow_id"], workflowVersion: row["version"],
                state: CaseProgress.State(rawValue: row["state"]) ?? .open,
                openedOn: CalendarDate(row["opened_on"] as String) ?? CalendarDate(dayNumber: 0),
                asOf: CalendarDate(row["as_of"] as String) ?? CalendarDate(dayNumber: 0),
                nextDue: (row["next_due"] as String?).flatMap { CalendarDate($0) }, overdue: row["overdue"])
        }
    }

    func events(of caseID: String) throws -> [StoredEvent] {
        try EventRow.filter(Column("case_id") == caseID).order(Column("sequence")).fetchAll(db).map { try $0.stored() }
    }

    func agenda() throws -> [AgendaItem] {
        try AgendaRow.order(Column("due"), Column("case_id"), Column("step"), Column("occurrence")).fetchAll(db).map(\.item)
    }

    func roster() throws -> [RosterPerson] {
        try String.fetchAll(db, sql: "SELECT data FROM people ORDER BY email").map { try ColumnJSON.decode(RosterPerson.self, $0) }
    }

    func activePairings(of email: String, role: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pairings WHERE email = ? AND role = ? AND ended_on IS NULL", arguments: [email, role]) ?? 0
    }

    func pairedBefore(_ email: String, role: String, employee: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pairings WHERE email = ? AND role = ? AND employee = ?)", arguments: [email, role, employee]) ?? false
    }

    func outbox(unsentOnly: Bool) throws -> [OutboxEntry] {
        let sql = "SELECT * FROM outbox" + (unsentOnly ? " WHERE sent_at IS NULL" : "") + " ORDER BY id"
        return try Row.fetchAll(db, sql: sql).map { row in
            OutboxEntry(
                id: row["id"], caseID: row["case_id"], step: row["step"],
                to: try ColumnJSON.decode([String].self, row["recipients"]), subject: row["subject"], body: row["body"],
                date: CalendarDate(row["on_date"] as String) ?? CalendarDate(dayNumber: 0), queuedAt: row["queued_at"], sentAt: row["sent_at"])
        }
    }

    // MARK: - Writing

    func save(_ person: RosterPerson) throws {
        try db.execute(
            sql: "INSERT INTO people (email, name, data, active) VALUES (?, ?, ?, ?) ON CONFLICT(email) DO UPDATE SET name = excluded.name, data = excluded.data, active = excluded.active",
            arguments: [person.email, person.name, try ColumnJSON.encode(person), person.active])
    }

    func deactivate(_ emails: [String]) throws {
        for email in emails {
            guard let data = try String.fetchOne(db, sql: "SELECT data FROM people WHERE email = ?", arguments: [email]) else { continue }
            var person = try ColumnJSON.decode(RosterPerson.self, data)
            person.active = false
            try save(person)
        }
    }

    func startPairing(caseID: String, role: String, email: String, employee: String, on date: CalendarDate) throws {
        try endPairings(caseID: caseID, role: role, on: date)
        try db.execute(
            sql: "INSERT INTO pairings (case_id, role, email, employee, started_on) VALUES (?, ?, ?, ?, ?)",
            arguments: [caseID, role, email, employee, date.description])
    }

    func endPairings(caseID: String, role: String?, on date: CalendarDate) throws {
        if let role {
            try db.execute(sql: "UPDATE pairings SET ended_on = ? WHERE case_id = ? AND role = ? AND ended_on IS NULL", arguments: [date.description, caseID, role])
        } else {
            try db.execute(sql: "UPDATE pairings SET ended_on = ? WHERE case_id = ? AND ended_on IS NULL", arguments: [date.description, caseID])
        }
    }

    func queue(_ entry: OutboxEntry) throws {
        try db.execute(
            sql: "INSERT INTO outbox (case_id, step, recipients, subject, body, on_date, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [entry.caseID, entry.step, try ColumnJSON.encode(entry.to), entry.subject, entry.body, entry.date.description, entry.queuedAt])
    }

    func markSent(_ ids: [Int], at time: String) throws {
        for id in ids {
            try db.execute(sql: "UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", arguments: [time, id])
        }
    }

    func pin(_ workflow: PinnedWorkflow) throws {
        try WorkflowRow(hash: workflow.hash, workflow_id: workflow.workflowID, version: workflow.version, path: workflow.path, source: workflow.source)
            .insert(db, onConflict: .ignore)
    }

    func pin(_ calendar: PinnedCalendar) throws {
        try CalendarRow(hash: calendar.hash, country: calendar.country, data: try ColumnJSON.encode(calendar)).insert(db, onConflict: .ignore)
    }

    func insert(_ stored: StoredCase, events: [CaseEvent], agenda: [AgendaItem], recordedAt: String) throws {
        try CaseRow(stored, eventCount: events.count).insert(db)
        try append(events, to: stored.id, from: 1, recordedAt: recordedAt)
        for item in agenda { try AgendaRow(item).insert(db) }
    }

    func update(_ stored: StoredCase, expectedVersion: Int, events: [CaseEvent], agenda: [AgendaItem], recordedAt: String) throws {
        guard let count = try Int.fetchOne(db, sql: "SELECT event_count FROM cases WHERE id = ? AND version = ?", arguments: [stored.id, expectedVersion]) else {
            throw StoreConflict(caseID: stored.id)
        }
        var row = try CaseRow(stored, eventCount: count + events.count)
        row.version = expectedVersion + 1
        try row.update(db)
        try append(events, to: stored.id, from: count + 1, recordedAt: recordedAt)
        try db.execute(sql: "DELETE FROM agenda WHERE case_id = ?", arguments: [stored.id])
        for item in agenda { try AgendaRow(item).insert(db) }
    }

    private func append(_ events: [CaseEvent], to caseID: String, from first: Int, recordedAt: String) throws {
        for (offset, event) in events.enumerated() {
            try EventRow(caseID: caseID, sequence: first + offset, event: event, recordedAt: recordedAt).insert(db)
        }
    }
}
