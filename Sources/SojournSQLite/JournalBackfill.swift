import Foundation
import GRDB

/// Links the events of a database written before the journal (migration v7): each case's
/// events in order, then the head over all of them in the order they were written.
enum JournalBackfill {
    static func link(_ db: Database) throws {
        // Computed first, written after: GRDB forbids changing a table while a cursor reads it.
        var links: [(id: Int64, link: Data)] = []
        var current: String?
        var previous = JournalLink.origin
        let rows = try Row.fetchCursor(db, sql: """
            SELECT \(SQLiteTransaction.journalColumns), e.id
            FROM events e LEFT JOIN private_inputs p ON p.case_id = e.case_id AND p.sequence = e.sequence
            ORDER BY e.case_id, e.sequence
            """)
        while let row = try rows.next() {
            let content = SQLiteTransaction.journalContent(row)
            if content.caseID != current {
                current = content.caseID
                previous = JournalLink.origin
            }
            let link = JournalLink.link(after: previous, content)
            links.append((row[11], link))
            previous = link
        }
        let update = try db.makeStatement(sql: "UPDATE events SET link = ? WHERE id = ?")
        for (id, link) in links { try update.execute(arguments: [link, id]) }
        var head = JournalLink.origin
        var count = 0
        let written = try Row.fetchCursor(db, sql: "SELECT link FROM events ORDER BY id")
        while let row = try written.next() {
            head = JournalLink.head(after: head, adding: row[0])
            count += 1
        }
        try db.execute(sql: "INSERT INTO journal (id, head, events) VALUES (1, ?, ?)", arguments: [head, count])
    }
}
