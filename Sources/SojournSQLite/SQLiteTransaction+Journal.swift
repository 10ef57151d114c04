import Foundation
import GRDB
import SojournCore

// MARK: - The tamper-evident journal

extension SQLiteTransaction {
    /// One stored event as `verify` reads it.
    struct ChainedEvent {
        var content: JournalLink.Content
        /// The link worked out from the stored link before it.
        var computed: Data
        var stored: Data?
        /// Whether its personal part was erased: its salt is gone and its commitment kept.
        var erased: Bool
        /// Neither a salt nor a kept commitment: the personal part cannot be checked.
        var unsalted: Bool
    }

    /// Walks every case's events in order, working out each event's link from the
    /// stored link before it (so that one changed event is reported once).
    static func walkChains(_ db: Database, _ visit: (ChainedEvent) throws -> Void) throws {
        var current: String?
        var previous = JournalLink.origin
        let rows = try Row.fetchCursor(db, sql: """
            SELECT e.case_id, e.sequence, e.kind, e.on_date, e.phase, e.step, e.occurrence, e.actor, e.data, e.recorded_at, p.data, e.link,
                e.salt, e.commitment
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
            let salt: Data? = row[12], kept: Data? = row[13]
            let commitment = salt.map { JournalLink.commitment(content, salt: $0) } ?? kept ?? Data()
            let stored: Data? = row[11]
            let computed = JournalLink.link(after: previous, content, commitment: commitment)
            try visit(ChainedEvent(content: content, computed: computed, stored: stored, erased: salt == nil && kept != nil, unsalted: salt == nil && kept == nil))
            previous = stored ?? computed
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
        // Events whose personal part was erased, and the events each case's erasures name.
        var erased: [String: [Int]] = [:]
        var named: [String: Set<Int>] = [:]
        try Self.walkChains(db) { event in
            let content = event.content
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
            if event.unsalted {
                report(content.caseID, content.sequence, "event \(content.sequence) has lost its salt, so what it says cannot be checked")
            } else if event.stored != event.computed {
                report(content.caseID, content.sequence, "event \(content.sequence) does not match its link: it was changed, moved or inserted after it was written")
            }
            if event.erased { erased[content.caseID, default: []].append(content.sequence) }
            if content.kind == CaseEvent.Kind.personalDataErased.rawValue {
                named[content.caseID, default: []].formUnion(PersonErasure.erasedSequences(in: content.data))
            }
            expected = content.sequence + 1
        }
        // An erased event must be named by an erasure in its history: a commitment kept
        // in place of a salt is accepted only for what an erasure rewrote.
        for (caseID, sequences) in erased {
            for sequence in sequences where !(named[caseID]?.contains(sequence) ?? false) {
                report(caseID, sequence, "event \(sequence) was rewritten as erased, but no erasure in the history names it")
                break
            }
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
