import Foundation
import GRDB
@testable import SojournSQLite
import Testing

/// A database written by an earlier schema (`Tests/Fixtures/Migration/schema-v2.sql`: the
/// demo's cases after fourteen months, a cancelled case, a virtual-mentoring and a
/// return-only case part-way, postponed and skipped occurrences, sent and unsent
/// messages) is brought up to date in place, and every case, event, pairing and message
/// reads back as the earlier version of Sojourn showed it; the cases then go on exactly
/// as they would have.
@Suite(.serialized) struct MigrationTests {
    static let caseIDs = ["000001", "000002", "000003", "000004", "000005", "000006", "awdg4g", "nkvse8"]

    /// A new database file holding the fixture's rows.
    static func restoreFixture() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.db").path
        let dump = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/Migration/schema-v2.sql"), encoding: .utf8)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: dump) }
        try queue.close()
        return path
    }

    /// What the commands show of every case, as comparable lines (the histories are
    /// compared after advancing, which keeps every earlier event).
    static func snapshot(_ database: String, asOf: String) throws -> [String] {
        let environment = ["SOJOURN_DB": database]
        func json(_ arguments: [String]) throws -> CanonicalJSON {
            let result = try CLI.run(arguments + ["--json"], environment: environment)
            #expect(result.status == 0, "sojourn \(arguments.joined(separator: " ")): \(result.error)")
            return try CanonicalJSON.parse(result.output)
        }
        var lines: [String] = []
        lines += try json(["list", "--as-of", asOf]).items.map { "list " + $0.rendered() }
        for id in caseIDs {
            lines.append("status \(id) " + (try json(["status", id])).rendered())
        }
        lines += try json(["agenda", "--as-of", asOf]).items.map { "agenda " + $0.rendered() }
        lines += try json(["people", "list"]).items.map { "people " + $0.rendered() }
        let outbox = try CLI.run(["outbox", "--all", "--format", "json"], environment: environment)
        lines += try CanonicalJSON.parse(outbox.output).items.map { "outbox " + $0.rendered(dropping: ["queuedAt", "sentAt"]) }
        return lines
    }

    @Test func anEarlierDatabaseIsMigratedInPlaceWithEveryCaseIntact() throws {
        let database = try Self.restoreFixture()
        let problems = try GoldenFile.compare(try Self.snapshot(database, asOf: "2028-04-20"), with: "Tests/Fixtures/Migration/expected-v2.txt")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func migratedCasesGoOnAsTheyWouldHave() throws {
        let database = try Self.restoreFixture()
        let advance = try CLI.run(["advance", "--all", "--as-of", "2029-06-30"], environment: ["SOJOURN_DB": database])
        #expect(advance.status == 0, "\(advance.error)")
        // The events written before the journal are linked by the migration, and the new
        // ones after them: the whole history verifies.
        let verified = try CLI.run(["verify"], environment: ["SOJOURN_DB": database])
        #expect(verified.status == 0, "\(verified.error)")
        #expect(verified.output.hasPrefix("verified 8 cases, "), "\(verified.output)")
        var lines: [String] = []
        for id in Self.caseIDs {
            let result = try CLI.run(["history", id, "--json"], environment: ["SOJOURN_DB": database])
            lines += try CanonicalJSON.parse(result.output).items.map { "history \(id) " + $0.rendered(dropping: ["recordedAt"]) }
        }
        let problems = try GoldenFile.compare(lines, with: "Tests/Fixtures/Migration/expected-v2-advanced.txt")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// A history changed behind sojourn's back before the upgrade that salted every
    /// event (v8) is still found after it, at the same event: the upgrade relinks only
    /// what verified, and keeps a journal head that did not match.
    @Test func aHistoryBrokenBeforeTheUpgradeIsStillFoundAfterIt() throws {
        let database = try Self.restoreFixture()
        let queue = try DatabaseQueue(path: database)
        try Schema.migrator.migrate(queue, upTo: "v7: a tamper-evident journal: each event linked to the one before, and a journal head")
        let (events, last) = try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER events_are_append_only_update; DROP TRIGGER events_are_append_only_delete;
                UPDATE events SET actor = 'Mallory <m@example.com>' WHERE case_id = '000002' AND sequence = 5;
                """)
            let last = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM events WHERE case_id = '000003'") ?? 0
            try db.execute(sql: "DELETE FROM events WHERE case_id = '000003' AND sequence = ?", arguments: [last])
            return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0, last)
        }
        try queue.close()
        let result = try CLI.run(["verify"], environment: ["SOJOURN_DB": database])
        #expect(result.status == 1)
        #expect(result.error == """
            error: case 000002, event 5: event 5 does not match its link: it was changed, moved or inserted after it was written
            error: case 000003, event \(last): its last event is missing (the case counts \(last), the history ends at \(last - 1))
            error: journal: the journal records \(events + 1) events and the database holds \(events): events were added or removed outside sojourn

            """)
    }
}
