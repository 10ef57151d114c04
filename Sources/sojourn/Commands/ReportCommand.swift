import ArgumentParser
import SojournCore

/// `sojourn report`: whether the programme works, in figures.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Programme figures: participation, eligibility, sessions and ratings, surveys, recognition, retention and promotion after return.",
        discussion: """
            Counts every case (open, completed and cancelled) by workflow, from what its \
            steps recorded: questionnaires (eligible), matches, meetings (held, missed, \
            attendance, ratings), surveys (averages), recognition decisions and outcomes \
            (still employed, promoted, moved role). A figure covers the cases that have \
            reached that step.
            """
    )

    @Option(help: ArgumentHelp("Only cases of this workflow id.", valueName: "id"))
    var workflow: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        let report: ProgrammeReport
        do {
            report = try service.report(workflow: workflow)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(report.json.rendered())
        } else if report.programmes.isEmpty, let workflow {
            Output.print("no cases of workflow '\(workflow)'; 'sojourn list' shows the cases there are")
        } else {
            Output.print(ReportText.lines(report, paint: .standardOutput).joined(separator: "\n"))
        }
    }
}
