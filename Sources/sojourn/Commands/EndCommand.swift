import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn end`: a case ends before its workflow does.
struct EndCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End a case early: the employee left, the assignment was cancelled, or they withdrew.",
        discussion: """
            Everything not finished stops on the date (--as-of, else today): steps are skipped, \
            occurrences still to come are skipped, the case's pairings end and its unsent \
            messages are withdrawn. Reports count the case as ended for its reason; someone \
            who left the company counts as not retained at every outcome not yet recorded.

            Examples:
              sojourn end 0b04k8 --reason left-company --note "resigned, last day 2027-09-30" --as-of 2027-09-30
              sojourn end 0b04k8 --reason assignment-cancelled --note "project stopped"
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(name: .customLong("reason"), help: ArgumentHelp("Why: \(CaseEnding.Reason.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "reason"))
    var reasonText: String

    private var reason: CaseEnding.Reason? { CaseEnding.Reason(rawValue: reasonText) }

    @Option(help: "What happened, in your words (kept in the case's history).")
    var note: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        let reasons = CaseEnding.Reason.allCases.map(\.rawValue)
        guard reason != nil else {
            throw ValidationError("--reason is one of \(reasons.joined(separator: ", ")), not '\(reasonText)'\(Suggestions.didYouMean(reasonText, among: reasons)); say more with --note")
        }
        if reason == .other, note?.allSatisfy(\.isWhitespace) ?? true {
            throw ValidationError("--reason other needs --note \"what happened\"")
        }
    }

    func run() throws {
        guard let reason else { return }
        CaseChangeRun.print(try CaseChangeRun.apply(.end(CaseEnding(reason, note: note)), to: caseID, by: actor, on: asOf, in: database), caseID: caseID, json: json)
    }
}
