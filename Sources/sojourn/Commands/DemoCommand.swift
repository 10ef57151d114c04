import ArgumentParser
import Foundation
import SojournCore
import SojournDemo
import SojournKit
import SojournSQLite

/// `sojourn demo`: the bundled programme with a sample roster and cases, two years in a
/// few seconds.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run sample cases through the international-assignment programme, two years in a few seconds.",
        discussion: """
            Imports a sample roster (mentors in several countries with assignments abroad, \
            colleagues who have never left), opens cases with staggered departures to several \
            host countries, and moves them day by day through two years while the people in \
            them record what they did: most sessions held, some postponed or missed and made \
            up, varied ratings, a goal met late, an employee who is not eligible for \
            mentoring. Prints each month, then the agenda and a summary of every case. \
            Without --db it works in a temporary database and deletes it afterwards; with \
            --db the cases stay there for 'sojourn status', 'history', 'agenda' and 'outbox'.
            """
    )

    @Option(help: ArgumentHelp("How many employees to send abroad (1 to 500).", valueName: "n"))
    var cases = 20

    @Option(name: .customLong("db"), help: ArgumentHelp("Keep the demo in this database (a new file) instead of a temporary one.", valueName: "path"))
    var database: String?

    @Option(help: ArgumentHelp("The workflow to run, from the Sojourn folder.", valueName: "file"))
    var workflow = "Workflows/international-assignment.yaml"

    @Option(help: ArgumentHelp("How many months to run (1 to 60).", valueName: "n"))
    var months = 24

    @Option(help: ArgumentHelp("Where to write the programme report page at the end (replaced if it exists).", valueName: "file"))
    var report = "report.html"

    func validate() throws {
        guard (1...500).contains(cases) else { throw ValidationError("--cases takes 1 to 500, not \(cases)") }
        guard (1...60).contains(months) else { throw ValidationError("--months takes 1 to 60, not \(months)") }
        if let database, FileManager.default.fileExists(atPath: database) {
            throw ValidationError("\(database) already exists; the demo writes a new database: choose another path or leave out --db")
        }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: workflow) else {
            throw Failure.report(ServiceError("cannot find \(workflow); run the demo from the Sojourn folder, or give --workflow PATH"))
        }
        let temporary = database == nil ? FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-demo-\(ProcessInfo.processInfo.processIdentifier)") : nil
        if let temporary { try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true) }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let path = database ?? temporary!.appendingPathComponent("sojourn.db").path

        let store: SQLiteCaseStore
        do {
            store = try SQLiteCaseStore(path: path)
        } catch {
            throw Failure.report(ServiceError("cannot create the demo database \(path): \(error)"))
        }
        let service = CaseService(store: store, plugins: Plugins.registry, clock: .constant(CalendarDate("2027-01-04")!), ids: .sequential())
        let demo = DemoProgramme(service: service, workflowPath: workflow, caseCount: cases, months: months)
        let paint = Paint.standardOutput
        let started = Date()
        do {
            let ids = try demo.open()
            let hosts = Set(demo.cases.map(\.host)).sorted().joined(separator: ", ")
            Output.print(paint.bold("Sojourn demo") + ": \(ids.count) employees on \(workflow), \(demo.firstDay) to \(demo.lastDay)")
            Output.print("  roster: \(SampleRoster.people.count) people imported; hosts: \(hosts)")
            Output.print("  departures \(demo.cases.first!.departure) to \(demo.cases.last!.departure); database: \(database ?? "temporary")")
            Output.print("")
            let result = try demo.run(ids: ids) { month in
                var parts = ["\(month.sessionsHeld) sessions held"]
                if month.sessionsPostponed > 0 { parts.append("\(month.sessionsPostponed) postponed") }
                if month.sessionsMissed > 0 { parts.append("\(month.sessionsMissed) missed") }
                if month.matched > 0 { parts.append("\(month.matched) people matched") }
                if month.overdue > 0 { parts.append("\(month.overdue) overdue") }
                parts.append("\(month.messages) messages queued")
                if month.completed > 0 { parts.append(paint.green("\(month.completed) completed")) }
                Output.print("\(paint.cyan(month.name))  " + parts.joined(separator: " · "))
                for note in month.notes { Output.print("         \(paint.dim(note))") }
            }
            try printEnd(result, service: service, paint: paint, seconds: Date().timeIntervalSince(started))
        } catch let error as ExitCode {
            throw error
        } catch {
            throw Failure.report(error)
        }
    }

    private func printEnd(_ result: DemoProgramme.Result, service: CaseService, paint: Paint, seconds: Double) throws {
        Output.print("")
        Output.print(paint.bold("Agenda on \(result.lastDay)") + " (\(result.agenda.count) \(result.agenda.count == 1 ? "item" : "items"), overdue first)")
        for item in result.agenda.prefix(15) { Output.print("  " + item.line(on: result.lastDay, paint: paint)) }
        if result.agenda.count > 15 { Output.print(paint.dim("  … and \(result.agenda.count - 15) more: sojourn agenda --as-of \(result.lastDay) --db PATH")) }
        if result.agenda.isEmpty { Output.print("  nothing needs action") }

        Output.print("")
        Output.print(paint.bold("Cases"))
        let header = ["case", "employee", "host", "departure", "return", "mentor", "sessions", "rating", "recognition", "12 months", "now"]
        var rows: [[String]] = [header]
        for report in result.cases {
            let outcome: String
            switch (report.retained, report.promoted) {
            case (true?, true?): outcome = "promoted"
            case (true?, _): outcome = "stayed"
            case (false?, _): outcome = "left"
            default: outcome = "-"
            }
            rows.append([
                report.id, report.employee, report.host, report.departure.description, report.returnDate.description, report.mentor ?? "-",
                report.sessionsHeld + report.sessionsMissed == 0 ? "-" : "\(report.sessionsHeld) held, \(report.sessionsMissed) missed",
                report.averageRating.map { String(format: "%.1f", $0) } ?? "-", report.recognition ?? "-", outcome, report.state,
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            let line = row.enumerated().map { $0 == row.count - 1 ? $1 : $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            Output.print("  " + (index == 0 ? paint.bold(line) : line))
        }
        Output.print("")
        Output.print(paint.bold("Programme figures") + " (the headline; all of them: sojourn report --db PATH)")
        let figures = try service.report()
        for line in ReportText.headline(figures, paint: paint) { Output.print("  " + line) }
        try OutputFile.write(try ReportHTML.render(figures, generated: ReportCommand.today()), to: report, database: database)
        Output.print("")
        Output.print("The report page, with charts and every figure's counts: " + paint.bold(URL(fileURLWithPath: report).standardizedFileURL.path))
        Output.print("")
        Output.print(paint.dim(String(format: "%d events in %.1f s. ", result.events, seconds) + (database.map { "The cases are in \($0): try sojourn status 000001 --db \($0)" } ?? "Keep the cases with --db PATH.")))
    }
}
