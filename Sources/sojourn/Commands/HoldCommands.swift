import ArgumentParser
import SojournCore

/// `sojourn hold`: a case pauses (leave, a frozen project).
struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Put a case on hold: nothing happens to it until it resumes.",
        discussion: """
            From the date (--as-of, else today) no step starts, no session opens, nothing \
            falls due or reminds, and the case takes no input; it leaves everyone's agenda. \
            It can still be amended, reassigned or ended. `sojourn resume` gives the time \
            back to the work under way (see Docs/workflow-language.md, "Holds").

            Example:
              sojourn hold 0b04k8 --reason "parental leave" --as-of 2027-05-03
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(help: "Why the case is on hold (kept in its history).")
    var reason: String

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        CaseChangeRun.print(try CaseChangeRun.apply(.hold(reason: reason), to: caseID, by: actor, on: asOf, in: database), caseID: caseID)
    }
}

/// `sojourn resume`: a hold ends.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "End a case's hold: due dates under way move later by the hold's length.",
        discussion: """
            A started step's due date (and an open session's) on or after the first day \
            of the hold moves later by the number of days the hold lasted. Sessions dated \
            during the hold are withdrawn: not missed, no make-up owed. Dates written from \
            the case's own dates (return + 2w) stay; change those with `sojourn amend`. \
            What fell on a day of the hold happens on the day it resumes.

            Example:
              sojourn resume 0b04k8 --as-of 2027-08-02
            """
    )

    @Argument(help: "The case.")
    var caseID: String

    @Option(help: "Anything to add (kept in the case's history).")
    var note: String?

    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        CaseChangeRun.print(try CaseChangeRun.apply(.resume(note: note), to: caseID, by: actor, on: asOf, in: database), caseID: caseID)
    }
}
