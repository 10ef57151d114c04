import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn cancel`.
struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "End a case without finishing it, saying why.")

    @Argument(help: "The case.")
    var caseID: String

    @Option(help: "Why the case is cancelled.")
    var reason: String

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        CaseChangeRun.print(try CaseChangeRun.apply(.cancel(reason: reason), to: caseID, by: actor, on: asOf, in: database), caseID: caseID)
    }
}

/// `sojourn retry`.
struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Start a failed step again, once its cause is fixed.")

    @Argument(help: "The case.")
    var caseID: String

    @Argument(help: "The failed step.")
    var step: String

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        CaseChangeRun.print(try CaseChangeRun.apply(.retry(step: step), to: caseID, by: actor, on: asOf, in: database), caseID: caseID)
    }
}

/// `sojourn migrate`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a case to a new version of its workflow.",
        discussion: "Allowed when every step and phase that has started still exists with the same plugin; otherwise refused with a list of what does not map."
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(name: .customLong("to"), help: ArgumentHelp("The new workflow file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Folder of holiday calendars overriding the built-in ones (default: calendars/ beside the workflow, if there is one).", valueName: "folder"))
    var calendars: String?

    @Option(name: .customLong("field"), help: ArgumentHelp("A value for a field the new workflow adds or changes, as name=value; repeat for each.", valueName: "name=value"))
    var fields: [String] = []

    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let service = try database.service()
        do {
            let opening = try service.opening(workflowAt: file, calendars: calendars.map(CalendarLibrary.init(directory:)))
            let events = try service.migrate(caseID, to: opening, fields: try FieldArguments.parse(fields), by: actor.resolved)
            for event in events { Output.print("\(event.date)  \(Output.oneLine(event.summary))") }
        } catch {
            throw Failure.report(error)
        }
    }
}
