import Foundation
import GRDB
import Testing

/// `sojourn backup` and `sojourn restore`, through the binary.
@Suite(.serialized) struct BackupTests {
    @Test func aBackupTakenWhileAnotherProcessWritesVerifiesAndRestores() throws {
        let (folder, environment) = try CaseStorageTests.database(cases: 300)
        let copy = folder.appendingPathComponent("copy.db").path
        // Another process advances every case while the backup runs.
        let errors = folder.appendingPathComponent("advance.err")
        let writer = try CLI.start(["advance", "--all", "--as-of", "2027-06-01"], environment: environment, errors: errors)
        let backup = try CLI.run(["backup", copy], environment: environment)
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0, "\(String(decoding: (try? Data(contentsOf: errors)) ?? Data(), as: UTF8.self))")
        #expect(backup.status == 0, "\(backup.error)")
        #expect(backup.output == "backed up \(environment["SOJOURN_DB"]!) to \(copy)\n")
        #expect((try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int) == 0o600)
        let verified = try CLI.run(["verify", "--db", copy])
        #expect(verified.status == 0, "\(verified.error)")
        #expect(verified.output.hasPrefix("verified 300 cases, "), "\(verified.output)")

        // Never over an existing file.
        let again = try CLI.run(["backup", copy], environment: environment)
        #expect(again.status == 1)
        #expect(again.error == "error: \(copy) already exists; give a new file name (a backup never replaces a file)\n")

        // Into a new database: the same cases.
        let restoredPath = folder.appendingPathComponent("restored.db").path
        let restored = try CLI.run(["restore", copy, "--db", restoredPath])
        #expect(restored.status == 0, "\(restored.error)")
        #expect(restored.output.hasPrefix("restored \(copy) to \(restoredPath): 300 cases, "), "\(restored.output)")
        #expect(try CLI.run(["list", "--db", restoredPath]).output.split(separator: "\n").count == 300)

        // Over a database with cases: only with --force.
        let refused = try CLI.run(["restore", copy], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == "error: \(environment["SOJOURN_DB"]!) holds cases; restoring replaces all of them. Give --force to replace them, or restore into a new --db\n")
        #expect(try CLI.run(["restore", copy, "--force"], environment: environment).status == 0)
        #expect(try CLI.run(["verify"], environment: environment).status == 0)
    }

    @Test func aBackupThatDoesNotVerifyIsNotRestored() throws {
        let (folder, environment) = try CaseStorageTests.database(cases: 3)
        let copy = folder.appendingPathComponent("copy.db").path
        #expect(try CLI.run(["backup", copy], environment: environment).status == 0)
        try JournalTests.tamper(["SOJOURN_DB": copy], "UPDATE events SET actor = 'Mallory <m@example.com>' WHERE sequence = 1") // the first event of each of the 3 cases
        let target = folder.appendingPathComponent("target.db").path
        let result = try CLI.run(["restore", copy, "--db", target])
        #expect(result.status == 1)
        #expect(result.error == "error: \(copy) does not verify (3 broken histories; run sojourn verify --db \(copy)); nothing was restored\n")
        #expect(!FileManager.default.fileExists(atPath: target))
        let notADatabase = try CLI.run(["restore", folder.appendingPathComponent("cases.csv").path, "--db", target])
        #expect(notADatabase.status == 1)
        #expect(notADatabase.error.hasPrefix("error: \(folder.appendingPathComponent("cases.csv").path) is not a Sojourn database"), "\(notADatabase.error)")
    }
}
