import ArgumentParser
import CSV
import Foundation
import SojournCore
import SojournKit

/// `sojourn people`: the roster mentors and coaches are matched from.
struct PeopleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "The roster of possible mentors and coaches.",
        subcommands: [PeopleImportCommand.self, PeopleListCommand.self]
    )
}

struct PeopleImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the roster from CSV (the whole roster: people missing from the file become inactive).",
        discussion: """
            Columns: name, email, country, timezone, unit, languages (separated by ;), \
            assignments (COUNTRY FROM..TO separated by ;, such as NO 2019-01-01..2020-06-30), \
            capacity. Other column names map with --map 'Work email=email'. Every row is \
            checked first; nothing is imported if any is bad. An import that would mark more \
            than 10% of the active roster inactive is refused unless --force.
            """
    )

    @Argument(help: "The roster CSV file.")
    var file: String

    @Option(help: ArgumentHelp("The file's encoding when it is not UTF-8: latin-1, windows-1252 or utf-16.", valueName: "encoding"))
    var encoding: CSVFile.Encoding = .utf8

    @Option(name: .customLong("map"), help: ArgumentHelp("Map a CSV column to a roster field, as 'column=field'.", valueName: "column=field"))
    var mappings: [String] = []

    @Flag(help: "Import even if more than 10% of the active roster would become inactive.")
    var force = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        for (_, field) in try FieldArguments.parse(mappings, option: "--map") where !RosterImport.fields.contains(field) && field != "-" {
            throw ValidationError("--map: '\(field)' is not a roster field; use \(RosterImport.fields.joined(separator: ", "))")
        }
    }

    func run() throws {
        let service = try database.service()
        let map = try FieldArguments.parse(mappings, option: "--map")
        let csv: CSVFile
        do {
            csv = try CSVFile.open(file, encoding: encoding)
        } catch {
            throw Failure.report(error)
        }
        let reader = csv.reader
        // Each column is a roster field, by name or --map; '-' ignores a column.
        let header = csv.header.map { map[$0] ?? $0.lowercased() }
        var columnProblems: [String] = []
        var fieldColumns: [String: String] = [:]
        for (given, field) in zip(csv.header, header) where field != "-" {
            if !RosterImport.fields.contains(field) {
                columnProblems.append("column '\(given)' is not a roster field\(Suggestions.didYouMean(field, among: RosterImport.fields)); the fields are \(RosterImport.fields.joined(separator: ", ")): map it with --map '\(given)=FIELD', or ignore it with --map '\(given)=-'")
            } else if let other = fieldColumns[field] {
                columnProblems.append("columns '\(other)' and '\(given)' both give \(field); keep one, or ignore one with --map '\(given)=-'")
            } else {
                fieldColumns[field] = given
            }
        }
        for required in ["name", "email"] where fieldColumns[required] == nil {
            columnProblems.append("there is no column for \(required); name one '\(required)', or map yours with --map 'COLUMN=\(required)'")
        }
        guard columnProblems.isEmpty else {
            throw Failure.report(ServiceError(columnProblems.map { "\(file):1: \($0)" }.joined(separator: "\n") + "\nnothing was imported"))
        }
        let paint = Paint.standardError
        var people: [RosterPerson] = []
        var problems = 0
        var line = 2
        // Addresses are compared without case: Ana@… and ana@… are one person.
        var lines: [String: Int] = [:]
        while let row = reader.next() {
            switch RosterImport.person(Dictionary(zip(header, row).filter { $0.0 != "-" }, uniquingKeysWith: { a, _ in a })) {
            case .success(let person):
                if let earlier = lines[person.email.lowercased()] {
                    problems += 1
                    Output.printError("\(file):\(line): \(paint.red("error:")) \(person.email) is already on line \(earlier) (addresses are compared without case); keep one row per person")
                } else {
                    lines[person.email.lowercased()] = line
                    people.append(person)
                }
            case .failure(let error):
                problems += 1
                Output.printError("\(file):\(line): \(paint.red("error:")) \(error.message)")
            }
            line += 1 + row.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        guard problems == 0 else {
            Output.printError("\(problems.counted("row")) \(problems == 1 ? "has" : "have") errors; nothing was imported.")
            throw ExitStatus.inputErrors
        }
        do {
            let report = try RosterImport.apply(people, to: service.store, force: force)
            Output.print("imported \(people.count.counted("person")): \(report.added) added, \(report.updated) updated, \(report.deactivated.count) marked inactive")
        } catch {
            throw Failure.report(error)
        }
    }
}

struct PeopleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the roster with each person's current load.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let service = try database.service()
        // Capacity applies to each role on its own (a mentor with capacity 2 may also
        // coach two): each role's open pairings are shown against it.
        let (people, byRole) = try service.store.read { reader in
            let people = try reader.roster()
            let all = try reader.pairingLoads()
            return (people, people.map { all[$0.email.lowercased()] ?? [:] })
        }
        let loads = byRole.map { $0.values.max() ?? 0 }
        if json {
            Output.print(JSON.array(zip(people, loads).map { person, load in
                .object([
                    ("email", .string(person.email)), ("name", .string(person.name)),
                    ("country", person.country.map(JSON.string) ?? .null), ("timezone", person.timezone.map(JSON.string) ?? .null),
                    ("unit", person.unit.map(JSON.string) ?? .null), ("languages", .array(person.languages.map(JSON.string))),
                    ("assignments", .array(person.assignments.map { .object([("country", .string($0.country)), ("from", .string($0.from.description)), ("to", $0.to.map { .string($0.description) } ?? .null)]) })),
                    ("capacity", .number(Double(person.capacity))), ("load", .number(Double(load))), ("active", .bool(person.active)),
                    ("locale", person.locale.map(JSON.string) ?? .null), ("digest", person.digest.map { .string($0 ? "daily" : "none") } ?? .null),
                    ("loads", .object(byRole[people.firstIndex { $0.email == person.email } ?? 0].sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
                ])
            }).rendered())
            return
        }
        guard !people.isEmpty else {
            Output.print("the roster is empty; import it with 'sojourn people import roster.csv'")
            return
        }
        for (person, roles) in zip(people, byRole) {
            let places = person.assignments.map(\.country).joined(separator: ",")
            let load = roles.isEmpty ? "free (capacity \(person.capacity) per role)" : roles.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/\(person.capacity)" }.joined(separator: ", ")
            Output.print("\(person.person)  \(person.country ?? "?")  \(person.unit ?? "")  \(load)\(places.isEmpty ? "" : "  abroad: \(places)")\(person.active ? "" : "  (inactive)")")
        }
    }
}
