import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn private`: a step's private input, for those allowed to read it.
struct PrivateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "private",
        abstract: "Show a step's private input (meeting notes, document numbers) to its author or a private reader.",
        discussion: """
            Private input is kept apart from the history, which says only that it was given. \
            This shows it to the person who gave it (or the operator who recorded it for them) \
            and to the people in the roles the workflow's private_readers: names, and records \
            the reading in the case's history. Anyone else is refused.

            Example:
              sojourn private 0b4kdc mentoring --by "Cy Chen <cy@example.com>"
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Argument(help: "The step (every occurrence of a repeating step).")
    var step: String

    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let reading: CaseService.PrivateReading
        do {
            reading = try database.service().readPrivate(caseID, step: step, by: actor.resolved)
        } catch {
            throw Failure.report(error)
        }
        if json {
            Output.print(JSON.array(reading.entries.map { entry in
                .object([
                    ("sequence", .number(Double(entry.event.sequence))), ("date", .string(entry.event.event.date.description)),
                    ("occurrence", entry.event.event.occurrence.map { .number(Double($0)) } ?? .null),
                    ("actor", entry.event.event.actor.map(JSON.string) ?? .null), ("for", entry.event.event.data["for"]?.text.map(JSON.string) ?? .null),
                    ("input", PluginValue.object(entry.input).json),
                ])
            }).rendered())
            return
        }
        for entry in reading.entries {
            let event = entry.event.event
            let target = event.occurrence.map { "\(reading.step)#\($0)" } ?? reading.step
            let who = (event.data["for"]?.text).map { "for \($0)" } ?? event.actor.map { "by \($0)" } ?? ""
            Output.print("\(entry.event.sequence)  \(event.date)  \(target)  \(Output.oneLine(who))")
            for (key, value) in entry.input.sorted(by: { $0.key < $1.key }) {
                // A note may have several lines: each is indented under its key.
                var text = value.displayText
                while text.hasSuffix("\n") { text.removeLast() }
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                Output.print("  \(key): " + lines.joined(separator: "\n    "))
            }
        }
        Output.printError("read as \(reading.reader); the reading is in the case's history")
    }
}
