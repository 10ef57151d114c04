import GRDB
import SojournCore
import SojournKit
import SojournYAML

/// Schema v3's move of a v2 database, in place and in the migration's transaction: each
/// case's JSON progress becomes rows of phases, steps and occurrences; text dates become
/// day numbers and wall-clock times milliseconds; then v2's tables give way to v3's.
/// Anything that cannot be read stops the migration, and nothing changes.
enum LegacyCases {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func migrate(_ db: Database) throws {
        db.add(function: dayNumber)
        db.add(function: milliseconds)
        try outlineWorkflows(db)
        let cases = try Row.fetchCursor(db, sql: "SELECT id, workflow_hash, calendar_hash, state, label, opened_on, as_of, fields, people, progress, version, event_count, wake_on FROM cases")
        while let row = try cases.next() {
            try moveCase(row, db)
        }
        try db.execute(sql: """
            INSERT INTO new_events (id, case_id, sequence, kind, on_date, phase, step, occurrence, actor, data, recorded_at)
                SELECT id, case_id, sequence, kind, sojourn_day(on_date), phase, step, occurrence, actor, data, sojourn_milliseconds(recorded_at) FROM events ORDER BY id;
            INSERT INTO new_pairings (id, case_id, role, email, employee, started_on, ended_on)
                SELECT id, case_id, role, email, employee, sojourn_day(started_on), sojourn_day(ended_on) FROM pairings ORDER BY id;
            INSERT INTO new_outbox (id, case_id, step, recipients, subject, body, on_date, queued_at, sent_at)
                SELECT id, case_id, step, recipients, subject, body, sojourn_day(on_date), sojourn_milliseconds(queued_at), sojourn_milliseconds(sent_at) FROM outbox ORDER BY id;
            DROP TABLE agenda;
            DROP TABLE events;
            DROP TABLE pairings;
            DROP TABLE outbox;
            DROP TABLE cases;
            ALTER TABLE new_cases RENAME TO cases;
            ALTER TABLE new_events RENAME TO events;
            ALTER TABLE new_pairings RENAME TO pairings;
            ALTER TABLE new_outbox RENAME TO outbox;
            """)
        db.remove(function: dayNumber)
        db.remove(function: milliseconds)
    }

