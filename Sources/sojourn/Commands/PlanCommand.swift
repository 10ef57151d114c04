import ArgumentParser
import SojournCore
import SojournKit
import SojournLanguage

/// `sojourn plan`: the dated schedule a case would follow.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the dated schedule a case would follow if every step were done on its due date.",
        discussion: """
            Lists every phase, step, repeat occurrence and reminder by date. Conditions that \
            depend on recorded answers are assumed true, and the plan says so.

            Example:
              sojourn plan Workflows/international-assignment.yaml \\
                --field 'employee=Ana Lima <ana@example.com>' --field home_country=FR \\
                --field host_country=NO --field departure=2027-03-01 --field return=2028-09-01
            """
    )

    @Argument(help: "The workflow file.")
    var file: String

    @Option(name: .customLong("field"), help: ArgumentHelp("A field value, as name=value; repeat for each field.", valueName: "name=value"))
    var fields: [String] = []

    @Option(help: ArgumentHelp("The date the case opens, YYYY-MM-DD (default: today).", valueName: "date"))
    var opened: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Folder of holiday calendars overriding the built-in ones (default: calendars/ beside the workflow, if there is one).", valueName: "folder"))
    var calendars: String?

    func validate() throws {
        if let opened, CalendarDate(opened) == nil {
            throw ValidationError("--opened takes a date as YYYY-MM-DD, not '\(opened)'")
        }
        _ = try FieldArguments.parse(fields)
    }

    func run() throws {
        let library = calendars.map(CalendarLibrary.init(directory:))
        let workflow = try WorkflowArgument.load(file, calendars: library)
        let values: [String: Value]
        do {
            values = try FieldValues.check(try FieldArguments.parse(fields), for: workflow)
        } catch let error as FieldValues.Problems {
            throw WorkflowArgument.fail(error.problems.map(\.message))
        }
        let openedOn = opened.flatMap(CalendarDate.init) ?? Clock.live.today()
        let plan: Plan
        do {
            plan = try Planner(workflow: workflow, calendars: library ?? CalendarLibrary(besideWorkflowAt: file)).plan(fields: values, opened: openedOn)
        } catch {
            Output.printError(DiagnosticRenderer(sources: [file: workflow.source], style: Paint.standardError.diagnosticStyle).render([error.diagnostic]))
            throw ExitStatus.inputErrors
        }
        switch format {
        case .json: Output.print(plan.json.rendered())
        case .text: Output.print(PlanText(plan: plan, paint: .standardOutput).render())
        }
    }
}
