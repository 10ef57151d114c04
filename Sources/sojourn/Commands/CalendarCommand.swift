import ArgumentParser
import Foundation
import SojournCore

/// `sojourn calendar`: a case's or a person's calendar, as an iCalendar file.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Write a case's or a person's calendar (RFC 5545 .ics): meeting sessions and due dates.",
        discussion: """
            Meetings appear as repeating events (at their time of day when the meeting step \
            gives 'at' and 'time_zone'), moved sessions as moved instances, dropped ones as \
            exceptions; other steps' due dates as all-day events. Event UIDs are stable, so \
            writing the file again and re-importing it (or a calendar subscribed to it) \
            updates rather than duplicates.

            Examples:
              sojourn calendar k7m2q9 -o k7m2q9.ics
              sojourn calendar --person cy@example.com -o /srv/calendars/cy.ics
            """
    )

    @Argument(help: "The case (or give --person).")
    var caseID: String?

    @Option(help: ArgumentHelp("Everything this person is invited to or owes, across their cases.", valueName: "email"))
    var person: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (replaced whole, never half-written) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        switch (caseID, person) {
        case (nil, nil): throw ValidationError("give a case, or --person EMAIL")
        case (_?, _?): throw ValidationError("give a case or --person, not both")
        default: break
        }
    }

    func run() throws {
        let text: String
        do {
            let service = try database.service()
            text = try caseID.map { try service.calendar(caseID: $0) } ?? service.calendar(person: person ?? "")
        } catch {
            throw Failure.report(error)
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try OutputFile.write(text, to: output, database: database.resolvedPath)
        } catch {
            throw Failure.report(error)
        }
    }
}
