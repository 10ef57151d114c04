import Foundation
import SojournCore
import SojournKit

/// How `amend` and `reassign` print what they did: the events, then the dates that move.
enum AmendedText {
    static func print(_ result: CaseService.Amended, json: Bool) {
        if json {
            Output.print(result.json.rendered())
            return
        }
        let paint = Paint.standardOutput
        if result.dryRun { Output.print("Dry run: nothing was written. Case \(result.caseID) on \(result.date) would have:") }
        for event in result.events {
            Output.print("\(paint.cyan(event.date.description))  \(Output.oneLine(event.summary))")
        }
        let differences = result.before.differences(to: result.after)
        guard !differences.isEmpty || result.before.completes != result.after.completes else { return }
        Output.print("")
        Output.print(result.dryRun ? "Dates that would move (each step done on its due date):" : "Dates that moved (each step done on its due date):")
        let width = min(28, differences.map { $0.target.description.count }.max() ?? 0)
        for difference in differences {
            let name = difference.target.description.padding(toLength: max(width, difference.target.description.count), withPad: " ", startingAt: 0)
            switch (difference.before, difference.after) {
            case (nil, let after?): Output.print("  + \(name)  \(describe(after))  (new)")
            case (let before?, nil): Output.print("  - \(name)  \(describe(before))  (withdrawn)")
            case (let before?, let after?): Output.print("    \(name)  \(describe(before))  →  \(describe(after))")
            case (nil, nil): break
            }
        }
        if result.before.completes != result.after.completes {
            Output.print("    case completes  \(result.before.completes?.description ?? "not planned")  →  \(result.after.completes?.description ?? "not planned")")
        }
    }

    private static func describe(_ entry: CaseForecast.Entry) -> String {
        if entry.skipped { return "skipped" }
        var parts: [String] = []
        if let starts = entry.starts { parts.append("starts \(starts)") }
        if let due = entry.due, due != entry.starts { parts.append("due \(due)") }
        return parts.isEmpty ? "not dated" : parts.joined(separator: ", ")
    }
}
