import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn amend`: a case's dates or values change (an extension, an early return).
struct AmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Change a case's values (an extension, an early return) and re-date what has not finished.",
        discussion: """
            Finished steps keep their history. Steps not started take their dates from the new \
            values; a started step's due date moves unless someone postponed it; occurrences \
            still scheduled move, those past a new end are withdrawn and new ones are added. \
            The change is one event with the values before and after. --dry-run prints the \
            dates that would move and writes nothing.

            Examples:
              sojourn amend 0b04k8 --field return=2028-12-01 --reason "assignment extended"
              sojourn amend 0b04k8 --field return=2028-03-01 --reason "early return" --dry-run
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(name: .customLong("field"), help: ArgumentHelp("A new value, as name=value (as 'sojourn open' takes it).", valueName: "name=value"))
    var fields: [String] = []

    @Option(help: "Why the case changes (kept in its history).")
    var reason: String

    @Flag(name: .customLong("dry-run"), help: "Print the dates that would move, and write nothing.")
    var dryRun = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard !fields.isEmpty else { throw ValidationError("say what changes with --field name=value, for example --field return=2028-12-01") }
        _ = try FieldArguments.parse(fields)
    }

    func run() throws {
        let service = try database.service()
        do {
            let result = try service.amend(caseID, fields: try FieldArguments.parse(fields), reason: reason, by: actor.resolved, on: asOf.date, dryRun: dryRun)
            AmendedText.print(result, json: json)
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `sojourn reassign`: someone new in a role (a mentor who leaves).
struct ReassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign",
        abstract: "Put someone new in a role of a case (a mentor or coach who leaves).",
        discussion: """
            The pairing of the person who held the role ends on the date; the new person's \
            starts. Reminders and messages for the role go to the new person from then on.

            Example:
              sojourn reassign 0b04k8 mentor --to "Ana Lima <ana@example.com>" --reason "Rui left the company"
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Argument(help: "The role (mentor, coach, manager, …).")
    var role: String

    @Option(help: ArgumentHelp("The new person, as 'Name <email>'.", valueName: "person"))
    var to: String

    @Option(help: "Why (kept in the case's history).")
    var reason: String

    @Flag(name: .customLong("dry-run"), help: "Say what would change, and write nothing.")
    var dryRun = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let service = try database.service()
        do {
            let result = try service.reassign(caseID, role: role, to: to, reason: reason, by: actor.resolved, on: asOf.date, dryRun: dryRun)
            AmendedText.print(result, json: json)
        } catch {
            throw Failure.report(error)
        }
    }
}
