import GRDB
import SojournCore
import SojournKit

/// Reads and writes cases within one GRDB database access (a transaction of `write`, or
/// a read). Statements are prepared once per connection and reused.
struct SQLiteTransaction {
    let db: Database
    /// Cases read before, and what this transaction adds to them when it commits.
    let cache: CaseCache
    /// The roster as this process last read it.
    let rosterCache: RosterCache
    let changes: CaseCacheChanges

    func statement(_ sql: String) throws -> Statement {
        try db.cachedStatement(sql: sql)
    }
}

// MARK: - Reading a case

extension SQLiteTransaction {
    func loadCase(_ id: String) throws -> StoredCase? {
        do {
            return try readCase(id)
        } catch let error as RowDecodingError {
            throw UnreadableCase(caseID: id, problem: "a column holds a value of the wrong kind (\(error))")
        }
    }

    private func readCase(_ id: String) throws -> StoredCase? {
        // The version first: a case this process knows at that version is not read again.
        guard let version = try Int.fetchOne(try statement("SELECT version FROM cases WHERE id = ?"), arguments: [id]) else { return nil }
        if let pending = changes.kept[id], pending.version == version { return pending }
        if !changes.forgotten.contains(id), let cached = cache.stored(id, version: version) { return cached }
        guard let caseRow = try Row.fetchOne(try statement("""
            SELECT workflow_hash, calendar_hash, state, label, opened_on, as_of, fields, version, case_key, failure, ending, held_since, held_reason, vacant_roles
            FROM cases WHERE id = ?
            """), arguments: [id]) else { return nil }
        func problem(_ text: String) -> UnreadableCase { UnreadableCase(caseID: id, problem: text) }
        let row = Cells(row: caseRow, problem: problem)
        guard let state = CaseProgress.State(rawValue: try row.text(2)) else { throw problem("its state is '\(try row.text(2))'") }
        let openedOn = try row.date(4, "its opening date"), asOf = try row.date(5, "its date")
        guard let openedOn, let asOf else { throw problem("it has no opening date or date") }
        guard let fields = ColumnValues.object(try row.text(6)) else { throw problem("its fields are not a JSON object") }

        var people: [String: String] = [:]
        let peopleRows = try Row.fetchCursor(try statement("SELECT role, person FROM case_people WHERE case_id = ?"), arguments: [id])
        while let found = try peopleRows.next() {
            let cells = Cells(row: found, problem: problem)
            people[try cells.text(0)] = try cells.text(1)
        }

        var calendarHashes: [String: String] = [:]
        let calendarRows = try Row.fetchCursor(try statement("SELECT choice, calendar_hash FROM case_calendars WHERE case_id = ?"), arguments: [id])
        while let found = try calendarRows.next() {
            let cells = Cells(row: found, problem: problem)
            calendarHashes[try cells.text(0)] = try cells.text(1)
        }

        var phases: [String: PhaseProgress] = [:]
        let phaseRows = try Row.fetchCursor(try statement("SELECT phase, state, started, finished, next_moment FROM phases WHERE case_id = ?"), arguments: [id])
        while let found = try phaseRows.next() {
            let cells = Cells(row: found, problem: problem)
            let phaseID = try cells.text(0)
            var name: String { "phase '\(phaseID)'" }
            var phase = PhaseProgress()
            guard let phaseState = PhaseProgress.State(rawValue: try cells.text(1)) else { throw problem("\(name) has state '\(try cells.text(1))'") }
            phase.state = phaseState
            phase.started = try cells.date(2, "\(name) started")
            phase.finished = try cells.date(3, "\(name) finished")
            phase.nextMoment = try cells.date(4, "\(name)'s next moment")
            phases[phaseID] = phase
        }

        var steps: [String: StepProgress] = [:]
        let stepRows = try Row.fetchCursor(try statement("""
            SELECT step, state, ready, started, due, finished, overdue, next_moment, request, wake_up, failure, skip_reason, reminders_sent, plugin_state, outputs, grace_ended
            FROM steps WHERE case_id = ?
            """), arguments: [id])
        while let found = try stepRows.next() {
            let cells = Cells(row: found, problem: problem)
            let stepID = try cells.text(0)
            var name: String { "step '\(stepID)'" }
            var step = StepProgress()
            guard let stepState = StepProgress.State(rawValue: try cells.text(1)) else { throw problem("\(name) has state '\(try cells.text(1))'") }
            step.state = stepState
            step.ready = try cells.date(2, "\(name) ready")
            step.started = try cells.date(3, "\(name) started")
            step.due = try cells.date(4, "\(name) due")
            step.finished = try cells.date(5, "\(name) finished")
            step.overdue = try cells.int(6) == 1
            step.nextMoment = try cells.date(7, "\(name)'s next moment")
            guard let request = ColumnValues.request(try cells.optionalText(8)) else { throw problem("\(name) has a request that cannot be read") }
            step.request = request
            step.wakeUp = try cells.date(9, "\(name) wake-up")
            step.failure = try cells.optionalText(10)
            step.graceEnded = try cells.int(15) == 1
            step.skipReason = try cells.optionalText(11)
            guard let sent = ColumnValues.rules(try cells.optionalText(12)) else { throw problem("\(name) has reminders '\(try cells.optionalText(12) ?? "")'") }
            step.remindersSent = sent
            if let text = try cells.optionalText(13) {
                guard let state = PluginValue(jsonText: text) else { throw problem("\(name) has plugin state that is not JSON") }
                step.pluginState = state
            }
            guard let outputs = ColumnValues.object(try cells.optionalText(14)) else { throw problem("\(name) has outputs that are not a JSON object") }
            step.outputs = outputs
            steps[stepID] = step
        }

        let occurrenceRows = try Row.fetchCursor(try statement("""
            SELECT step, number, date, due, state, finished, postponed_from, overdue, skip_reason, request, reminders_sent, grace_ended
            FROM occurrences WHERE case_id = ? ORDER BY step, number
            """), arguments: [id])
        while let found = try occurrenceRows.next() {
            let cells = Cells(row: found, problem: problem)
            let stepID = try cells.text(0)
            let number = try cells.int(1)
            var name: String { "\(stepID)#\(number)" }
            guard steps[stepID] != nil else { throw problem("occurrence \(name) belongs to no step") }
            guard let day = try cells.date(2, "\(name)'s date"), let due = try cells.date(3, "\(name) due") else { throw problem("\(name) has no date") }
            var occurrence = OccurrenceProgress(number: number, date: day, due: due)
            guard let occurrenceState = OccurrenceProgress.State(rawValue: try cells.text(4)) else { throw problem("\(name) has state '\(try cells.text(4))'") }
            occurrence.state = occurrenceState
            occurrence.finished = try cells.date(5, "\(name) finished")
            occurrence.postponedFrom = try cells.date(6, "\(name) postponed from")
            occurrence.overdue = try cells.int(7) == 1
            occurrence.skipReason = try cells.optionalText(8)
            guard let request = ColumnValues.request(try cells.optionalText(9)) else { throw problem("\(name) has a request that cannot be read") }
            occurrence.request = request
            guard let sent = ColumnValues.rules(try cells.optionalText(10)) else { throw problem("\(name) has reminders '\(try cells.optionalText(10) ?? "")'") }
            occurrence.remindersSent = sent
            occurrence.graceEnded = try cells.int(11) == 1
            steps[stepID]?.occurrences.append(occurrence)
        }

        var ending: CaseEnding.Reason?
        if let text = try row.optionalText(10) {
            guard let reason = CaseEnding.Reason(rawValue: text) else { throw problem("it ended for a reason this build does not know, '\(text)'") }
            ending = reason
        }
        var hold: CaseHold?
        if let since = try row.date(11, "its hold") {
            hold = CaseHold(since: since, reason: try row.optionalText(12) ?? "")
        }
        var progress = CaseProgress(state: state, asOf: asOf, phases: phases, steps: steps, ending: ending, hold: hold)
        progress.vacantRoles = ColumnValues.roles(try row.optionalText(13))
        var stored = StoredCase(
            id: id, workflowHash: try row.text(0), calendarHash: try row.optionalText(1), openedOn: openedOn, fields: fields, people: people,
            progress: progress, version: try row.int(7), label: try row.text(3), key: try row.optionalText(8).map(Self.key),
            failure: try row.optionalText(9))
        stored.calendarHashes = calendarHashes
        changes.keep(stored)
        return stored
    }

