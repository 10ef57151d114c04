import Foundation
import GRDB

/// Links the events of a database written before the journal (migration v7): each case's
/// events in order, then the head over all of them in the order they were written.
enum JournalBackfill {
    static func link(_ db: Database) throws {
        // Worked out first, written after: GRDB forbids changing a table while a cursor reads it.
        var links: [(id: Int64, link: Data)] = []
        try SQLiteTransaction.walkChains(db) { _, link, _, id in
            links.append((id, link))
            return link
        }
        let update = try db.makeStatement(sql: "UPDATE events SET link = ? WHERE id = ?")
        for (id, link) in links { try update.execute(arguments: [link, id]) }
        let (head, count) = try SQLiteTransaction.recomputedHead(db)
        try db.execute(sql: "INSERT INTO journal (id, head, events) VALUES (1, ?, ?)", arguments: [head, count])
    }
}
