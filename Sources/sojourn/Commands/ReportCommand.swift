import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn report`: whether the programme works, in figures.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Programme figures with their counts: participation, matching, cadence, surveys, goals, retention and promotion against non-participants.",
        discussion: """
            Every figure is computed from the cases' history and shown with the counts \
            behind it; Docs/kpis.md gives each formula, numerator and denominator. \
            Cancelled cases are listed and counted nowhere else. Survey and rating means \
            from fewer than --min-respondents cases are withheld in every format.

            Examples:
              sojourn report
              sojourn report --by host_country --from 2027-01-01 --to 2027-12-31
              sojourn report --compare outside-the-programme.csv --format html -o report.html
              sojourn report --format csv -o figures.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv, html }

    @Option(help: ArgumentHelp("Only cases of this workflow id.", valueName: "id"))
    var workflow: String?

    @Option(help: ArgumentHelp("Break the figures down: cohort (the cohort field, else the departure quarter), host_country, level, or any case field.", valueName: "field"))
    var by: String?

    @Option(help: ArgumentHelp("Only cases departing on or after this date.", valueName: "yyyy-mm-dd"))
    var from: String?

    @Option(help: ArgumentHelp("Only cases departing on or before this date.", valueName: "yyyy-mm-dd"))
    var to: String?

    @Option(help: ArgumentHelp("Trends by month or quarter.", valueName: "month|quarter"))
    var period: String = "month"

    @Option(help: ArgumentHelp("Withhold survey and rating means from fewer cases than this.", valueName: "n"))
    var minRespondents: Int = 5

    @Option(help: ArgumentHelp("Compare retention and promotion with assignees outside the programme: a CSV with return, status_on, left_on, promoted_on.", valueName: "file.csv"))
    var compare: String?

    @Option(help: ArgumentHelp("text, json, csv, or html (a self-contained page with charts; give -o).", valueName: "format"))
    var format: Format = .text

    @Flag(help: "Print JSON (the same as --format json).")
    var json = false

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file (replaced whole, never half-written; - for standard output) instead of standard output.", valueName: "file"))
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard minRespondents >= 1, minRespondents <= 1_000_000 else { throw ValidationError("--min-respondents must be between 1 and 1000000") }
        guard ReportOptions.Period(rawValue: period) != nil else { throw ValidationError("--period must be month or quarter, not '\(period)'") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, CalendarDate(value) == nil { throw ValidationError("\(name) '\(value)' is not a date; write it as YYYY-MM-DD") }
        }
        if let from = from.flatMap(CalendarDate.init), let to = to.flatMap(CalendarDate.init), from > to {
            throw ValidationError("--from \(from) is after --to \(to); swap them")
        }
        if json && format != .text && format != .json { throw ValidationError("give --json or --format \(format.rawValue), not both") }
        if format == .html && (output == nil || output == "-") { throw ValidationError("--format html writes a file: give -o report.html") }
    }

    func run() throws {
        var options = ReportOptions()
        options.workflow = workflow
        options.by = by
        options.from = from.flatMap(CalendarDate.init)
        options.to = to.flatMap(CalendarDate.init)
        options.period = ReportOptions.Period(rawValue: period) ?? .month
        options.minimumRespondents = minRespondents
        let report: ProgrammeReport
        do {
            if let compare {
                options.comparison = try ComparisonFile.read(compare)
                options.comparisonName = URL(fileURLWithPath: compare).lastPathComponent
                if let by, !options.comparison.contains(where: { $0.fields[by] != nil }) {
                    Output.printError("warning: \(compare) has no column '\(by)': each group is compared with non-participants only, and the programme as a whole with the file")
                }
            }
            report = try database.existingService().report(options)
        } catch {
            throw Failure.report(error)
        }
        let text: String
        do {
            switch json ? .json : format {
            case .json: text = report.json.rendered() + "\n"
            case .csv: text = try ReportCSV.render(report)
            case .html: text = try ReportHTML.render(report, generated: Self.today())
            case .text:
                text = ReportText.lines(report, paint: output == nil || output == "-" ? .standardOutput : .plain).joined(separator: "\n") + "\n"
            }
        } catch {
            throw Failure.report(error)
        }
        guard let output else {
            Output.print(text)
            return
        }
        do {
            try OutputFile.write(text, to: output, database: database.resolvedPath)
        } catch {
            throw Failure.report(error)
        }
    }

    /// Today's date, for the page's footer.
    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }
}
