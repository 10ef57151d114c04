import Mustache
import SojournCore
import SojournKit

/// `sojourn report --format html`: the report as one self-contained page, rendered from
/// `ReportHTMLTemplate` by swift-mustache, which escapes every value. Charts are inline
/// SVG drawn here from the figures (coordinates are numbers this code computes; every
/// text in them goes through the template's escaping), each with the table of its data.
enum ReportHTML {
    static func render(_ report: ProgrammeReport, generated: String) throws -> String {
        let template = try MustacheTemplate(string: ReportHTMLTemplate.page)
        var subtitle = "Generated \(generated)"
        if let by = report.options.by { subtitle += " · by \(by)" }
        if report.options.from != nil || report.options.to != nil {
            subtitle += " · departures \(report.options.from?.description ?? "any time") to \(report.options.to?.description ?? "now")"
        }
        if let name = report.options.comparisonName { subtitle += " · compared with \(name)" }
        let context: [String: Any] = [
            "title": "Programme report",
            "subtitle": subtitle,
            "minimumRespondents": "\(report.options.minimumRespondents)",
            "programmes": report.programmes.enumerated().map { index, programme in Self.programme(programme, index: index, options: report.options) },
        ]
        return template.render(context)
    }

    /// One caution under a comparison chart when any horizon has a small side; the table
    /// above it has each side's count.
    private static func caution(_ differences: [Comparison.Difference]) -> [String] {
        differences.contains { $0.caution != nil }
            ? ["Small groups (fewer than \(ReportOptions.smallGroup) people on a side at some horizon; the counts are in the table): a difference this size can be chance."]
            : []
    }

    private static func programme(_ programme: ProgrammeReport.Programme, index: Int, options: ReportOptions) -> [String: Any] {
        let figures = programme.figures
        var cards: [[String: String]] = []
        func card(_ label: String, _ ratio: Ratio) {
            cards.append(["label": label, "value": ProgrammeFigures.percentText(ratio.percent), "basis": "\(ratio.numerator) of \(ratio.denominator)"])
        }
        if let participating = figures.participation.participating { card("Participating, of the eligible", participating) }
        if let first = figures.sessions.first {
            card("Cadence adherence: \(first.title)", first.adherence)
            if first.active.denominator > 0 {
                card("Active pairs now: \(first.title)", first.active)
            } else {
                cards.append(["label": "Hours held: \(first.title)", "value": ProgrammeFigures.decimalText(first.hours) + " h", "basis": "\(first.held) sessions held"])
            }
        }
        // Retention at the longest horizon with a figure, with how it is made.
        let retention = figures.outcomes.participants
        if let index = retention.horizons.lastIndex(where: { $0.retained != nil }) {
            let who = figures.outcomes.byParticipation ? "Participants" : "Everyone who returned"
            cards.append(["label": "\(who): retained \(retention.horizons[index].months) months after return",
                          "value": ProgrammeFigures.percentText(retention.horizons[index].retained), "basis": retention.chain(upTo: index)])
        }

        var charts: [[String: Any]] = []
        // Whether it works first: retention and promotion against each comparison; then
        // how pairs meet over time.
        for comparison in figures.outcomes.comparisons {
            let horizons = comparison.retention.map { "\($0.months) months" }
            charts.append(SVGChart.groupedPercentBars(
                id: "retention-\(index)-\(charts.count)", title: "Retained after return: \(comparison.subject) against \(comparison.against)",
                labels: horizons,
                series: [(comparison.subject, comparison.retention.map { ($0.participants, "\($0.participantsCounted) counted") }),
                         (comparison.against, comparison.retention.map { ($0.others, "\($0.othersCounted) counted") })],
                notes: Self.caution(comparison.retention)))
            charts.append(SVGChart.groupedPercentBars(
                id: "promotion-\(index)-\(charts.count)", title: "Promoted after return: \(comparison.subject) against \(comparison.against)",
                labels: horizons,
                series: [(comparison.subject, comparison.promotion.map { ($0.participants, "\($0.participantsCounted) counted") }),
                         (comparison.against, comparison.promotion.map { ($0.others, "\($0.othersCounted) counted") })],
                notes: Self.caution(comparison.promotion)))
        }

        for (number, trend) in programme.trends.enumerated() where !trend.points.isEmpty {
            charts.append(SVGChart.lines(
                id: "trend-\(index)-\(number)", title: "\(trend.title): cadence adherence and active pairs by \(options.period.rawValue)",
                labels: trend.points.map(\.period),
                series: [("cadence adherence", trend.points.map(\.adherence)), ("active pairs", trend.points.map(\.active))]))
            charts.append(SVGChart.bars(
                id: "held-\(index)-\(number)", title: "\(trend.title): sessions held by \(options.period.rawValue)",
                labels: trend.points.map(\.period), series: [("held", trend.points.map { Double($0.held) })],
                header: ["Period", "Held", "Missed"], rows: trend.points.map { [$0.period, "\($0.held)", "\($0.missed)"] }))
        }
        let rows = (figures.rows(minimumRespondents: options.minimumRespondents) + programme.pluginRows).map { row in
            ["family": row.family, "subject": row.subject, "figure": row.figure, "value": row.value, "basis": row.basis]
        }
        var context: [String: Any] = [
            "title": programme.title, "workflow": programme.workflow, "anchor": "\(index)",
            "reportDate": programme.reportDate?.description ?? "-",
            "casesLine": "\(figures.cases.total) cases: \(figures.cases.open) open, \(figures.cases.completed) completed, \(figures.cases.ended) ended early, \(figures.cases.cancelled) cancelled",
            "cards": cards, "charts": charts, "rows": rows,
        ]
        if let by = options.by, !programme.breakdown.isEmpty || programme.omitted.groups > 0 {
            context["breakdowns"] = [[
                "by": by,
                "omitted": ReportText.omittedNote(programme, options: options) ?? "",
                "columns": ["cases", "participating", "cadence adherence: " + (figures.sessions.first?.title ?? "-"), "retained at 12 months (participants)"],
                "groups": programme.breakdown.map { group -> [String: Any] in
                    let f = group.figures
                    func text(_ ratio: Ratio?) -> String { ratio.map { "\(ProgrammeFigures.percentText($0.percent)) (\($0.numerator) of \($0.denominator))" } ?? "-" }
                    // The same meeting step in every group: the programme's first.
                    let adherence = figures.sessions.first.flatMap { first in f.sessions.first { $0.step == first.step } }?.adherence
                    return ["value": group.value, "cells": [
                        "\(f.cases.total)", text(f.participation.participating ?? nil), text(adherence),
                        f.outcomes.participants.horizons.first { $0.months == 12 }.map { "\(ProgrammeFigures.percentText($0.retained)) (\(f.outcomes.participants.returned) returned)" } ?? "-",
                    ]]
                },
            ] as [String: Any]]
        }
        return context
    }
}
