import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn advance`: bring cases to a date.
struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Bring cases to a date: steps start, occurrences open, due dates pass, reminders fall due.",
        discussion: """
            Everything is dated when it happens in the case's time, so advancing a month at \
            once gives the same history as advancing every day. Advancing again to the same \
            date changes nothing. A case never moves backwards.
            """
    )

    @Argument(help: "The cases to advance.")
    var cases: [String] = []

    @Flag(help: "Advance every open case.")
    var all = false

    @Flag(name: .customLong("dry-run"), help: "Show what would happen to the cases by the date, and change nothing.")
    var dryRun = false

    @Flag(help: "With --all: a line on standard error as each batch is committed (for logs), instead of a bar on a terminal.")
    var progress = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if all == !cases.isEmpty {
            throw ValidationError(all ? "give case ids or --all, not both" : "say which cases to advance, or --all")
        }
        if dryRun, all { throw ValidationError("--dry-run works on the cases you name, not --all") }
    }

    func run() throws {
        let service = try database.service()
        let date = asOf.date ?? service.clock.today()
        let report: CaseService.AdvanceReport
        do {
            if dryRun {
                var simulated = CaseService.AdvanceReport()
                for id in cases {
                    let events = try service.simulate(id, to: date)
                    simulated.examined += 1
                    simulated.eventCount += events.count
                    if !events.isEmpty { simulated.changed.append((id, events)) }
                }
                report = simulated
            } else if all {
                let total = try service.openCaseCount()
                let bar = ProgressBar("advancing", total: nil, lines: progress)
                report = try service.advance(.allOpen, to: date, keepEvents: !json && total <= 50 || json && total <= 1000) { bar.update($0, of: $1) }
                bar.finish()
            } else {
                report = try service.advance(.cases(cases), to: date)
            }
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.object([
                ("asOf", .string(date.description)),
                ("examined", .number(Double(report.examined))),
                ("run", .number(Double(report.run))),
                ("events", .number(Double(report.eventCount))),
                ("changed", .array(report.changed.map { change in
                    .object([("case", .string(change.caseID)), ("events", .array(change.events.map(\.json)))])
                })),
                ("failures", .array(report.failures.map { .object([("case", .string($0.caseID)), ("message", .string($0.message))]) })),
                ("failedSteps", .array(report.failedSteps.map { .object([("case", .string($0.caseID)), ("step", .string($0.step)), ("message", .string($0.message))]) })),
            ]).rendered())
        } else {
            let paint = Paint.standardOutput
            for change in report.changed where !change.events.isEmpty {
                Output.print(paint.bold(change.caseID))
                for event in change.events {
                    Output.print("  \(paint.cyan(event.date.description))  \(Output.oneLine(event.summary))")
                }
            }
            let verb = dryRun ? "would advance" : "advanced"
            let due = all ? " (\(report.run) with something due)" : ""
            Output.print("\(verb) \((report.examined - report.failures.count).counted("case")) to \(date)\(due): \(report.changed.count) changed, \(report.eventCount.counted("event"))" + (dryRun ? " (dry run: nothing was written)" : ""))
            for failure in report.failures {
                Output.printError("\(Paint.standardError.red("error:")) \(failure.caseID): \(failure.message)")
            }
            for failed in report.failedSteps {
                Output.printError("\(Paint.standardError.red("error:")) \(failed.caseID): step \(failed.step) failed: \(failed.message); when its cause is fixed, run 'sojourn retry \(failed.caseID) \(failed.step)'")
            }
            if all, !report.failures.isEmpty {
                Output.printError("\(report.failures.count.counted("case")) could not be advanced; the others were. 'sojourn list --state failed' lists them.")
            }
        }
        if !report.failures.isEmpty { throw ExitStatus.inputErrors }
    }
}
