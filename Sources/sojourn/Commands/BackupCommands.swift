import ArgumentParser
import Foundation
import SojournCore
import SojournSQLite

/// `sojourn backup FILE`: an online copy of the database.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the case database to a new file while it is in use.",
        discussion: """
            Uses SQLite's backup API: the copy is one consistent snapshot, taken while other \
            sojourn processes go on writing. The file is created readable by its owner only \
            and never replaces an existing one. sojourn verify --db FILE checks the copy.

            Example:
              sojourn backup backups/sojourn-$(date +%F).db
            """
    )

    @Argument(help: ArgumentHelp("The new file.", valueName: "file"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: database.resolvedPath) else {
            throw Failure.report(ServiceError("there is no case database at \(database.resolvedPath); give --db PATH or set SOJOURN_DB"))
        }
        do {
            try database.store().backup(to: file)
        } catch {
            throw Failure.report(error)
        }
        Output.print("backed up \(database.resolvedPath) to \(file)")
    }
}

/// `sojourn restore FILE`: a backup back in place.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the case database with a backup, after checking that the backup verifies.",
        discussion: """
            The backup must be a Sojourn database whose every history verifies; it is not \
            changed. A database that holds cases is replaced only with --force.
            """
    )

    @Argument(help: ArgumentHelp("The backup.", valueName: "file"))
    var file: String

    @Flag(help: "Replace a database that holds cases.")
    var force = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let check: JournalCheck
        do {
            check = try SQLiteCaseStore.restore(from: file, to: database.resolvedPath, replacing: force)
        } catch {
            throw Failure.report(error)
        }
        Output.print("restored \(file) to \(database.resolvedPath): \(check.cases.counted("case")), \(check.events.counted("event")), every history verified")
    }
}
