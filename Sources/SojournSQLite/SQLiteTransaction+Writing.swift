import Foundation
import GRDB
import SojournCore
import SojournKit

// MARK: - Writing cases

extension SQLiteTransaction {
    func insert(_ stored: StoredCase, events: [CaseEvent], recordedAt: Timestamp) throws {
        try refuseDatesOutOfRange(stored)
        try statement("""
            INSERT INTO cases (id, workflow_hash, calendar_hash, state, label, opened_on, as_of, fields, version, event_count, case_key, failure, ending, held_since, held_reason, vacant_roles)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                stored.id, stored.workflowHash, stored.calendarHash, stored.progress.state.rawValue, stored.label,
                stored.openedOn.dayNumber, stored.progress.asOf.dayNumber, PluginValue.object(stored.fields).jsonText,
                stored.version, events.count, stored.key.map(Self.text), stored.failure, stored.progress.ending?.rawValue,
                stored.progress.hold?.since.dayNumber, stored.progress.hold?.reason, ColumnValues.roles(stored.progress.vacantRoles),
            ])
        for (role, person) in stored.people.sorted(by: { $0.key < $1.key }) { try writePerson(stored.id, role, person) }
        for (choice, hash) in stored.calendarHashes.sorted(by: { $0.key < $1.key }) {
            try statement("INSERT INTO case_calendars (case_id, choice, calendar_hash) VALUES (?, ?, ?)").execute(arguments: [stored.id, choice, hash])
        }
        for (id, phase) in stored.progress.phases.sorted(by: { $0.key < $1.key }) { try writePhase(stored.id, id, phase) }
        for (id, step) in stored.progress.steps.sorted(by: { $0.key < $1.key }) {
            try writeStep(stored.id, id, step)
            for occurrence in step.occurrences { try writeOccurrence(stored.id, id, occurrence) }
        }
        try append(events, to: stored.id, from: 1, recordedAt: recordedAt)
        changes.keep(stored)
    }

    func update(_ change: CaseChange, recordedAt: Timestamp) throws {
        let stored = change.stored
        try refuseDatesOutOfRange(stored)
        guard let count = try Int.fetchOne(try statement("SELECT event_count FROM cases WHERE id = ? AND version = ?"), arguments: [stored.id, change.expectedVersion]) else {
            throw StoreConflict(caseID: stored.id)
        }
        try statement("""
            UPDATE cases SET workflow_hash = ?, state = ?, label = ?, as_of = ?, fields = ?, version = ?, event_count = ?, failure = ?, ending = ?, held_since = ?, held_reason = ?, vacant_roles = ?
            WHERE id = ?
            """).execute(arguments: [
                stored.workflowHash, stored.progress.state.rawValue, stored.label, stored.progress.asOf.dayNumber,
                PluginValue.object(stored.fields).jsonText, stored.version, count + change.events.count, stored.failure,
                stored.progress.ending?.rawValue, stored.progress.hold?.since.dayNumber, stored.progress.hold?.reason,
                ColumnValues.roles(stored.progress.vacantRoles), stored.id,
            ])
        for role in change.roles {
            if let person = stored.people[role] {
                try writePerson(stored.id, role, person)
            } else {
                try statement("DELETE FROM case_people WHERE case_id = ? AND role = ?").execute(arguments: [stored.id, role])
            }
        }
        for id in change.phases {
            guard let phase = stored.progress.phases[id] else { continue }
            try writePhase(stored.id, id, phase)
        }
        for id in change.removedPhases {
            try statement("DELETE FROM phases WHERE case_id = ? AND phase = ?").execute(arguments: [stored.id, id])
        }
        for id in change.steps {
            guard let step = stored.progress.steps[id] else { continue }
            try writeStep(stored.id, id, step)
        }
        for (step, number) in change.removedOccurrences {
            try statement("DELETE FROM occurrences WHERE case_id = ? AND step = ? AND number = ?").execute(arguments: [stored.id, step, number])
        }
        for id in change.removedSteps {
            try statement("DELETE FROM steps WHERE case_id = ? AND step = ?").execute(arguments: [stored.id, id])
        }
        for (step, number) in change.occurrences {
            guard let occurrence = stored.progress.steps[step]?.occurrences.first(where: { $0.number == number }) else { continue }
            try writeOccurrence(stored.id, step, occurrence)
        }
        try append(change.events, to: stored.id, from: count + 1, recordedAt: recordedAt)
        changes.keep(stored)
    }

    private func writePerson(_ caseID: String, _ role: String, _ person: String) throws {
        // Upserts, not REPLACE: an update leaves the indexes of unchanged columns alone.
        try statement("INSERT INTO case_people (case_id, role, person, email) VALUES (?, ?, ?, ?) ON CONFLICT (case_id, role) DO UPDATE SET person = excluded.person, email = excluded.email")
            .execute(arguments: [caseID, role, person, PersonText.email(person) ?? person])
    }

    private func writePhase(_ caseID: String, _ id: String, _ phase: PhaseProgress) throws {
        try statement("""
            INSERT INTO phases (case_id, phase, state, started, finished, next_moment) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id, phase) DO UPDATE SET state = excluded.state, started = excluded.started, finished = excluded.finished,
                next_moment = excluded.next_moment
            """)
            .execute(arguments: [caseID, id, phase.state.rawValue, phase.started?.dayNumber, phase.finished?.dayNumber, phase.nextMoment?.dayNumber])
    }

    /// A date that could be written but never read back would make the case, and every
    /// command listing it, fail from then on: the whole change is refused instead.
    private func refuseDatesOutOfRange(_ stored: StoredCase) throws {
        if let what = stored.firstDateOutOfRange {
            throw ServiceError("case \(stored.id): \(what) would fall outside the years 0001 to 9999, so the change was refused and nothing was stored; choose an earlier date")
        }
    }

    private func writeStep(_ caseID: String, _ id: String, _ step: StepProgress) throws {
        try statement("""
            INSERT INTO steps (case_id, step, state, ready, started, due, finished, overdue, next_moment, prompt, request,
                wake_up, failure, skip_reason, reminders_sent, plugin_state, outputs, grace_ended)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id, step) DO UPDATE SET state = excluded.state, ready = excluded.ready, started = excluded.started,
                due = excluded.due, finished = excluded.finished, overdue = excluded.overdue, next_moment = excluded.next_moment,
                prompt = excluded.prompt, request = excluded.request, wake_up = excluded.wake_up, failure = excluded.failure,
                skip_reason = excluded.skip_reason, reminders_sent = excluded.reminders_sent, plugin_state = excluded.plugin_state,
                outputs = excluded.outputs, grace_ended = excluded.grace_ended
            """).execute(arguments: [
                caseID, id, step.state.rawValue, step.ready?.dayNumber, step.started?.dayNumber, step.due?.dayNumber,
                step.finished?.dayNumber, step.overdue ? 1 : 0, step.nextMoment?.dayNumber, step.waitingFor?.prompt,
                ColumnValues.request(step.request), step.wakeUp?.dayNumber, step.failure, step.skipReason,
                ColumnValues.rules(step.remindersSent), step.pluginState?.jsonText, ColumnValues.json(step.outputs), step.graceEnded ? 1 : 0,
            ])
    }

    private func writeOccurrence(_ caseID: String, _ step: String, _ occurrence: OccurrenceProgress) throws {
        try statement("""
            INSERT INTO occurrences (case_id, step, number, date, due, state, finished, postponed_from, overdue, skip_reason,
                prompt, request, reminders_sent, grace_ended)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id, step, number) DO UPDATE SET date = excluded.date, due = excluded.due, state = excluded.state,
                finished = excluded.finished, postponed_from = excluded.postponed_from, overdue = excluded.overdue,
                skip_reason = excluded.skip_reason, prompt = excluded.prompt, request = excluded.request, reminders_sent = excluded.reminders_sent,
                grace_ended = excluded.grace_ended
            """).execute(arguments: [
                caseID, step, occurrence.number, occurrence.date.dayNumber, occurrence.due.dayNumber, occurrence.state.rawValue,
                occurrence.finished?.dayNumber, occurrence.postponedFrom?.dayNumber, occurrence.overdue ? 1 : 0, occurrence.skipReason,
                occurrence.waitingFor?.prompt, ColumnValues.request(occurrence.request), ColumnValues.rules(occurrence.remindersSent),
                occurrence.graceEnded ? 1 : 0,
            ])
    }

    private func append(_ events: [CaseEvent], to caseID: String, from first: Int, recordedAt: Timestamp) throws {
        guard !events.isEmpty else { return }
        let insert = try statement("""
            INSERT INTO events (case_id, sequence, kind, on_date, phase, step, occurrence, actor, data, recorded_at, salt, link)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Each event is linked to the one before it in the case, and to the journal head.
        var previous = try link(of: caseID, before: first)
        var (head, count) = try journalHead()
        for (offset, event) in events.enumerated() {
            let privateInput = event.privateInput.isEmpty ? nil : PluginValue.object(event.privateInput).jsonText
            let content = JournalLink.Content(
                caseID: caseID, sequence: first + offset, kind: event.kind.rawValue, onDate: event.date.dayNumber, phase: event.phase,
                step: event.step, occurrence: event.occurrence, actor: event.actor, data: PluginValue.object(event.data).jsonText,
                recordedAt: recordedAt.milliseconds, privateInput: privateInput)
            let salt = JournalLink.newSalt()
            let link = JournalLink.link(after: previous, content, commitment: JournalLink.commitment(content, salt: salt))
            try insert.execute(arguments: [
                content.caseID, content.sequence, content.kind, content.onDate, content.phase, content.step, content.occurrence,
                content.actor, content.data, content.recordedAt, salt, link,
            ])
            // Private input, apart: the history row says only that it was given.
            if let privateInput {
                try statement("INSERT INTO private_inputs (case_id, sequence, data) VALUES (?, ?, ?)")
                    .execute(arguments: [caseID, first + offset, privateInput])
            }
            previous = link
            head = JournalLink.head(after: head, adding: link)
            count += 1
        }
        try setJournalHead(head, events: count)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        // Prepared once per connection: a bulk advance takes one savepoint per case.
        try statement("SAVEPOINT sojourn_case").execute()
        let before = changes.kept
        do {
            let result = try body()
            try statement("RELEASE SAVEPOINT sojourn_case").execute()
            return result
        } catch {
            try statement("ROLLBACK TRANSACTION TO SAVEPOINT sojourn_case").execute()
            try statement("RELEASE SAVEPOINT sojourn_case").execute()
            // What the savepoint wrote is gone; so is what it cached.
            for id in changes.kept.keys where before[id]?.version != changes.kept[id]?.version { changes.forget(id) }
            throw error
        }
    }

    func noteFailure(of caseID: String, _ reason: String?) throws {
        try statement("UPDATE cases SET failure = ?, version = version + 1 WHERE id = ?").execute(arguments: [reason, caseID])
        changes.forget(caseID)
    }

    func setAdvancedTo(_ date: CalendarDate) throws {
        try statement("INSERT INTO meta (key, value) VALUES ('\(Meta.advancedTo)', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .execute(arguments: [String(date.dayNumber)])
    }

    func noteRecorded(_ key: String, caseID: String, at time: Timestamp) throws {
        try statement("INSERT INTO recorded_inputs (key, case_id, recorded_at) VALUES (?, ?, ?)").execute(arguments: [key, caseID, time.milliseconds])
    }

    // MARK: - Workflows and calendars

    func pin(_ workflow: PinnedWorkflow) throws {
        try statement("INSERT OR IGNORE INTO workflows (hash, workflow_id, version, path, source) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [workflow.hash, workflow.workflowID, workflow.version, workflow.path, workflow.source])
        guard db.changesCount > 0 else { return }
        for (position, step) in workflow.steps.enumerated() {
            try statement("INSERT OR IGNORE INTO workflow_steps (workflow_hash, step, position, uses, owner, title) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [workflow.hash, step.id, position, step.uses, step.owner, step.title])
        }
    }

    func pin(_ calendar: PinnedCalendar) throws {
        // Every case opened pins its calendar; encode it only the first time.
        guard try Bool.fetchOne(try statement("SELECT EXISTS (SELECT 1 FROM calendars WHERE hash = ?)"), arguments: [calendar.hash]) != true else { return }
        let data = try JSONEncoder().encode(calendar)
        try statement("INSERT OR IGNORE INTO calendars (hash, country, data) VALUES (?, ?, ?)")
            .execute(arguments: [calendar.hash, calendar.country, String(decoding: data, as: UTF8.self)])
    }

    // MARK: - Roster, pairings, outbox

    func save(_ person: RosterPerson) throws {
        try statement("INSERT INTO people (email, name, data, active) VALUES (?, ?, ?, ?) ON CONFLICT(email) DO UPDATE SET name = excluded.name, data = excluded.data, active = excluded.active")
            .execute(arguments: [person.email, person.name, ColumnValues.value(of: person).jsonText, person.active])
        try rosterChanged()
    }

    func deactivate(_ emails: [String]) throws {
        for email in emails {
            guard let data = try String.fetchOne(try statement("SELECT data FROM people WHERE email = ?"), arguments: [email]),
                  var person = PluginValue(jsonText: data).flatMap(ColumnValues.person) else { continue }
            person.active = false
            try save(person)
        }
    }

    /// A new roster version: every process's copy of the roster is out of date.
    private func rosterChanged() throws {
        try statement("INSERT INTO meta (key, value) VALUES ('\(Meta.rosterVersion)', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)").execute()
        changes.roster = nil
    }

    func startPairing(caseID: String, role: String, email: String, employee: String, on date: CalendarDate) throws {
        try endPairings(caseID: caseID, role: role, on: date)
        try statement("INSERT INTO pairings (case_id, role, email, employee, started_on) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [caseID, role, email, employee, date.dayNumber])
        changes.loads[role]?[email.lowercased(), default: 0] += 1
    }

    func endPairings(caseID: String, role: String?, on date: CalendarDate) throws {
        // The loads this transaction has read go down with the pairings that end.
        let ending = try Row.fetchAll(try statement("SELECT email, role FROM pairings WHERE case_id = ? AND ended_on IS NULL"), arguments: [caseID])
        for row in ending {
            let (email, held): (String, String) = (row[0], row[1])
            guard role == nil || held == role else { continue }
            changes.loads[held]?[email.lowercased(), default: 1] -= 1
        }
        if let role {
            try statement("UPDATE pairings SET ended_on = ? WHERE case_id = ? AND role = ? AND ended_on IS NULL").execute(arguments: [date.dayNumber, caseID, role])
        } else {
            try statement("UPDATE pairings SET ended_on = ? WHERE case_id = ? AND ended_on IS NULL").execute(arguments: [date.dayNumber, caseID])
        }
    }

    @discardableResult
    func queue(_ entry: OutboxEntry) throws -> Int {
        try statement("INSERT INTO outbox (case_id, step, recipients, subject, body, on_date, queued_at, kind, wants_digest, calendar, occurrence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(arguments: [
                entry.caseID, entry.step, ColumnValues.recipients(entry.to), entry.subject, entry.body, entry.date.dayNumber,
                entry.queuedAt.milliseconds, entry.kind.rawValue, entry.wantsDigest ? 1 : 0, entry.calendar, entry.occurrence,
            ])
        return Int(db.lastInsertedRowID)
    }

    func gather(_ parts: [Int], into digest: Int) throws {
        for id in parts {
            try statement("UPDATE outbox SET digest_id = ? WHERE id = ? AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL")
                .execute(arguments: [digest, id])
        }
    }

    func withdrawUnsentInvitations(caseID: String, uid: String, to: [String], at time: Timestamp) throws {
        try statement("""
            UPDATE outbox SET withdrawn_at = ? WHERE case_id = ? AND kind = 'invitation' AND instr(calendar, ?) > 0 AND recipients = ?
            AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL
            """).execute(arguments: [time.milliseconds, caseID, ColumnValues.uidLine(uid), ColumnValues.recipients(to)])
    }

    func withdrawUnsentNotices(caseID: String, to person: String, at time: Timestamp) throws {
        try statement("""
            UPDATE outbox SET withdrawn_at = ? WHERE case_id = ? AND recipients = ? AND kind IN ('reminder', 'overdue', 'escalation')
            AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL
            """).execute(arguments: [time.milliseconds, caseID, ColumnValues.recipients([person])])
    }

    func invitationSent(caseID: String, uid: String, to: [String]) throws -> Bool {
        try Bool.fetchOne(try statement("""
            SELECT EXISTS (SELECT 1 FROM outbox WHERE case_id = ? AND kind = 'invitation' AND instr(calendar, ?) > 0 AND recipients = ?
            AND (sent_at IS NOT NULL OR handed_over_at IS NOT NULL))
            """), arguments: [caseID, ColumnValues.uidLine(uid), ColumnValues.recipients(to)]) ?? false
    }

    func withdrawUnsentNotices(caseID: String, step: String, occurrence: Int?, at time: Timestamp) throws {
        try statement("""
            UPDATE outbox SET withdrawn_at = ? WHERE case_id = ? AND step = ? AND kind IN ('reminder', 'overdue', 'escalation')
            AND (? IS NULL OR occurrence = ?) AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL
            """).execute(arguments: [time.milliseconds, caseID, step, occurrence, occurrence])
    }

    func withdrawUnsent(caseID: String, at time: Timestamp) throws {
        // A message being handed over is the mail agent's already: it is not withdrawn.
        // A digest gathers several cases' messages: it is not the ending case's to withdraw.
        // Invitations are replaced by the ending's own updates and cancellations (see
        // `Invitations`), so a cancellation to someone who left the pair still goes.
        try statement("UPDATE outbox SET withdrawn_at = ? WHERE case_id = ? AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL AND kind NOT IN ('digest', 'invitation')")
            .execute(arguments: [time.milliseconds, caseID])
    }

    func claim(outboxEntry id: Int, messageID: String, at time: Timestamp) throws -> String? {
        try statement("""
            UPDATE outbox SET handed_over_at = ?, message_id = coalesce(message_id, ?)
            WHERE id = ? AND sent_at IS NULL AND withdrawn_at IS NULL AND failed_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL
            """).execute(arguments: [time.milliseconds, messageID, id])
        guard db.changesCount == 1 else { return nil }
        return try String.fetchOne(try statement("SELECT message_id FROM outbox WHERE id = ?"), arguments: [id])
    }

    func recordDelivery(of id: Int, _ outcome: DeliveryOutcome, at time: Timestamp) throws {
        switch outcome {
        case .accepted:
            try statement("UPDATE outbox SET sent_at = ?, handed_over_at = NULL, next_attempt_at = NULL WHERE id = ?").execute(arguments: [time.milliseconds, id])
        case .retry(let at, let reason):
            try statement("UPDATE outbox SET handed_over_at = NULL, attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .execute(arguments: [at.milliseconds, reason, id])
        case .untried:
            try statement("UPDATE outbox SET handed_over_at = NULL WHERE id = ?").execute(arguments: [id])
        case .failed(let reason):
            try statement("UPDATE outbox SET handed_over_at = NULL, attempts = attempts + 1, failed_at = ?, next_attempt_at = NULL, last_error = ? WHERE id = ?")
                .execute(arguments: [time.milliseconds, reason, id])
        }
    }

    func settleUncertain(_ id: Int, sent: Bool, at time: Timestamp) throws -> Bool {
        // An uncertain message (a claim left behind), or one that failed.
        let unsettled = "id = ? AND sent_at IS NULL AND withdrawn_at IS NULL AND (handed_over_at IS NOT NULL OR failed_at IS NOT NULL)"
        if sent {
            try statement("UPDATE outbox SET sent_at = ?, handed_over_at = NULL WHERE \(unsettled)").execute(arguments: [time.milliseconds, id])
        } else {
            try statement("UPDATE outbox SET handed_over_at = NULL, failed_at = NULL, next_attempt_at = NULL, attempts = 0 WHERE \(unsettled)")
                .execute(arguments: [id])
        }
        return db.changesCount == 1
    }

    func markSent(_ ids: [Int], at time: Timestamp) throws {
        for id in ids {
            try statement("UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL AND withdrawn_at IS NULL AND handed_over_at IS NULL AND digest_id IS NULL")
                .execute(arguments: [time.milliseconds, id])
        }
    }
}