    /// Keys are stored as text: `ref:…` for HR's reference, `key:…` for the natural key.
    static func key(_ text: String) -> CaseKey {
        text.hasPrefix("ref:") ? .external(String(text.dropFirst(4))) : .natural(String(text.dropFirst(text.hasPrefix("key:") ? 4 : 0)))
    }

    static func text(_ key: CaseKey) -> String {
        switch key {
        case .external(let text): "ref:" + text
        case .natural(let text): "key:" + text
        }
    }
}

/// A row's cells read by position, each read saying what was wrong instead of trapping.
struct Cells {
    let row: Row
    let problem: (String) -> UnreadableCase

    func text(_ index: Int) throws -> String {
        guard let value = try optionalText(index) else { throw problem("column \(index) is empty") }
        return value
    }

    // Non-optional reads take GRDB's fast path straight from the statement; the tables
    // are STRICT, so a column holds its own type or NULL.
    func optionalText(_ index: Int) throws -> String? {
        row.hasNull(atIndex: index) ? nil : try row.decode(String.self, atIndex: index)
    }

    func int(_ index: Int) throws -> Int {
        guard !row.hasNull(atIndex: index) else { throw problem("column \(index) is empty") }
        return try row.decode(Int.self, atIndex: index)
    }

    /// A day number as a date; `nil` for NULL.
    func date(_ index: Int, _ what: @autoclosure () -> String) throws -> CalendarDate? {
        guard !row.hasNull(atIndex: index) else { return nil }
        let day = try row.decode(Int.self, atIndex: index)
        guard let date = ColumnValues.date(day) else { throw problem("\(what()) is out of range (day \(day))") }
        return date
    }
}
