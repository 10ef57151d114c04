import Foundation
import GRDB

/// Migration v8: every event gets a salt, and a link in the second scheme
/// (`JournalLink`), so that a person's values can later be erased with the history
/// still verifying.
///
/// A database already broken stays broken: a case's events from its first link that
/// does not check under the first scheme (or its first gap) keep the link they had,
/// which the second scheme does not match, so `verify` names the same spot; a journal
/// head that did not match is kept as it was.
enum JournalRelink {
    static func relink(_ db: Database) throws {
        var updates: [(id: Int64, salt: Data, link: Data)] = []
        var caseID: String?
        var previous = JournalLink.origin
        var expected = 1
        var broken = false
        try LegacyJournal.walk(db) { content, computed, stored, id in
            if content.caseID != caseID {
                (caseID, previous, expected, broken) = (content.caseID, JournalLink.origin, 1, false)
            }
            if stored != computed || content.sequence != expected { broken = true }
            let salt = JournalLink.newSalt()
            let link = broken
                ? stored ?? JournalLink.origin
                : JournalLink.link(after: previous, content, commitment: JournalLink.commitment(content, salt: salt))
            updates.append((id, salt, link))
            previous = link
            expected = content.sequence + 1
        }
        let (oldHead, oldCount) = try SQLiteTransaction.recomputedHead(db)
        let recorded = try Row.fetchOne(db, sql: "SELECT head, events FROM journal WHERE id = 1")
        let headHeld = recorded.map { ($0[0] as Data) == oldHead && ($0[1] as Int) == oldCount } ?? (oldCount == 0)

        let update = try db.makeStatement(sql: "UPDATE events SET salt = ?, link = ? WHERE id = ?")
        for (id, salt, link) in updates { try update.execute(arguments: [salt, link, id]) }
        guard headHeld else { return }
        let (head, count) = try SQLiteTransaction.recomputedHead(db)
        try db.execute(sql: "INSERT INTO journal (id, head, events) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET head = excluded.head, events = excluded.events",
                       arguments: [head, count])
    }
}
