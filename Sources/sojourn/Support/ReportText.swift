import Foundation
import SojournCore
import SojournKit

/// `sojourn report` as text, also printed at the end of `sojourn demo`.
enum ReportText {
    static func lines(_ report: ProgrammeReport, paint: Paint) -> [String] {
        guard !report.programmes.isEmpty else { return ["no cases yet: open some with 'sojourn open'"] }
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0) } ?? "-" }
        func one(_ value: Double) -> String { String(format: "%.1f", value) }
        var lines: [String] = []
        for programme in report.programmes {
            lines.append(paint.bold(programme.workflow) + "  \(programme.title)")
            var states = ["\(programme.open) open", "\(programme.completed) completed", "\(programme.cancelled) cancelled"]
            if programme.endedCount > 0 {
                states.append("\(programme.endedCount) ended early (" + programme.ended.map { "\($0.count) \($0.name)" }.joined(separator: ", ") + ")")
            }
            lines.append("  cases        \(programme.cases): " + states.joined(separator: ", "))
            if let share = programme.eligiblePercent {
                lines.append("  eligible     \(programme.eligible) of \(programme.answered) who answered (\(percent(share)))")
            }
            for match in programme.matched { lines.append("  matched      \(match.count): \(match.name)") }
            for item in programme.sessions {
                let rating = item.averageRating.map { ", average rating \(one($0))" } ?? ""
                let short = item.fellShort > 0 ? ", \(item.fellShort) fell short of the attendance asked" : ""
                lines.append("  sessions     \(item.title): \(item.held) held, \(item.missed) missed (\(percent(item.attendance)) attended) in \(item.cases.counted("case"))\(rating)\(short)")
            }
            for item in programme.surveys {
                lines.append("  survey       \(item.title): " + item.averages.map { "\($0.name) \(one($0.average))" }.joined(separator: ", ") + " (\(item.cases.counted("case")))")
            }
            if !programme.recognition.isEmpty {
                lines.append("  recognition  " + programme.recognition.map { "\($0.count) \($0.name)" }.joined(separator: ", "))
            }
            for item in programme.outcomes {
                lines.append("  outcome      \(item.label): \(item.recorded) recorded, \(item.stillEmployed) still employed (\(percent(item.retention))), \(item.promoted) promoted (\(percent(item.promotion))), \(item.movedRole) moved role")
            }
            for item in programme.figures {
                let value: String
                switch item.figure.formula {
                case .cases: value = "\(Int(item.total))"
                case .sum: value = item.total == item.total.rounded() ? "\(Int(item.total))" : one(item.total)
                case .mean: value = item.value.map(one) ?? "-"
                case .share: value = "\(Int(item.total)) of \(item.cases) (\(percent(item.value)))"
                }
                let over = { if case .share = item.figure.formula { return "" } else { return " over \(item.cases.counted("case"))" } }()
                lines.append("  \(item.plugin.padding(toLength: 11, withPad: " ", startingAt: 0))  \(item.title): \(item.figure.name) \(value)\(over) (\(item.figure.formula.words))")
            }
            lines.append("")
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
