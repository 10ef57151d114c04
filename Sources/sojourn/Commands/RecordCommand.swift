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

            With --from FILE, many inputs at once (a session log, a survey export), as JSON \
            Lines or CSV: every line is checked first, and nothing is recorded if any is bad \
            unless --skip-bad; then each line is recorded in its own transaction. A line \
            recorded before is not recorded again, so an interrupted file can be run again. \
            --dry-run records every line in a transaction that is then undone, and says what \
            would happen. Docs/cli.md gives the columns.

            Examples:
              sojourn record k7m2q9 eligibility --set note="read and filled in"
              sojourn record k7m2q9 mentoring#3 --input session.yaml
              sojourn record k7m2q9 mentoring#4 --postpone 2027-04-02
              sojourn record k7m2q9 pulse-survey#2 --skip --reason "on leave"
              sojourn record --from sessions.csv
            """
    )

    @Argument(help: "The case.")
    var caseID: String?

    @Argument(help: ArgumentHelp("The step, or an occurrence as step#N.", valueName: "step[#N]"))
    var target: String?

    @Option(name: .customLong("from"), help: ArgumentHelp("A file of many inputs: JSON Lines (.jsonl) or CSV (.csv).", valueName: "file"))
    var linesFile: String?

    @Option(help: ArgumentHelp("The --from file's format when its extension does not say: jsonl or csv.", valueName: "format"))
    var format: InputLinesFile.Format?

    @Option(help: ArgumentHelp("With --from: a CSV file's encoding when it is not UTF-8: latin-1, windows-1252 or utf-16.", valueName: "encoding"))
    var encoding: CSVFile.Encoding = .utf8

    @Flag(name: .customLong("skip-bad"), help: "With --from: record the good lines and report the bad ones.")
    var skipBad = false

    @Flag(name: .customLong("dry-run"), help: "With --from: say what recording the lines would do, and write nothing.")
    var dryRun = false

    @Flag(help: "With --from: a line on standard error every hundred lines (for logs), instead of a bar on a terminal.")
    var progress = false

    @Option(name: .customLong("set"), help: ArgumentHelp("An input value, as key=value (the value is read as YAML: 3, true, [a, b], \"text\").", valueName: "key=value"))
    var values: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("A YAML or JSON file with the input.", valueName: "file"))
    var inputFile: String?

    @Option(help: ArgumentHelp("Move the occurrence (or the step's due date) to this date.", valueName: "date"))
    var postpone: String?

    @Flag(help: "Skip the step or occurrence (needs --reason).")
    var skip = false

    @Option(help: "Why it is skipped, or why you record for someone else.")
    var reason: String?

    @Option(name: .customLong("on-behalf-of"), help: ArgumentHelp("As an operator, record the input of this person (needs --reason); the history says you did, for them.", valueName: "person"))
    var onBehalfOf: String?

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let linesFile {
            guard caseID == nil, target == nil, values.isEmpty, inputFile == nil, postpone == nil, !skip else {
                throw ValidationError("--from gives every line's case, step and input; give no case, step, --set, --input, --postpone or --skip with it")
            }
            if onBehalfOf != nil { throw ValidationError("--on-behalf-of records one input; with --from, each line's 'by' says who gave it") }
            if format == nil, InputLinesFile.Format(path: linesFile) == nil {
                throw ValidationError("say what \(linesFile) holds with --format jsonl or --format csv")
            }
            return
        }
        if skipBad || dryRun || progress { throw ValidationError("--skip-bad, --dry-run and --progress go with --from FILE") }
        guard caseID != nil, let target else { throw ValidationError("say which case and step: sojourn record CASE STEP --set key=value (or --from FILE)") }
        guard CaseEngine.Target(target) != nil else {
            throw ValidationError("'\(target)' is not a step; write its id, or id#N for an occurrence")
        }
        let modes = [!values.isEmpty || inputFile != nil, postpone != nil, skip].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("give input (--set or --input), --postpone or --skip, one at a time") }
        if !values.isEmpty, inputFile != nil { throw ValidationError("give input with --set or --input, not both") }
        if let postpone, CalendarDate(postpone) == nil { throw ValidationError("--postpone takes a date as YYYY-MM-DD, not '\(postpone)'") }
        if skip, reason?.isEmpty ?? true { throw ValidationError("--skip needs --reason \"why\"") }
        if reason != nil, !skip, onBehalfOf == nil { throw ValidationError("--reason goes with --skip or --on-behalf-of") }
        if onBehalfOf != nil, reason?.isEmpty ?? true { throw ValidationError("--on-behalf-of needs --reason \"why you record for them\"") }
    }

    func run() throws {
        let service = try database.service()
        if let linesFile {
            try RecordLines(service: service, path: linesFile, format: format ?? InputLinesFile.Format(path: linesFile) ?? .csv,
                            encoding: encoding, actor: actor.resolved, skipBad: skipBad, dryRun: dryRun, progressLines: progress, json: json).run()
            return
        }
        guard let caseID, let text = self.target, let target = CaseEngine.Target(text) else { return }
        let acting = Acting(actor.resolved, onBehalfOf: onBehalfOf, reason: onBehalfOf == nil ? nil : reason)
        do {
            let change: CaseService.Change
            if skip {
                change = .skip(target, reason: reason ?? "")
            } else if let postpone, let date = CalendarDate(postpone) {
                change = .postpone(target, to: date)
            } else if let inputFile {
                let (node, source) = try InputArguments.node(fromFile: inputFile)
                do {
                    let result = try service.apply(.record(target, node), to: caseID, as: acting, on: asOf.date)
                    CaseChangeRun.print(result, caseID: caseID, json: json)
                    return
                } catch var error as ServiceError {
                    error.sources.append(source)
                    throw error
                }
            } else {
                change = .record(target, try InputArguments.node(from: values))
            }
            CaseChangeRun.print(try service.apply(change, to: caseID, as: acting, on: asOf.date), caseID: caseID, json: json)
        } catch {
            throw Failure.report(error)
        }
    }
}
