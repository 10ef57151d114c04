import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn person`: what is held about one person.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "What Sojourn holds about one person.",
        subcommands: [PersonExportCommand.self, PersonEraseCommand.self]
    )
}

/// `sojourn person export EMAIL`: a subject access request, as JSON.
struct PersonExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Everything held about a person, as JSON: roster entry, cases, events, private input they gave, messages, pairings.",
        discussion: "Found by e-mail address, compared without case. Docs/privacy.md says what each part is."
    )

    @Argument(help: ArgumentHelp("The person's e-mail address.", valueName: "email"))
    var email: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let data: PersonalData
        do {
            data = try database.service().personalData(email: email)
        } catch {
            throw Failure.report(error)
        }
        if data.isEmpty { Output.printError("nothing is held about \(email)") }
        Output.print(data.json.rendered())
    }
}

/// `sojourn person erase EMAIL --reason TEXT`: an erasure request.
struct PersonEraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a person: their address and names replaced by a pseudonym everywhere, their private input removed.",
        discussion: """
            Everything found by the address and the names it is known by (the roster's, and \
            each 'Name <email>' with the address) is replaced by a pseudonym such as \
            'Erased person 4k7m2q9x <erased-4k7m2q9x@erased.invalid>', in every case, history, \
            message, pairing and the roster; private input they gave is removed. Each case \
            touched records the erasure, by whom and why. One transaction; then the database \
            file is rewritten and its log emptied, so nothing of them remains in either, and \
            verify still passes. Refused while they play a part in an open case. Backups \
            made before keep what they held. --dry-run says what would change.

            Example:
              sojourn person erase ana@example.com --reason "erasure request 2026-11-30" --dry-run
            """
    )

    @Argument(help: ArgumentHelp("The person's e-mail address.", valueName: "email"))
    var email: String

    @Option(help: "Why (kept in each case's history; must not name them).")
    var reason: String

    @Flag(name: .customLong("dry-run"), help: "Say what would change, and change nothing.")
    var dryRun = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let service = try database.service()
        let result: CaseService.Erasure
        do {
            result = try service.erasePerson(email: email, reason: reason, by: actor.resolved, dryRun: dryRun)
        } catch {
            throw Failure.report(error)
        }
        let scope = result.scope
        if json {
            Output.print(JSON.object([
                ("dryRun", .bool(result.dryRun)), ("email", .string(scope.email)),
                ("names", .array(scope.names.map(JSON.string))), ("replacedBy", result.replacedBy.map(JSON.string) ?? .null),
                ("roster", .bool(scope.onRoster)), ("cases", .array(scope.cases.map(JSON.string))),
                ("rows", .object(scope.rows.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
                ("events", .number(Double(scope.events))), ("withdrawn", .number(Double(scope.withdrawn))),
                ("namesakes", .array(scope.namesakes.map { .object([("name", .string($0.name)), ("email", .string($0.email))]) })),
                ("blockers", .array(scope.blockers.map { .object([("case", .string($0.caseID)), ("role", $0.role.map(JSON.string) ?? .null), ("field", $0.field.map(JSON.string) ?? .null)]) })),
            ]).rendered())
            if result.dryRun, !scope.blockers.isEmpty { throw ExitStatus.inputErrors }
            return
        }
        let known = scope.names.isEmpty ? "" : ", known as \(scope.names.map { "'\($0)'" }.joined(separator: ", "))"
        let rows = scope.rows.values.reduce(0, +)
        let tables = scope.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        Output.print(Output.oneLine("\(scope.email)\(known)"))
        for namesake in scope.namesakes {
            Output.print(Output.oneLine("  '\(namesake.name)' is also the name of \(namesake.email): replaced only in the cases that hold \(scope.email)"))
        }
        Output.print("  \(scope.cases.count.counted("case")), \(scope.events.counted("event")) rewritten, \(rows.counted("row"))" + (tables.isEmpty ? "" : " (\(tables))")
                     + (scope.onRoster ? "; the roster entry" : "") + (scope.withdrawn > 0 ? "; \(scope.withdrawn.counted("unsent message")) to nobody else withdrawn" : ""))
        if let replacedBy = result.replacedBy {
            Output.print("erased: now \(replacedBy); the database file was rewritten. Backups made before, and a roster file that still lists them, still hold them.")
        } else if scope.blockers.isEmpty {
            Output.print("would erase; nothing changed (--dry-run)")
        } else {
            Output.printError("error: \(CaseService.blocked(scope))")
            throw ExitStatus.inputErrors
        }
    }
}

extension PersonalData {
    /// The export's JSON: stable keys, documented in Docs/privacy.md.
    var json: JSON {
        .object([
            ("email", .string(email)),
            ("roster", roster.map { person in
                .object([
                    ("name", .string(person.name)), ("email", .string(person.email)), ("country", person.country.map(JSON.string) ?? .null),
                    ("timezone", person.timezone.map(JSON.string) ?? .null), ("unit", person.unit.map(JSON.string) ?? .null),
                    ("languages", .array(person.languages.map(JSON.string))), ("capacity", .number(Double(person.capacity))),
                    ("assignments", .array(person.assignments.map { .object([("country", .string($0.country)), ("from", .string($0.from.description)), ("to", $0.to.map { .string($0.description) } ?? .null)]) })),
                ])
            } ?? .null),
            ("cases", .array(cases.map { entry in
                .object([("case", .string(entry.id)), ("label", .string(entry.label)), ("roles", .array(entry.roles.map(JSON.string))),
                         ("fields", PluginValue.object(entry.fields).json)])
            })),
            ("events", .array(events.map(\.json))),
            ("privateInput", .array(privateInputs.map { entry in
                .object([("case", .string(entry.event.caseID)), ("sequence", .number(Double(entry.event.sequence))), ("step", entry.event.event.step.map(JSON.string) ?? .null),
                         ("input", PluginValue.object(entry.input).json)])
            })),
            ("messages", .array(outbox.map(\.json))),
            ("pairings", .array(pairings.map { pairing in
                .object([("case", .string(pairing.caseID)), ("role", .string(pairing.role)), ("person", .string(pairing.person)), ("employee", .string(pairing.employee)),
                         ("started", pairing.started.map { .string($0.description) } ?? .null), ("ended", pairing.ended.map { .string($0.description) } ?? .null)])
            })),
        ])
    }
}
