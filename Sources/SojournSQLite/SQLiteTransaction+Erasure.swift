import Foundation
import GRDB
import SojournCore
import SojournKit

// MARK: - Erasing one person

extension SQLiteTransaction {
    /// A stored text that names the person, and what it becomes.
    struct Rewrite {
        var table: String
        var column: String
        /// The row's key: its primary key columns and their values.
        var key: [(column: String, value: DatabaseValue)]
        /// The case the row belongs to, if it belongs to one.
        var caseID: String?
        var rewritten: String
    }

    /// An event of a case.
    struct EventKey: Hashable, Comparable {
        var caseID: String
        var sequence: Int
        static func < (a: Self, b: Self) -> Bool { (a.caseID, a.sequence) < (b.caseID, b.sequence) }
    }

    /// Everything erasing one person changes, worked out before anything is: the scope a
    /// dry run shows is what the erasure does.
    struct ErasurePlan {
        var erasure: PersonErasure
        /// Other people known by one of their names exactly.
        var namesakes: [(name: String, email: String)]
        var rewrites: [Rewrite]
        /// Events whose personal part changes: their commitment is kept, their salt dropped.
        var events: [EventKey]
        /// Private input they gave (or an operator gave for them): removed.
        var privateInputsRemoved: [EventKey]
        /// Unsent messages to nobody but them: withdrawn.
        var messagesWithdrawn: [Int64]
        var onRoster: Bool

        var cases: [String] {
            Set(rewrites.compactMap(\.caseID) + events.map(\.caseID) + privateInputsRemoved.map(\.caseID)).sorted()
        }

        /// Rows changed or removed, by table.
        var rows: [String: Int] {
            var keys: [String: Set<String>] = [:]
            for rewrite in rewrites { keys[rewrite.table, default: []].insert(rewrite.key.map { $0.value.description }.joined(separator: "|")) }
            for key in privateInputsRemoved { keys["private_inputs", default: []].insert("'\(key.caseID)'|\(key.sequence)") }
            return keys.mapValues(\.count)
        }
    }

    /// Tables that hold nothing of a case's people, or are handled on their own: pinned
    /// workflows and calendars (HR's text, kept by its hash), settings, the journal head,
    /// the keys of recorded input lines (hashes), and the roster (replaced whole).
    private static let tablesNotRewritten: Set<String> = [
        "workflows", "workflow_steps", "calendars", "case_calendars", "meta", "journal", "recorded_inputs", "people", "sqlite_sequence",
    ]

    /// Columns that hold identifiers and states, never a person: an event's frame
    /// stays as it was, so its link still checks.
    private static let columnsNotRewritten: Set<String> = [
        "id", "case_id", "kind", "phase", "step", "role", "state", "workflow_hash", "calendar_hash", "choice", "uses",
    ]

