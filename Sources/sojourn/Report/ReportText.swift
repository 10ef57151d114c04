import Foundation
import SojournCore
import SojournKit

/// `sojourn report` as text, also printed at the end of `sojourn demo`: for each
/// programme, every figure with its value and the counts behind it, grouped by family and
/// step; then the trends and the breakdown.
enum ReportText {
    static func lines(_ report: ProgrammeReport, paint: Paint) -> [String] {
        guard !report.programmes.isEmpty else { return ["no cases yet: open some with 'sojourn open'"] }
        var lines: [String] = []
        for programme in report.programmes {
            lines.append(paint.bold(programme.workflow) + "  \(programme.title)" + (programme.reportDate.map { "  (as of \($0))" } ?? ""))
            lines += table(programme.figures.rows(minimumRespondents: report.options.minimumRespondents) + programme.pluginRows, paint: paint)
            for trend in programme.trends where trend.points.contains(where: { $0.adherence.denominator > 0 || $0.held > 0 }) {
                lines.append("  " + paint.bold("trend") + " \(trend.title), by \(report.options.period.rawValue)")
                let header = ["period", "adherence", "due", "held", "missed", "active pairs"]
                let rows = trend.points.map { point in
                    [point.period, ProgrammeFigures.percentText(point.adherence.percent), "\(point.adherence.numerator) of \(point.adherence.denominator)",
                     "\(point.held)", "\(point.missed)", point.active.denominator == 0 ? "-" : "\(ProgrammeFigures.percentText(point.active.percent)) (\(point.active.numerator) of \(point.active.denominator))"]
                }
                lines += aligned([header] + rows, indent: "    ", rightAligned: [1, 3, 4])
            }
            for group in programme.breakdown {
                lines.append("  " + paint.bold("\(report.options.by ?? "group") = \(group.value)"))
                lines += table(group.figures.rows(minimumRespondents: report.options.minimumRespondents), paint: paint, indent: "    ")
            }
            if let note = omittedNote(programme, options: report.options) { lines.append("  " + note) }
            lines.append("")
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The few figures a programme owner asks for first (`ReportRow.headline`).
    static func headline(_ report: ProgrammeReport, paint: Paint) -> [String] {
        guard !report.programmes.isEmpty else { return ["no cases yet: open some with 'sojourn open'"] }
        var lines: [String] = []
        for programme in report.programmes {
            lines.append(paint.bold(programme.workflow) + "  \(programme.title)" + (programme.reportDate.map { "  (as of \($0))" } ?? ""))
            let rows = programme.figures.rows(minimumRespondents: report.options.minimumRespondents).filter(\.headline)
            lines += table(rows, paint: paint)
        }
        return lines
    }

    /// What a breakdown left out, in words, if anything.
    static func omittedNote(_ programme: ProgrammeReport.Programme, options: ReportOptions) -> String? {
        guard programme.omitted.groups > 0 else { return nil }
        return "\(programme.omitted.cases) " + (programme.omitted.cases == 1 ? "case" : "cases") + " in \(programme.omitted.groups) "
            + (programme.omitted.groups == 1 ? "group" : "groups") + " of \(options.by ?? "the breakdown") not shown: groups of fewer than \(options.minimumRespondents) cases are left out (with the smallest others when needed), so no person's figures can be read or worked out"
    }

    /// Rows under a heading per family and subject, figure, value and counts in columns.
    private static func table(_ rows: [ReportRow], paint: Paint, indent: String = "  ") -> [String] {
        var lines: [String] = []
        let figureWidth = rows.map(\.figure.count).max() ?? 0
        let valueWidth = rows.map(\.value.count).max() ?? 0
        var heading = ""
        for row in rows {
            let this = row.subject.isEmpty ? row.family : "\(row.family): \(row.subject)"
            if this != heading {
                heading = this
                lines.append(indent + paint.bold(this))
            }
            let value = String(repeating: " ", count: max(0, valueWidth - row.value.count)) + row.value
            let line = indent + "  " + row.figure.padding(toLength: figureWidth, withPad: " ", startingAt: 0) + "  " + value + (row.basis.isEmpty ? "" : "  " + row.basis)
            lines.append(line.trimmingTrailingSpaces)
        }
        return lines
    }

    private static func aligned(_ rows: [[String]], indent: String, rightAligned: Set<Int>) -> [String] {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            let cells = row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }
            return (indent + cells.joined(separator: "  ")).trimmingTrailingSpaces
        }
    }
}

private extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