    /// `2027-01-04` → its day number; `NULL` stays `NULL`; anything else fails the migration.
    private static let dayNumber = DatabaseFunction("sojourn_day", argumentCount: 1, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]) else { return nil }
        guard let date = CalendarDate(text) else { throw Failure(description: "'\(text)' is not a date") }
        return date.dayNumber
    }

    /// `2026-11-23T10:00:00.000Z` → milliseconds since 1970; `NULL` stays `NULL`.
    private static let milliseconds = DatabaseFunction("sojourn_milliseconds", argumentCount: 1, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]) else { return nil }
        guard let time = Timestamp(iso8601: text) else { throw Failure(description: "'\(text)' is not a time") }
        return time.milliseconds
    }

    // MARK: - Workflows

    /// Each pinned workflow's steps (id, plugin, owner, title) from its YAML, without
    /// compiling it: the agenda and reports read them from `workflow_steps`.
    private static func outlineWorkflows(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT hash, path, source FROM workflows") {
            let hash: String = row[0]
            let document: Node
            do {
                document = try YAMLLoader().loadDocument(SourceFile(path: row[1], text: row[2]))
            } catch {
                throw Failure(description: "the workflow pinned as \(hash.prefix(12)) cannot be read: \(error)")
            }
            var position = 0
            for phase in document["phases"]?.sequence ?? [] {
                for step in phase["steps"]?.sequence ?? [] {
                    guard let id = step["id"]?.text else { continue }
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO workflow_steps (workflow_hash, step, position, uses, owner, title) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [hash, id, position, step["uses"]?.text ?? "", step["owner"]?.text, step["title"]?.text ?? id])
                    position += 1
                }
            }
        }
    }

    // MARK: - Cases

    private static func moveCase(_ row: Row, _ db: Database) throws {
        let id: String = row[0]
        func fail(_ problem: String) -> Failure { Failure(description: "case \(id) cannot be moved to schema v3: \(problem)") }
        guard let openedOn = CalendarDate(row[5] as String), let rowAsOf = CalendarDate(row[6] as String) else { throw fail("its dates cannot be read") }
        guard case .object(let people)? = PluginValue(jsonText: row[8]) else { throw fail("its people are not a JSON object") }
        guard case .object(let progress)? = PluginValue(jsonText: row[9]) else { throw fail("its progress is not JSON") }
        guard PluginValue(jsonText: row[7]) != nil else { throw fail("its fields are not JSON") }
        // Idle cases were moved forward by their column alone.
        let progressAsOf = date(progress["asOf"]) ?? rowAsOf
        let asOf = max(progressAsOf, rowAsOf)
        let state: String = row[3]
        try db.execute(sql: """
            INSERT INTO new_cases (id, workflow_hash, calendar_hash, state, label, opened_on, as_of, fields, version, event_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, row[1], row[2], state, row[4], openedOn.dayNumber, asOf.dayNumber, PluginValue(jsonText: row[7])!.jsonText, row[10], row[11]])
        for (role, person) in people {
            guard case .text(let text) = person else { throw fail("role \(role) holds no person") }
            try db.execute(sql: "INSERT INTO case_people (case_id, role, person, email) VALUES (?, ?, ?, ?)", arguments: [id, role, text, PersonText.email(text) ?? text])
        }
        // The timer index: v2 kept one wake date per case; it goes on the case's first
        // unfinished phase, and the engine writes every row's own at the case's next change.
        var wake = state == "open" ? (row[12] as String?).flatMap { CalendarDate($0) } : nil
        guard case .object(let phases)? = progress["phases"] else { throw fail("it has no phases") }
        for (phaseID, value) in phases.sorted(by: { $0.key < $1.key }) {
            guard case .object(let phase) = value else { throw fail("phase \(phaseID) cannot be read") }
            let phaseState = phase["state"]?.text ?? "pending"
            let finished = phaseState == "completed" || phaseState == "skipped"
            let next = finished ? nil : wake
            if next != nil { wake = nil }
            try db.execute(sql: "INSERT INTO phases (case_id, phase, state, started, finished, next_moment) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, phaseID, phaseState, date(phase["started"])?.dayNumber, date(phase["finished"])?.dayNumber, next?.dayNumber])
        }
        if let wake, let first = phases.keys.sorted().first {
            try db.execute(sql: "UPDATE phases SET next_moment = ? WHERE case_id = ? AND phase = ?", arguments: [wake.dayNumber, id, first])
        }
        guard case .object(let steps)? = progress["steps"] else { throw fail("it has no steps") }
        for (stepID, value) in steps.sorted(by: { $0.key < $1.key }) {
            guard case .object(let step) = value else { throw fail("step \(stepID) cannot be read") }
            try moveStep(id, stepID, step, db, fail)
        }
    }

    private static func moveStep(_ caseID: String, _ stepID: String, _ step: [String: PluginValue], _ db: Database, _ fail: (String) -> Failure) throws {
        let state = step["state"]?.text ?? "pending"
        var request: InputRequest?
        if let value = step["request"] {
            guard let read = ColumnValues.request(value) else { throw fail("step \(stepID) has a request that cannot be read") }
            request = read
        }
        var pluginState: String?
        if let text = step["pluginState"]?.text {
            guard let value = PluginValue(jsonText: text) else { throw fail("step \(stepID) has plugin state that is not JSON") }
            pluginState = value.jsonText
        }
        var outputs: String?
        if case .object(let object)? = step["outputs"] { outputs = ColumnValues.json(object) }
        let occurrences: [PluginValue]
        if case .list(let items)? = step["occurrences"] { occurrences = items } else { occurrences = [] }
        // What puts a step on the agenda (`StepProgress.waitingFor`).
        let prompt = state == "active" && occurrences.isEmpty ? request?.prompt : nil
        try db.execute(sql: """
            INSERT INTO steps (case_id, step, state, ready, started, due, finished, overdue, next_moment, prompt, request,
                wake_up, failure, skip_reason, reminders_sent, plugin_state, outputs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                caseID, stepID, state, date(step["ready"])?.dayNumber, date(step["started"])?.dayNumber, date(step["due"])?.dayNumber,
                date(step["finished"])?.dayNumber, step["overdue"] == .bool(true) ? 1 : 0, prompt, ColumnValues.request(request),
                date(step["wakeUp"])?.dayNumber, step["failure"]?.text, step["skipReason"]?.text, ColumnValues.rules(numbers(step["remindersSent"])),
                pluginState, outputs,
            ])
        for value in occurrences {
            guard case .object(let occurrence) = value, let number = occurrence["n"]?.number, let day = date(occurrence["d"]) else {
                throw fail("an occurrence of step \(stepID) cannot be read")
            }
            let occurrenceState = occurrence["s"]?.text ?? "scheduled"
            var occurrenceRequest: InputRequest?
            if let value = occurrence["q"] {
                guard let read = ColumnValues.request(value) else { throw fail("\(stepID)#\(Int(number)) has a request that cannot be read") }
                occurrenceRequest = read
            }
            let prompt = occurrenceState == "open" ? (occurrenceRequest ?? InputRequest("Record it")).prompt : nil
            try db.execute(sql: """
                INSERT INTO occurrences (case_id, step, number, date, due, state, finished, postponed_from, overdue, skip_reason, prompt, request, reminders_sent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    caseID, stepID, Int(number), day.dayNumber, (date(occurrence["u"]) ?? day).dayNumber, occurrenceState,
                    date(occurrence["f"])?.dayNumber, date(occurrence["p"])?.dayNumber, occurrence["o"] == .bool(true) ? 1 : 0,
                    occurrence["k"]?.text, prompt, ColumnValues.request(occurrenceRequest), ColumnValues.rules(numbers(occurrence["r"])),
                ])
        }
    }

    private static func date(_ value: PluginValue?) -> CalendarDate? {
        switch value {
        case .text(let text)?: CalendarDate(text)
        case .date(let date)?: date
        default: nil
        }
    }

    private static func numbers(_ value: PluginValue?) -> [Int] {
        guard case .list(let items)? = value else { return [] }
        return items.compactMap { $0.number.flatMap { Int(exactly: $0) } }
    }
}