    /// The names the person with `email` is known by: the roster's, and each
    /// `Name <email>` with their address that a case holds (a role, a field, an actor,
    /// a value in an event or a message).
    private func erasureNames(email: String) throws -> [String] {
        var names: [String] = []
        if let name = try String.fetchOne(try statement("SELECT name FROM people WHERE email = ?"), arguments: [email]) { names.append(name) }
        names += try String.fetchAll(try statement("SELECT DISTINCT person FROM case_people WHERE email = ?"), arguments: [email]).map(PersonText.name)
        func collect(_ value: PluginValue) {
            switch value {
            case .text(let text): if PersonText.email(text)?.lowercased() == email { names.append(PersonText.name(text)) }
            case .list(let items): items.forEach(collect)
            case .object(let fields): fields.values.forEach(collect)
            default: break
            }
        }
        for (table, column) in [("cases", "fields"), ("events", "actor"), ("events", "data"), ("outbox", "recipients")] {
            let rows = try String.fetchCursor(db, sql: #"SELECT \#(column) FROM \#(table) WHERE \#(column) LIKE ? ESCAPE '\'"#, arguments: [Self.likePattern(email)])
            while let text = try rows.next() { collect(PluginValue(jsonText: text) ?? .text(text)) }
        }
        return names.filter { $0.lowercased() != email }
    }

    /// Other people (with an address that is not `email`) whose name is, or contains as
    /// words, one of `names`: from the roster and the cases' roles.
    private func others(named names: [String], email: String) throws -> [(name: String, email: String)] {
        let wanted = names.map { $0.lowercased() }
        var found: [(name: String, email: String)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT name, email FROM people WHERE email != ? UNION SELECT person, email FROM case_people WHERE email != ?",
                                       arguments: [email, email])
        while let row = try rows.next() {
            let name = PersonText.name(row[0] as String), address = (row[1] as String).lowercased()
            guard address.contains("@"), !found.contains(where: { $0.email == address && $0.name == name }) else { continue }
            if wanted.contains(where: { PersonErasure.containsWords($0, in: name.lowercased()) }) { found.append((name, address)) }
        }
        return found.sorted { ($0.name, $0.email) < ($1.name, $1.email) }
    }

    /// The cases that hold the address anywhere: all their names are replaced there.
    private func linkedCases(_ erasure: PersonErasure) throws -> Set<String> {
        let pattern = Self.likePattern(erasure.email)
        var cases = Set(try String.fetchAll(try statement("SELECT case_id FROM case_people WHERE email = ?"), arguments: [erasure.email]))
        cases.formUnion(try String.fetchAll(try statement("SELECT DISTINCT case_id FROM pairings WHERE email = ? OR employee = ?"), arguments: [erasure.email, erasure.email]))
        // LIKE finds candidates (hana@… holds ana@…); the address must stand whole.
        for sql in [#"SELECT id, fields FROM cases WHERE fields LIKE ? ESCAPE '\'"#,
                    #"SELECT case_id, coalesce(actor, '') || ' ' || data FROM events WHERE actor LIKE ? ESCAPE '\' OR data LIKE ? ESCAPE '\'"#,
                    #"SELECT case_id, recipients FROM outbox WHERE recipients LIKE ? ESCAPE '\'"#] {
            let count = sql.components(separatedBy: "LIKE").count - 1
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(Array(repeating: pattern, count: count)))
            while let row = try rows.next() { if erasure.holdsAddress(row[1] as String) { cases.insert(row[0]) } }
        }
        return cases
    }

