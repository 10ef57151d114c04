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
        var text: String
        var rewritten: String
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
    func erasureNames(email: String) throws -> [String] {
        let address = email.lowercased()
        var names: [String] = []
        if let name = try String.fetchOne(try statement("SELECT name FROM people WHERE email = ?"), arguments: [address]) { names.append(name) }
        names += try String.fetchAll(try statement("SELECT DISTINCT person FROM case_people WHERE email = ?"), arguments: [address]).map(PersonText.name)
        let pattern = Self.likePattern(address)
        func collect(_ value: PluginValue) {
            switch value {
            case .text(let text): if PersonText.email(text)?.lowercased() == address { names.append(PersonText.name(text)) }
            case .list(let items): items.forEach(collect)
            case .object(let fields): fields.values.forEach(collect)
            default: break
            }
        }
        for (table, column) in [("cases", "fields"), ("events", "actor"), ("events", "data"), ("outbox", "recipients"), ("pairings", "employee")] {
            let rows = try String.fetchCursor(db, sql: #"SELECT \#(column) FROM \#(table) WHERE \#(column) LIKE ? ESCAPE '\'"#, arguments: [pattern])
            while let text = try rows.next() { collect(PluginValue(jsonText: text) ?? .text(text)) }
        }
        return names.filter { $0.lowercased() != address }
    }

    /// The cases that hold the address anywhere: their names are all replaced there.
    private func linkedCases(_ email: String) throws -> Set<String> {
        let pattern = Self.likePattern(email)
        var cases = Set(try String.fetchAll(try statement("SELECT case_id FROM case_people WHERE email = ?"), arguments: [email]))
        for sql in [#"SELECT id FROM cases WHERE fields LIKE ? ESCAPE '\'"#,
                    #"SELECT DISTINCT case_id FROM events WHERE actor LIKE ? ESCAPE '\' OR data LIKE ? ESCAPE '\'"#,
                    #"SELECT DISTINCT case_id FROM outbox WHERE recipients LIKE ? ESCAPE '\'"#,
                    "SELECT DISTINCT case_id FROM pairings WHERE email = ? OR employee = ?"] {
            let arguments: [String] = sql.contains("LIKE") ? Array(repeating: pattern, count: sql.components(separatedBy: "LIKE").count - 1) : [email, email]
            cases.formUnion(try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)))
        }
        return cases
    }

    /// Who else is known by one of `names`: `(name, their address)`, from the roster and
    /// the cases' roles.
    private func namesakes(of names: [String], email: String) throws -> [(name: String, email: String)] {
        let wanted = Set(names.map { $0.lowercased() })
        var found: [(String, String)] = []
        for row in try Row.fetchAll(db, sql: "SELECT name, email FROM people WHERE email != ? UNION SELECT person, email FROM case_people WHERE email != ?",
                                    arguments: [email, email]) {
            let name = PersonText.name(row[0] as String), address = (row[1] as String).lowercased()
            if wanted.contains(name.lowercased()), !found.contains(where: { $0.1 == address }) { found.append((name, address)) }
        }
        return found.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// The erasure of the person with `email`: their names, with those someone else has too.
    func plannedErasure(email: String) throws -> (erasure: PersonErasure, namesakes: [(name: String, email: String)]) {
        let address = email.lowercased()
        let names = try erasureNames(email: address)
        let namesakes = try self.namesakes(of: names, email: address)
        return (PersonErasure(email: address, names: names, namesakes: Set(namesakes.map(\.name))), namesakes)
    }

    /// Every stored text `erasure` would rewrite, table by table.
    private func rewrites(_ erasure: PersonErasure) throws -> [Rewrite] {
        var found: [Rewrite] = []
        let linked = try linkedCases(erasure.email)
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .filter { !Self.tablesNotRewritten.contains($0) }
        let patterns = erasure.needles().map { Self.likePattern($0.text) }
        for table in tables {
            let columns = try db.columns(in: table)
            let texts = columns.filter { $0.type.uppercased() == "TEXT" && !Self.columnsNotRewritten.contains($0.name) }.map(\.name)
            guard !texts.isEmpty else { continue }
            let keys = try db.primaryKey(table).columns
            let caseColumn = table == "cases" ? "id" : columns.contains { $0.name == "case_id" } ? "case_id" : nil
            let selected = keys + [caseColumn ?? "NULL"]
            for column in texts {
                // LIKE finds candidates (ignoring case for ASCII); each is then rewritten
                // word by word, or left when the match is inside a longer word.
                let condition = patterns.map { _ in #""\#(column)" LIKE ? ESCAPE '\'"# }.joined(separator: " OR ")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT \(selected.map { $0 == "NULL" ? $0 : "\"\($0)\"" }.joined(separator: ", ")), "\(column)" FROM "\(table)" WHERE \(condition)
                    """, arguments: StatementArguments(patterns))
                while let row = try rows.next() {
                    let caseID = row[keys.count] as String?
                    guard let text = row[keys.count + 1] as String?,
                          let rewritten = erasure.rewrite(text, linked: caseID.map(linked.contains) ?? true) else { continue }
                    let key = keys.enumerated().map { (column: $0.element, value: row[$0.offset] as DatabaseValue) }
                    found.append(Rewrite(table: table, column: column, key: key, caseID: caseID, text: text, rewritten: rewritten))
                }
            }
        }
        return found
    }

    func erasureScope(email: String) throws -> ErasureScope {
        let (erasure, namesakes) = try plannedErasure(email: email)
        let found = try rewrites(erasure)
        var rows: [String: Set<String>] = [:]
        for rewrite in found { rows[rewrite.table, default: []].insert(rewrite.key.map { $0.value.description }.joined(separator: "|")) }
        let events = try rewrittenEvents(found, erasure).count
        let onRoster = try Int.fetchOne(try statement("SELECT COUNT(*) FROM people WHERE email = ?"), arguments: [erasure.email]) ?? 0 > 0
        // Open cases in which they play a part: a role, or a person field.
        var open: [(caseID: String, as: String)] = []
        for row in try Row.fetchAll(try statement("""
            SELECT p.case_id, group_concat(p.role, ', ') FROM case_people p JOIN cases c ON c.id = p.case_id
            WHERE p.email = ? AND c.state = 'open' GROUP BY p.case_id ORDER BY p.case_id
            """), arguments: [erasure.email]) {
            open.append((row[0], row[1]))
        }
        for row in try Row.fetchAll(db, sql: #"SELECT id, fields FROM cases WHERE state = 'open' AND fields LIKE ? ESCAPE '\' ORDER BY id"#, arguments: [Self.likePattern(erasure.email)]) {
            let caseID: String = row[0]
            guard !open.contains(where: { $0.caseID == caseID }) else { continue }
            let fields = (ColumnValues.object(row[1] as String) ?? [:]).filter { PersonText.email($0.value.text ?? "")?.lowercased() == erasure.email }
            if !fields.isEmpty { open.append((caseID, fields.keys.sorted().joined(separator: ", "))) }
        }
        return ErasureScope(email: erasure.email, names: erasure.names, cases: Set(found.compactMap(\.caseID)).sorted(),
                            openCases: open.sorted { $0.caseID < $1.caseID }, rows: rows.mapValues(\.count), events: events, onRoster: onRoster,
                            namesakes: namesakes)
    }

    /// The events a set of rewrites changes: their own rows, or their private input.
    private func rewrittenEvents(_ found: [Rewrite], _ erasure: PersonErasure) throws -> Set<EventKey> {
        var events: Set<EventKey> = []
        for rewrite in found where rewrite.table == "events" {
            guard let id = rewrite.key.first.flatMap({ Int64.fromDatabaseValue($0.value) }),
                  let row = try Row.fetchOne(try statement("SELECT case_id, sequence FROM events WHERE id = ?"), arguments: [id]) else { continue }
            events.insert(EventKey(caseID: row[0], sequence: row[1]))
        }
        for rewrite in found where rewrite.table == "private_inputs" {
            guard let caseID = rewrite.caseID, let sequence = rewrite.key.first(where: { $0.column == "sequence" }).flatMap({ Int.fromDatabaseValue($0.value) }) else { continue }
            events.insert(EventKey(caseID: caseID, sequence: sequence))
        }
        return events
    }

    struct EventKey: Hashable, Comparable {
        var caseID: String
        var sequence: Int
        static func < (a: Self, b: Self) -> Bool { (a.caseID, a.sequence) < (b.caseID, b.sequence) }
    }

    func erase(email: String) throws -> (erasure: PersonErasure, events: [String: [Int]]) {
        let (erasure, _) = try plannedErasure(email: email)
        let found = try rewrites(erasure)
        let events = try rewrittenEvents(found, erasure).sorted()

        // The history is append-only for everything but this: the trigger is lifted for
        // the rewrite and put back in the same transaction.
        try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_update")

        // First, while each event still says what it said: keep its commitment, drop its
        // salt. Private input they gave themselves (or an operator gave for them) goes.
        var privateGone: [EventKey] = []
        for key in events {
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
            let author = PluginValue(jsonText: content.data)?.object?["for"]?.text ?? content.actor
            if content.privateInput != nil, let author, PersonText.email(author)?.lowercased() == erasure.email {
                privateGone.append(key)
            }
        }
        // Then every text that names them.
        for rewrite in found {
            let condition = rewrite.key.map { "\"\($0.column)\" = ?" }.joined(separator: " AND ")
            try db.execute(sql: "UPDATE \"\(rewrite.table)\" SET \"\(rewrite.column)\" = ? WHERE \(condition)",
                           arguments: StatementArguments([rewrite.rewritten.databaseValue] + rewrite.key.map(\.value)))
        }
        for key in privateGone {
            try statement("DELETE FROM private_inputs WHERE case_id = ? AND sequence = ?").execute(arguments: [key.caseID, key.sequence])
        }
        try db.execute(sql: """
            CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            """)

        // The roster entry keeps only the pseudonym, inactive.
        if try Int.fetchOne(try statement("SELECT COUNT(*) FROM people WHERE email = ?"), arguments: [erasure.email]) ?? 0 > 0 {
            try statement("DELETE FROM people WHERE email = ?").execute(arguments: [erasure.email])
            try save(RosterPerson(email: erasure.pseudonymEmail, name: erasure.pseudonym, capacity: 0, active: false))
        }

        var byCase: [String: [Int]] = [:]
        for id in Set(found.compactMap(\.caseID)) {
            byCase[id] = []
            changes.forget(id)
        }
        for key in events { byCase[key.caseID, default: []].append(key.sequence) }
        return (erasure, byCase)
    }

    /// A LIKE pattern that finds `text` anywhere, with LIKE's wildcards escaped.
    static func likePattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
