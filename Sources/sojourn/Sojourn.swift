import ArgumentParser
import Foundation
import SojournCore

/// The `sojourn` command: every subcommand is listed here, in the order help shows them.
struct Sojourn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sojourn",
        abstract: "Workflows for international assignments: departure, assignment, return.",
        discussion: "Exit status: 0 on success, 1 when the input has errors, 2 for a mistake in the command line.",
        version: SojournVersion.current,
        subcommands: [
            ValidateCommand.self,
            PlanCommand.self,
            GraphCommand.self,
            SchemaCommand.self,
            PluginsCommand.self,
            OpenCommand.self,
            AdvanceCommand.self,
            RecordCommand.self,
            StatusCommand.self,
            ListCommand.self,
            HistoryCommand.self,
            PrivateCommand.self,
            CalendarCommand.self,
            PersonCommand.self,
            PurgeCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            AgendaCommand.self,
            AmendCommand.self,
            ReassignCommand.self,
            EndCommand.self,
            HoldCommand.self,
            ResumeCommand.self,
            CancelCommand.self,
            RetryCommand.self,
            MigrateCommand.self,
            PeopleCommand.self,
            OutboxCommand.self,
            ReportCommand.self,
            VerifyCommand.self,
            DemoCommand.self,
        ]
    )
}

@main
enum Main {
    static func main() {
        do {
            var command = try Sojourn.parseAsRoot()
            try command.run()
        } catch {
            let code = Sojourn.exitCode(for: error)
            if code == .validationFailure {
                // A mistake on the command line: say what and how to get help, exit 2.
                Output.printError(Sojourn.fullMessage(for: error))
                exit(2)
            }
            Sojourn.exit(withError: error)
        }
    }
}
