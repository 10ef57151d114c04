import ArgumentParser
import Foundation
import SojournCore

/// `sojourn verify`: recomputes the hashes that link every event to the one before it.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that no case's history was changed, removed, reordered or added to outside sojourn.",
        discussion: """
            Recomputes each event's link (a hash over the event and the link before it) and the \
            journal head over all of them. Exit status 0 when everything matches, 1 with the \
            first broken link of each case otherwise. Keep the head it prints somewhere else: \
            the same head later means the history up to then was not rewritten as a whole.
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        guard FileManager.default.fileExists(atPath: database.resolvedPath) else {
            throw Failure.report(ServiceError("there is no case database at \(database.resolvedPath); give --db PATH or set SOJOURN_DB"))
        }
        let check: JournalCheck
        do {
            check = try database.service().verifyJournal()
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.object([
                ("intact", .bool(check.isIntact)),
                ("cases", .number(Double(check.cases))),
                ("events", .number(Double(check.events))),
                ("head", .string(check.head)),
                ("breaks", .array(check.breaks.map { found in
                    .object([
                        ("case", found.caseID.map(JSON.string) ?? .null),
                        ("sequence", found.sequence.map { .number(Double($0)) } ?? .null),
                        ("problem", .string(found.problem)),
                    ])
                })),
            ]).rendered())
        } else {
            let paint = Paint.standardError
            for found in check.breaks {
                let place = found.caseID.map { id in "case \(id)" + (found.sequence.map { ", event \($0)" } ?? "") } ?? "journal"
                Output.printError("\(paint.red("error:")) \(place): \(found.problem)")
            }
            let counted = "\(check.cases) \(check.cases == 1 ? "case" : "cases"), \(check.events) \(check.events == 1 ? "event" : "events")"
            if check.isIntact {
                Output.print("verified \(counted): every history matches its links")
            } else {
                Output.print("\(check.breaks.count) \(check.breaks.count == 1 ? "problem" : "problems") in \(counted); restore a backup, or ask who changed the database file")
            }
            Output.print("journal head \(check.head)")
        }
        if !check.isIntact { throw ExitStatus.inputErrors }
    }
}
