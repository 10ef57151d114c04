import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn person`: what is held about one person.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "What Sojourn holds about one person.",
        subcommands: [PersonExportCommand.self]
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