    /// What erasing the person with `email` changes.
    func erasurePlan(email: String) throws -> ErasurePlan {
        let address = email.lowercased()
        let names = try erasureNames(email: address)
        let others = try others(named: names, email: address)
        let erasure = PersonErasure(email: address, names: names, others: others)
        let namesakes = others.filter { other in erasure.names.contains { $0.lowercased() == other.name.lowercased() } }
        let linked = try linkedCases(erasure)

        var rewrites: [Rewrite] = []
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .filter { !Self.tablesNotRewritten.contains($0) }
        let patterns = erasure.needles.map(Self.likePattern)
        for table in tables {
            let columns = try db.columns(in: table)
            let texts = columns.filter { $0.type.uppercased() == "TEXT" && !Self.columnsNotRewritten.contains($0.name) }.map(\.name)
            guard !texts.isEmpty else { continue }
            let keys = try db.primaryKey(table).columns
            let caseColumn = table == "cases" ? "id" : columns.contains { $0.name == "case_id" } ? "case_id" : nil
            let selected = keys.map { "\"\($0)\"" } + [caseColumn.map { "\"\($0)\"" } ?? "NULL"]
            for column in texts {
                // LIKE finds candidates (ignoring case for ASCII); each is then rewritten
                // word by word, or left when the match is not them.
                let condition = patterns.map { _ in #""\#(column)" LIKE ? ESCAPE '\'"# }.joined(separator: " OR ")
                let rows = try Row.fetchCursor(db, sql: "SELECT \(selected.joined(separator: ", ")), \"\(column)\" FROM \"\(table)\" WHERE \(condition)",
                                               arguments: StatementArguments(patterns))
                while let row = try rows.next() {
                    let caseID = row[keys.count] as String?
                    guard let text = row[keys.count + 1] as String?,
                          let rewritten = erasure.rewrite(text, linked: caseID.map(linked.contains) ?? true) else { continue }
                    let key = keys.enumerated().map { (column: $0.element, value: row[$0.offset] as DatabaseValue) }
                    rewrites.append(Rewrite(table: table, column: column, key: key, caseID: caseID, rewritten: rewritten))
                }
            }
        }

        // The events these rewrites change, and the private input they gave.
        var events: Set<EventKey> = []
        for rewrite in rewrites where rewrite.table == "events" {
            guard let id = rewrite.key.first.flatMap({ Int64.fromDatabaseValue($0.value) }),
                  let row = try Row.fetchOne(try statement("SELECT case_id, sequence FROM events WHERE id = ?"), arguments: [id]) else { continue }
            events.insert(EventKey(caseID: row[0], sequence: row[1]))
        }
        for rewrite in rewrites where rewrite.table == "private_inputs" {
            guard let caseID = rewrite.caseID, let sequence = rewrite.key.first(where: { $0.column == "sequence" }).flatMap({ Int.fromDatabaseValue($0.value) }) else { continue }
            events.insert(EventKey(caseID: caseID, sequence: sequence))
        }
        var privateInputsRemoved: [EventKey] = []
        let given = try Row.fetchCursor(db, sql: #"""
            SELECT e.case_id, e.sequence, e.actor, e.data FROM private_inputs p JOIN events e ON e.case_id = p.case_id AND e.sequence = p.sequence
            WHERE e.actor LIKE ? ESCAPE '\' OR e.data LIKE ? ESCAPE '\'
            """#, arguments: [Self.likePattern(address), Self.likePattern(address)])
        while let row = try given.next() {
            let author = PluginValue(jsonText: row[3] as String)?.object?["for"]?.text ?? (row[2] as String?)
            guard let author, PersonText.email(author)?.lowercased() == address else { continue }
            let key = EventKey(caseID: row[0], sequence: row[1])
            privateInputsRemoved.append(key)
            events.insert(key)
        }
        // Unsent messages whose every recipient is them go nowhere once they are erased.
        var messagesWithdrawn: [Int64] = []
        for rewrite in rewrites where rewrite.table == "outbox" && rewrite.column == "recipients" {
            guard let id = rewrite.key.first.flatMap({ Int64.fromDatabaseValue($0.value) }),
                  let row = try Row.fetchOne(try statement("SELECT sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL FROM outbox WHERE id = ?"), arguments: [id]),
                  row[0] as Bool, case .list(let recipients)? = PluginValue(jsonText: rewrite.rewritten),
                  recipients.allSatisfy({ $0.text.flatMap(PersonText.email)?.lowercased() == erasure.pseudonymEmail }) else { continue }
            messagesWithdrawn.append(id)
        }
        let onRoster = try Int.fetchOne(try statement("SELECT COUNT(*) FROM people WHERE email = ?"), arguments: [address]) ?? 0 > 0
        return ErasurePlan(erasure: erasure, namesakes: namesakes, rewrites: rewrites, events: events.sorted(), privateInputsRemoved: privateInputsRemoved.sorted(),
                           messagesWithdrawn: messagesWithdrawn, onRoster: onRoster)
    }

    func parts(of email: String) throws -> [CasePart] {
        try Row.fetchAll(try statement("""
            SELECT p.case_id, p.role, p.person, c.workflow_hash FROM case_people p JOIN cases c ON c.id = p.case_id
            WHERE p.email = ? ORDER BY p.case_id, p.role
            """), arguments: [email.lowercased()]).map { CasePart(caseID: $0[0], role: $0[1], person: $0[2], workflowHash: $0[3]) }
    }

    func erasureScope(email: String) throws -> ErasureScope {
        let plan = try erasurePlan(email: email)
        let address = plan.erasure.email
        // Open cases in which they play a part: a role, or a person field.
        var open: [ErasureScope.Blocker] = []
        for row in try Row.fetchAll(try statement("""
            SELECT p.case_id, p.role FROM case_people p JOIN cases c ON c.id = p.case_id
            WHERE p.email = ? AND c.state = 'open' ORDER BY p.case_id, p.role
            """), arguments: [address]) {
            open.append(ErasureScope.Blocker(caseID: row[0], role: row[1], field: nil))
        }
        for row in try Row.fetchAll(db, sql: #"SELECT id, fields FROM cases WHERE state = 'open' AND fields LIKE ? ESCAPE '\' ORDER BY id"#, arguments: [Self.likePattern(address)]) {
            let fields = (ColumnValues.object(row[1] as String) ?? [:]).filter { PersonText.email($0.value.text ?? "")?.lowercased() == address }
            for field in fields.keys.sorted() where !open.contains(where: { $0.caseID == row[0] as String && $0.role == field }) {
                open.append(ErasureScope.Blocker(caseID: row[0], role: nil, field: field))
            }
        }
        return ErasureScope(email: address, names: plan.erasure.names, cases: plan.cases, blockers: open, rows: plan.rows,
                            events: plan.events.count, onRoster: plan.onRoster, namesakes: plan.namesakes, withdrawn: plan.messagesWithdrawn.count)
    }

    func erase(email: String, at time: Timestamp) throws -> (erasure: PersonErasure, events: [String: [Int]]) {
        let plan = try erasurePlan(email: email)
        let erasure = plan.erasure

        // The history is append-only for everything but this: the trigger is lifted for
        // the rewrite and put back in the same transaction.
        try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_update")
        // First, while each event still says what it said: keep its commitment, drop its salt.
        for key in plan.events {
            guard let row = try Row.fetchOne(try statement("""
                SELECT e.kind, e.on_date, e.phase, e.step, e.occurrence, e.actor, e.data, e.recorded_at, p.data, e.salt
                FROM events e LEFT JOIN private_inputs p ON p.case_id = e.case_id AND p.sequence = e.sequence
                WHERE e.case_id = ? AND e.sequence = ?
                """), arguments: [key.caseID, key.sequence]) else { continue }
            let content = JournalLink.Content(caseID: key.caseID, sequence: key.sequence, kind: row[0], onDate: row[1], phase: row[2], step: row[3],
                                              occurrence: row[4], actor: row[5], data: row[6], recordedAt: row[7], privateInput: row[8])
            if let salt = row[9] as Data? {
                try statement("UPDATE events SET salt = NULL, commitment = ? WHERE case_id = ? AND sequence = ?")
                    .execute(arguments: [JournalLink.commitment(content, salt: salt), key.caseID, key.sequence])
            }
        }
        // Then every text that names them; then what they gave in private goes.
        for rewrite in plan.rewrites {
            let condition = rewrite.key.map { "\"\($0.column)\" = ?" }.joined(separator: " AND ")
            try db.execute(sql: "UPDATE \"\(rewrite.table)\" SET \"\(rewrite.column)\" = ? WHERE \(condition)",
                           arguments: StatementArguments([rewrite.rewritten.databaseValue] + rewrite.key.map(\.value)))
        }
        for key in plan.privateInputsRemoved {
            try statement("DELETE FROM private_inputs WHERE case_id = ? AND sequence = ?").execute(arguments: [key.caseID, key.sequence])
        }
        try db.execute(sql: """
            CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            """)
        for id in plan.messagesWithdrawn {
            try statement("UPDATE outbox SET withdrawn_at = ? WHERE id = ?").execute(arguments: [time.milliseconds, id])
        }

        // The roster entry keeps only the pseudonym, inactive.
        if plan.onRoster {
            try statement("DELETE FROM people WHERE email = ?").execute(arguments: [erasure.email])
            try save(RosterPerson(email: erasure.pseudonymEmail, name: erasure.pseudonym, capacity: 0, active: false))
        }

        var byCase: [String: [Int]] = [:]
        for id in plan.cases {
            byCase[id] = []
            changes.forget(id)
        }
        for key in plan.events { byCase[key.caseID, default: []].append(key.sequence) }
        return (erasure, byCase)
    }

    /// A LIKE pattern that finds `text` anywhere, with LIKE's wildcards escaped.
    static func likePattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
