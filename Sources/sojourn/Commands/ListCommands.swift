import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// Case states as `--state` takes them.
enum CaseStateArgument: String, ExpressibleByArgument, CaseIterable {
    case open, completed, cancelled, ended, failed

    var state: CaseFilter.State {
        switch self {
        case .open: .open
        case .completed: .completed
        case .cancelled: .cancelled
        case .ended: .ended
        case .failed: .failed
        }
    }
}

/// `sojourn list`.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cases, one line each.")

    @Option(help: "Only cases of this workflow (its id).")
    var workflow: String?

    @Option(help: "Only cases in this state: open, completed, cancelled, ended, or failed (a bulk advance could not advance them, or a step failed).")
    var state: CaseStateArgument?

    @Flag(help: "Only cases with something overdue (on --as-of, else today).")
    var overdue = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let date = asOf.date ?? service.clock.today()
        let cases: [CaseSummary]
        do {
            cases = try service.list(CaseFilter(workflow: workflow, state: state?.state, overdueOn: overdue ? date : nil, on: date))
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.array(cases.map(\.json)).rendered())
            return
        }
        guard !cases.isEmpty else {
            Output.print("no cases" + (workflow != nil || state != nil || overdue ? " match" : "; open one with 'sojourn open WORKFLOW --field …'"))
            return
        }
        let paint = Paint.standardOutput
        for summary in cases {
            let version = summary.workflowVersion.map { " v\($0)" } ?? ""
            var line = "\(paint.bold(summary.id))  \(summary.label.padding(toLength: max(20, summary.label.count), withPad: " ", startingAt: 0))  \(summary.workflowID)\(version)  \(summary.state.rawValue)\(summary.heldSince.map { " (on hold since \($0))" } ?? summary.ending.map { " (\($0.rawValue))" } ?? "")  as of \(summary.asOf)"
            if let next = summary.nextDue { line += next < date ? "  " + paint.red("overdue (due \(next))") : "  next due \(next)" }
            if let failure = summary.failure { line += "  " + paint.red("failed: \(failure)") }
            Output.print(line)
        }
    }
}

/// `sojourn history`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show a case's history: every change, oldest first, with who made it and when it was written.")

    @Argument(help: "The case.")
    var caseID: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let events: [StoredEvent]
        do {
            events = try service.history(caseID)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.array(events.map(\.json)).rendered())
            return
        }
        let paint = Paint.standardOutput
        for stored in events {
            let actor = stored.event.actor.map { " — \(Output.oneLine($0))" } ?? ""
            Output.print("\(String(stored.sequence).padding(toLength: 4, withPad: " ", startingAt: 0)) \(paint.cyan(stored.event.date.description))  \(Output.oneLine(stored.event.summary))\(actor)  \(paint.dim(stored.recordedAt.description))")
        }
    }
}

/// `sojourn agenda`.
struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agenda", abstract: "What needs action across cases, overdue first.")

    @Option(help: "Only what this role, or this person (part of a name or email), owes.")
    var owner: String?

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let date = asOf.date ?? service.clock.today()
        let items: [AgendaItem]
        do {
            items = try service.agenda(on: date, owner: owner)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.array(items.map { $0.json(on: date) }).rendered())
            return
        }
        guard !items.isEmpty else {
            Output.print("nothing needs action" + (owner.map { " by \($0)" } ?? ""))
            return
        }
        for item in items { Output.print(item.line(on: date, paint: .standardOutput)) }
    }
}
