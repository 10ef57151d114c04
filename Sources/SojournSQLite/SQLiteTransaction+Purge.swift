import Foundation
import GRDB
import SojournCore
import SojournKit

// MARK: - Removing cases past their retention

extension SQLiteTransaction {
    func closedCases() throws -> [ClosedCase] {
        // The day a case closed: its completion, ending or cancellation event.
        try Row.fetchAll(try statement("""
            SELECT c.id, c.workflow_hash, MAX(e.on_date) FROM cases c JOIN events e ON e.case_id = c.id
            WHERE c.state != 'open' AND e.kind IN ('case-completed', 'case-ended', 'case-cancelled')
            GROUP BY c.id ORDER BY c.id
            """)).compactMap { row in
            guard let day = ColumnValues.date(row[2] as Int?) else { return nil }
            return ClosedCase(id: row[0], workflowHash: row[1], closedOn: day)
        }
    }

    func purge(_ caseIDs: [String]) throws -> Int {
        guard !caseIDs.isEmpty else { return 0 }
        // The history is append-only for everything but this: the trigger is lifted for
        // the deletion and put back in the same transaction.
        try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_delete")
        var events = 0
        for id in caseIDs {
            events += try Int.fetchOne(try statement("SELECT COUNT(*) FROM events WHERE case_id = ?"), arguments: [id]) ?? 0
            for table in ["private_inputs", "events", "outbox", "pairings", "recorded_inputs", "occurrences", "steps", "phases", "case_people", "case_calendars"] {
                try statement("DELETE FROM \(table) WHERE case_id = ?").execute(arguments: [id])
            }
            try statement("DELETE FROM cases WHERE id = ?").execute(arguments: [id])
        }
        // A load of nobody left (a purged case's mentor) goes too: it holds their address.
        try db.execute(sql: "DELETE FROM loads WHERE count = 0 AND email NOT IN (SELECT email FROM pairings)")
        try db.execute(sql: """
            CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
            """)
        // The journal head now chains the links that remain.
        let (head, count) = try Self.recomputedHead(db)
        try setJournalHead(head, events: count)
        return events
    }
}
