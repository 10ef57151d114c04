import CSV
import Foundation
import SojournCore

/// `sojourn report --format csv`: one table, a row per figure (and per trend point),
/// with the family it belongs to in a column, so a spreadsheet can filter or pivot by
/// family. Written by CSV.swift; a text cell that a spreadsheet would run as a formula
/// (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe.
/// Numbers are written as numbers.
enum ReportCSV {
    static let header = ["workflow", "group", "family", "of", "period", "figure", "value", "numerator", "denominator", "shown", "counts"]

    static func render(_ report: ProgrammeReport) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for programme in report.programmes {
            func write(_ rows: [ReportRow], group: String, period: String = "") throws {
                for row in rows {
                    try writer.write(row: [
                        safe(programme.workflow), safe(group), safe(row.family), safe(row.subject), period, safe(row.figure),
                        row.number.map(ProgrammeFigures.decimalText) ?? "", row.numerator.map(String.init) ?? "", row.denominator.map(String.init) ?? "",
                        safe(row.value), safe(row.basis),
                    ])
                }
            }
            try write(programme.figures.rows(minimumRespondents: report.options.minimumRespondents) + programme.pluginRows, group: "all")
            if programme.omitted.groups > 0 {
                try write([ReportRow(family: "breakdown", subject: report.options.by ?? "", figure: "cases in groups not shown (fewer than \(report.options.minimumRespondents) cases)",
                                     value: "\(programme.omitted.cases)", basis: "\(programme.omitted.groups) groups", number: Double(programme.omitted.cases))], group: "all")
            }
            for group in programme.breakdown {
                try write(group.figures.rows(minimumRespondents: report.options.minimumRespondents), group: "\(report.options.by ?? "group")=\(group.value)")
            }
            for trend in programme.trends {
                for point in trend.points {
                    try write([
                        ReportRow(family: "trend", subject: trend.title, figure: "cadence adherence", value: ProgrammeFigures.percentText(point.adherence.percent),
                                  basis: "\(point.adherence.numerator) of \(point.adherence.denominator)", number: point.adherence.percent,
                                  numerator: point.adherence.numerator, denominator: point.adherence.denominator),
                        ReportRow(family: "trend", subject: trend.title, figure: "sessions held", value: "\(point.held)", basis: "", number: Double(point.held)),
                        ReportRow(family: "trend", subject: trend.title, figure: "sessions missed", value: "\(point.missed)", basis: "", number: Double(point.missed)),
                        ReportRow(family: "trend", subject: trend.title, figure: "active pairs", value: ProgrammeFigures.percentText(point.active.percent),
                                  basis: "\(point.active.numerator) of \(point.active.denominator)", number: point.active.percent,
                                  numerator: point.active.numerator, denominator: point.active.denominator),
                    ], group: "all", period: point.period)
                }
            }
        }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data, let text = String(data: data, encoding: .utf8) else {
            throw ServiceError("could not write the CSV")
        }
        return text
    }

    /// A text cell a spreadsheet will show as text.
    static func safe(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }
}
