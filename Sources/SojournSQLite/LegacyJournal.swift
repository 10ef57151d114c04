import Crypto
import Foundation
import GRDB
import SojournCore

/// The journal's first link scheme (migrations v7 to v8): each link hashed the whole
/// event, its personal part included, so no value could be erased without breaking it.
/// Kept only to link a database from before v7 as v7 did, and to check those links
/// before v8 replaces them.
enum LegacyJournal {
    static func link(after previous: Data, _ content: JournalLink.Content) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("sojourn-event-1".utf8))
        hasher.update(data: previous)
        for field in [content.caseID, String(content.sequence), content.kind, String(content.onDate), content.phase, content.step,
                      content.occurrence.map(String.init), content.actor, content.data, String(content.recordedAt)] {
            JournalLink.add(field, to: &hasher)
        }
        JournalLink.add(content.privateInput.map(WorkflowCatalog.hash), to: &hasher)
        return Data(hasher.finalize())
    }

    /// Walks every case's events in order with their first-scheme links: `visit` gets
    /// the event, the link worked out from the stored link before it, the stored link
    /// and the row id.
    static func walk(_ db: Database, _ visit: (JournalLink.Content, _ computed: Data, _ stored: Data?, _ id: Int64) throws -> Void) throws {
        var current: String?
        var previous = JournalLink.origin
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.case_id, e.sequence, e.kind, e.on_date, e.phase, e.step, e.occurrence, e.actor, e.data, e.recorded_at, p.data, e.link, e.id
            FROM events e LEFT JOIN private_inputs p ON p.case_id = e.case_id AND p.sequence = e.sequence
            ORDER BY e.case_id, e.sequence
            """)
        while let row = try rows.next() {
            let content = JournalLink.Content(
                caseID: row[0], sequence: row[1], kind: row[2], onDate: row[3], phase: row[4], step: row[5], occurrence: row[6],
                actor: row[7], data: row[8], recordedAt: row[9], privateInput: row[10])
            if content.caseID != current {
                current = content.caseID
                previous = JournalLink.origin
            }
            let computed = link(after: previous, content)
            let stored: Data? = row[11]
            try visit(content, computed, stored, row[12])
            previous = stored ?? computed
        }
    }

    /// Links the events of a database written before the journal (migration v7): each
    /// case's events in order, then the head over all of them in the order written.
    static func backfill(_ db: Database) throws {
        // Worked out first, written after: GRDB forbids changing a table while a cursor reads it.
        var links: [(id: Int64, link: Data)] = []
        // No link is stored yet, so each is worked out from the one worked out before it.
        try walk(db) { _, computed, _, id in links.append((id, computed)) }
        let update = try db.makeStatement(sql: "UPDATE events SET link = ? WHERE id = ?")
        for (id, link) in links { try update.execute(arguments: [link, id]) }
        let (head, count) = try SQLiteTransaction.recomputedHead(db)
        try db.execute(sql: "INSERT INTO journal (id, head, events) VALUES (1, ?, ?)", arguments: [head, count])
    }
}
