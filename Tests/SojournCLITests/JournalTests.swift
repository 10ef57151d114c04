import Foundation
import GRDB
import Testing

/// `sojourn verify`: edits made to the database file behind sojourn's back (as with the
/// `sqlite3` shell: the append-only triggers dropped, rows changed, removed, reordered or
/// added) are found, and named by case and event.
@Suite(.serialized) struct JournalTests {
    /// A database with two visa cases, one with private input, and their ids.
    static func database() throws -> (environment: [String: String], ids: [String]) {
        let path = try CLI.temporaryFile(PluginContractTests.workflow)
        let environment = try LateAndNonBlockingTests.database()
        var ids: [String] = []
        for employee in ["Ana Lima <ana@example.com>", "Bo Berg <bo@example.com>"] {
            ids.append(try CLI.openCase(["open", path, "--field", "employee=\(employee)", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                                         "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04", "--json", "--by", "hana@example.com"], environment: environment))
        }
        let recorded = try CLI.run(["record", ids[0], "visa", "--set", "document=passport", "--set", "expires=2031-05-01", "--set", "number=X123",
                                    "--as-of", "2027-01-11", "--by", "ana@example.com"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        return (environment, ids)
    }

    /// Changes the database file directly, as someone with the file could.
    static func tamper(_ environment: [String: String], _ sql: String) throws {
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS events_are_append_only_update; DROP TRIGGER IF EXISTS events_are_append_only_delete;")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    static func eventCount(_ environment: [String: String]) throws -> Int {
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    @Test func anUntouchedDatabaseVerifies() throws {
        let (environment, _) = try Self.database()
        let events = try Self.eventCount(environment)
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "verified 2 cases, \(events) events: every history matches its links")
        #expect(lines.count == 2 && lines[1].hasPrefix("journal head ") && lines[1].dropFirst("journal head ".count).count == 64, "\(result.output)")
        let json = try CanonicalJSON.parse(try CLI.run(["verify", "--json"], environment: environment).output)
        #expect(json["intact"]?.rendered() == "true")
        #expect(json["breaks"]?.items.isEmpty == true)
        // The head is a function of the history: the same database verifies to the same head.
        #expect(try CLI.run(["verify"], environment: environment).output == result.output)
    }

    @Test func anEditedEventIsNamed() throws {
        let (environment, ids) = try Self.database()
        let events = try Self.eventCount(environment)
        try Self.tamper(environment, "UPDATE events SET actor = 'Mallory <m@example.com>' WHERE case_id = '\(ids[1])' AND sequence = 3")
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: case \(ids[1]), event 3: event 3 does not match its link: it was changed, moved or inserted after it was written\n")
        #expect(result.output.hasPrefix("1 problem in 2 cases, \(events) events; restore a backup, or ask who changed the database file\njournal head "))
    }

    @Test func editedPrivateInputIsNamed() throws {
        let (environment, ids) = try Self.database()
        let sequence = try DatabaseQueue(path: environment["SOJOURN_DB"]!).read { db in try Int.fetchOne(db, sql: "SELECT sequence FROM private_inputs") } ?? 0
        try Self.tamper(environment, "UPDATE private_inputs SET data = '{\"number\":\"Y999\"}'")
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: case \(ids[0]), event \(sequence): event \(sequence) does not match its link: it was changed, moved or inserted after it was written\n")
    }

    @Test func aRemovedEventIsNamedAndTheJournalNoLongerAddsUp() throws {
        let (environment, ids) = try Self.database()
        let events = try Self.eventCount(environment)
        try Self.tamper(environment, "DELETE FROM events WHERE case_id = '\(ids[0])' AND sequence = 2")
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == """
            error: case \(ids[0]), event 2: event 2 is missing (the history goes from 1 to 3)
            error: journal: the journal records \(events) events and the database holds \(events - 1): events were added or removed outside sojourn

            """)
    }

    @Test func theLastEventsRemovedAreNamed() throws {
        let (environment, ids) = try Self.database()
        let last = try DatabaseQueue(path: environment["SOJOURN_DB"]!).read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM events WHERE case_id = ?", arguments: [ids[1]])
        } ?? 0
        try Self.tamper(environment, "DELETE FROM events WHERE case_id = '\(ids[1])' AND sequence >= \(last - 1)")
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("error: case \(ids[1]), event \(last - 1): its last 2 events are missing (the case counts \(last), the history ends at \(last - 2))\n"), "\(result.error)")
    }

    @Test func reorderedEventsAreNamed() throws {
        let (environment, ids) = try Self.database()
        try Self.tamper(environment, """
            UPDATE events SET sequence = 1000 WHERE case_id = '\(ids[0])' AND sequence = 2;
            UPDATE events SET sequence = 2 WHERE case_id = '\(ids[0])' AND sequence = 3;
            UPDATE events SET sequence = 3 WHERE case_id = '\(ids[0])' AND sequence = 1000;
            """)
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: case \(ids[0]), event 2: event 2 does not match its link: it was changed, moved or inserted after it was written\n")
    }

    @Test func anInsertedEventIsNamed() throws {
        let (environment, ids) = try Self.database()
        let events = try Self.eventCount(environment)
        // A copy of the case's first event, added at the end with its salt and link copied too.
        try Self.tamper(environment, """
            INSERT INTO events (case_id, sequence, kind, on_date, phase, step, occurrence, actor, data, recorded_at, salt, link)
            SELECT case_id, (SELECT MAX(sequence) + 1 FROM events WHERE case_id = '\(ids[1])'), kind, on_date, phase, step, occurrence, actor, data, recorded_at, salt, link
            FROM events WHERE case_id = '\(ids[1])' AND sequence = 1
            """)
        let added = try Self.lastSequence(environment, ids[1])
        let result = try CLI.run(["verify"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == """
            error: case \(ids[1]), event \(added): event \(added) does not match its link: it was changed, moved or inserted after it was written
            error: journal: the journal records \(events) events and the database holds \(events + 1): events were added or removed outside sojourn

            """)
    }

    static func lastSequence(_ environment: [String: String], _ id: String) throws -> Int {
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM events WHERE case_id = ?", arguments: [id]) } ?? 0
    }

    @Test func aMissingDatabaseIsNotCreated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-verify-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("none.db").path
        let result = try CLI.run(["verify", "--db", path])
        #expect(result.status == 1)
        #expect(result.error == "error: there is no case database at \(path); give --db PATH or set SOJOURN_DB\n")
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
