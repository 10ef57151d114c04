import Foundation
import GRDB
import SojournCore

// MARK: - The tamper-evident journal

extension SQLiteTransaction {
    /// Walks every case's events in order, working out each event's link from the link
    /// before it. `visit` gets the event as stored, the link worked out, the link stored
    /// (`nil` before migration v7 filled it) and the row id, and returns the link to go on
    /// from.
    static func walkChains(_ db: Database, _ visit: (JournalLink.Content, _ computed: Data, _ stored: Data?, _ id: Int64) throws -> Data) throws {
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
            previous = try visit(content, JournalLink.link(after: previous, content), row[11], row[12])
        }
    }

    /// The journal head over every stored link in the order the events were written, and
    /// how many events it covers.
    static func recomputedHead(_ db: Database) throws -> (head: Data, events: Int) {
        var head = JournalLink.origin
        var count = 0
        let links = try Row.fetchCursor(db, sql: "SELECT link FROM events ORDER BY id")
        while let row = try links.next() {
            head = JournalLink.head(after: head, adding: (row[0] as Data?) ?? JournalLink.origin)
            count += 1
        }
        return (head, count)
    }

    /// The link of a case's event `sequence`, the origin before its first.
    func link(of caseID: String, before sequence: Int) throws -> Data {
        guard sequence > 1 else { return JournalLink.origin }
        return try Data.fetchOne(try statement("SELECT link FROM events WHERE case_id = ? AND sequence = ?"), arguments: [caseID, sequence - 1])
            ?? JournalLink.origin
    }

    /// The journal head and how many events it covers.
    func journalHead() throws -> (head: Data, events: Int) {
        guard let row = try Row.fetchOne(try statement("SELECT head, events FROM journal WHERE id = 1")) else { return (JournalLink.origin, 0) }
        return (row[0], row[1])
    }

    func setJournalHead(_ head: Data, events: Int) throws {
        try statement("INSERT INTO journal (id, head, events) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET head = excluded.head, events = excluded.events")
            .execute(arguments: [head, events])
    }

    func verifyJournal() throws -> JournalCheck {
        var breaks: [JournalCheck.Break] = []
        var broken: Set<String> = []
        func report(_ caseID: String, _ sequence: Int?, _ problem: String) {
            guard broken.insert(caseID).inserted else { return }
            breaks.append(JournalCheck.Break(caseID: caseID, sequence: sequence, problem: problem))
        }

        // Each case's chain, in its own order.
        var cases = 0, events = 0
        var expected = 1
        var lastSequence: [String: Int] = [:]
        try Self.walkChains(db) { content, link, stored, _ in
            events += 1
            if lastSequence[content.caseID] == nil {
                cases += 1
                expected = 1
            }
            lastSequence[content.caseID] = content.sequence
            if content.sequence != expected {
                report(content.caseID, expected, content.sequence > expected
                       ? "event \(expected) is missing (the history goes from \(expected - 1) to \(content.sequence))"
                       : "event \(content.sequence) appears again after event \(expected - 1)")
            }
            if stored != link {
                report(content.caseID, content.sequence, "event \(content.sequence) does not match its link: it was changed, moved or inserted after it was written")
            }
            expected = content.sequence + 1
            // Go on from the stored link, so that one changed event is reported once.
            return stored ?? link
        }

        // Each case's count of events against its history: removed events at the end.
        let counts = try Row.fetchCursor(db, sql: "SELECT id, event_count FROM cases ORDER BY id")
        var known: Set<String> = []
        while let row = try counts.next() {
            let id: String = row[0], count: Int = row[1]
            known.insert(id)
            let last = lastSequence[id] ?? 0
            if count != last {
                report(id, last + 1, count > last
                       ? "its last \(count - last == 1 ? "event is" : "\(count - last) events are") missing (the case counts \(count), the history ends at \(last))"
                       : "the history has \(last) events but the case counts \(count)")
            }
        }
        for id in lastSequence.keys.sorted() where !known.contains(id) {
            report(id, nil, "events remain of a case that is not in the database")
        }

        // The journal head, over every link in the order written.
        let (head, written) = try Self.recomputedHead(db)
        let recorded = try journalHead()
        breaks.sort { ($0.caseID ?? "", $0.sequence ?? 0) < ($1.caseID ?? "", $1.sequence ?? 0) }
        if recorded.head != head || recorded.events != written {
            breaks.append(JournalCheck.Break(caseID: nil, sequence: nil, problem: recorded.events != written
                ? "the journal records \(recorded.events) events and the database holds \(written): events were added or removed outside sojourn"
                : "the journal head does not match the events: the history was rewritten outside sojourn"))
        }
        return JournalCheck(cases: cases, events: events, head: Hex.string(head), breaks: breaks)
    }
}
