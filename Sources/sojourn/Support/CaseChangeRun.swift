import SojournCore
import SojournKit

/// How the commands that make one change to one case (`hold`, `resume`, `end`, `cancel`,
/// `retry`, `record`) run it: one transaction through the service, its error reported
/// once, and its events printed a line each.
enum CaseChangeRun {
    /// Applies `change` to `caseID` on the date `asOf` gives (default today).
    static func apply(_ change: CaseService.Change, to caseID: String, by actor: ActorOptions, on asOf: AsOfOption, in database: DatabaseOptions) throws -> (date: CalendarDate, events: [CaseEvent]) {
        let service = try database.service()
        do {
            return try service.apply(change, to: caseID, by: actor.resolved, on: asOf.date)
        } catch {
            throw Failure.report(error)
        }
    }

    /// `2027-03-10  case on hold: parental leave`, a line an event, the date in colour on
    /// a terminal; or, with `json`, `{"case", "asOf", "events": [EVENT, …]}`.
    static func print(_ result: (date: CalendarDate, events: [CaseEvent]), caseID: String, json: Bool = false) {
        if json {
            Output.print(JSON.object([("case", .string(caseID)), ("asOf", .string(result.date.description)), ("events", .array(result.events.map(\.json)))]).rendered())
        } else {
            for event in result.events { Output.print("\(Paint.standardOutput.cyan(event.date.description))  \(Output.oneLine(event.summary))") }
        }
    }
}
