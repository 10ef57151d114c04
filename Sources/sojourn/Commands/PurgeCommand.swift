import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn purge`: removes cases past their workflow's retention.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Remove closed cases whose workflow's retention has run out, and everything of theirs.",
        discussion: """
            A workflow's retention: (for example '3y after end') says how long a case is kept \
            after it completes, ends or is cancelled. purge removes each case past it (its \
            history, private input, messages and pairings) in one transaction, then rewrites \
            the database file so nothing of them remains in it. verify still passes. Cases of \
            a workflow without retention: are kept. --dry-run lists what would go.

            Run it from cron, for example monthly:
              0 3 1 * *  sojourn purge --db /srv/sojourn/sojourn.db
            """
    )

    @Flag(name: .customLong("dry-run"), help: "List the cases that would be removed, and remove nothing.")
    var dryRun = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let result: CaseService.Purge
        do {
            result = try service.purge(on: asOf.date ?? service.clock.today(), dryRun: dryRun)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.object([
                ("dryRun", .bool(result.dryRun)), ("events", .number(Double(result.events))),
                ("cases", .array(result.expired.map { .object([("case", .string($0.caseID)), ("workflow", .string($0.workflow)),
                                                                ("closedOn", .string($0.closedOn.description)), ("removableOn", .string($0.removableOn.description))]) })),
            ]).rendered())
            return
        }
        for expired in result.expired {
            Output.print("\(expired.caseID)  \(expired.workflow)  closed \(expired.closedOn), kept until \(expired.removableOn)")
        }
        let verb = result.dryRun ? "would remove" : "removed"
        Output.print("\(verb) \(result.expired.count.counted("case"))" + (result.expired.isEmpty ? "" : " (\(result.events.counted("event")))")
                     + (result.expired.isEmpty ? "; none is past its workflow's retention" : ""))
    }
}
