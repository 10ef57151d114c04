import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn record`: what someone did.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record input for a step (or one occurrence, step#N), skip it, or postpone it.",
        discussion: """
            The case is first advanced to the date (--as-of, else today or the case's date if \
            later), then the input goes to the step's plugin, then the case moves on that day. \
            Refused input changes nothing.

            Examples:
              sojourn record k7m2q9 eligibility --set note="read and filled in"
              sojourn record k7m2q9 mentoring#3 --input session.yaml
              sojourn record k7m2q9 mentoring#4 --postpone 2027-04-02
              sojourn record k7m2q9 pulse-survey#2 --skip --reason "on leave"
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Argument(help: ArgumentHelp("The step, or an occurrence as step#N.", valueName: "step[#N]"))
    var target: String

    @Option(name: .customLong("set"), help: ArgumentHelp("An input value, as key=value (the value is read as YAML: 3, true, [a, b], \"text\").", valueName: "key=value"))
    var values: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("A YAML or JSON file with the input.", valueName: "file"))
    var inputFile: String?

    @Option(help: ArgumentHelp("Move the occurrence (or the step's due date) to this date.", valueName: "date"))
    var postpone: String?

    @Flag(help: "Skip the step or occurrence (needs --reason).")
    var skip = false

    @Option(help: "Why it is skipped.")
    var reason: String?

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard CaseEngine.Target(target) != nil else {
            throw ValidationError("'\(target)' is not a step; write its id, or id#N for an occurrence")
        }
        let modes = [!values.isEmpty || inputFile != nil, postpone != nil, skip].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("give input (--set or --input), --postpone or --skip, one at a time") }
        if !values.isEmpty, inputFile != nil { throw ValidationError("give input with --set or --input, not both") }
        if let postpone, CalendarDate(postpone) == nil { throw ValidationError("--postpone takes a date as YYYY-MM-DD, not '\(postpone)'") }
        if skip, reason?.isEmpty ?? true { throw ValidationError("--skip needs --reason \"why\"") }
        if reason != nil, !skip { throw ValidationError("--reason goes with --skip") }
    }

    func run() throws {
        let service = try database.service()
        let target = CaseEngine.Target(self.target)!
        do {
            let change: CaseService.Change
            if skip {
                change = .skip(target, reason: reason ?? "")
            } else if let postpone, let date = CalendarDate(postpone) {
                change = .postpone(target, to: date)
            } else if let inputFile {
                let (node, source) = try InputArguments.node(fromFile: inputFile)
                do {
                    let result = try service.apply(.record(target, node), to: caseID, by: actor.resolved, on: asOf.date)
                    print(result)
                    return
                } catch var error as ServiceError {
                    error.sources.append(source)
                    throw error
                }
            } else {
                change = .record(target, try InputArguments.node(from: values))
            }
            print(try service.apply(change, to: caseID, by: actor.resolved, on: asOf.date))
        } catch {
            throw Failure.report(error)
        }
    }

    private func print(_ result: (date: CalendarDate, events: [CaseEvent])) {
        if json {
            Output.print(JSON.object([("case", .string(caseID)), ("asOf", .string(result.date.description)), ("events", .array(result.events.map(\.json)))]).rendered())
        } else {
            for event in result.events {
                Output.print("\(Paint.standardOutput.cyan(event.date.description))  \(event.summary)")
            }
        }
    }
}
