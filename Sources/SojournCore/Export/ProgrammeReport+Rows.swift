import SojournKit

/// One figure as a row: what text, CSV and the HTML tables print, so the three say the
/// same thing from one list.
public struct ReportRow: Sendable, Hashable {
    /// `cases`, `participation`, `matching`, `sessions`, `surveys`, `goals`,
    /// `milestones`, `knowledge-sharing`, `recognition`, `retention`, `promotion`,
    /// `comparison`, `plugin`.
    public var family: String
    /// The step's title, or empty for figures of the whole programme.
    public var subject: String
    public var figure: String
    /// The value as shown: `84.5%`, `3.9`, `12 days`, or `withheld`.
    public var value: String
    /// The counts behind it: `350 of 414`, `n=17`.
    public var basis: String
    /// The number itself, for CSV and charts (`nil` when withheld or nothing counted).
    public var number: Double?
    public var numerator: Int?
    public var denominator: Int?
    /// One of the few figures a programme owner asks for first (`sojourn demo` prints
    /// them): participation, the first meeting's cadence, hours and activity, and
    /// retention against the first comparison.
    public var headline = false

    public init(family: String, subject: String, figure: String, value: String, basis: String, number: Double? = nil, numerator: Int? = nil, denominator: Int? = nil) {
        self.family = family
        self.subject = subject
        self.figure = figure
        self.value = value
        self.basis = basis
        self.number = number
        self.numerator = numerator
        self.denominator = denominator
    }
}

extension ProgrammeFigures {
    /// Every figure as rows, in the report's order.
    /// - Parameter minimumRespondents: named in the withheld rows.
    public func rows(minimumRespondents: Int) -> [ReportRow] {
        var rows: [ReportRow] = []
        func markHeadline() { rows[rows.count - 1].headline = true }
        func ratio(_ family: String, _ subject: String, _ figure: String, _ value: Ratio) {
            rows.append(ReportRow(family: family, subject: subject, figure: figure, value: Self.percent(value.percent),
                                  basis: "\(value.numerator) of \(value.denominator)", number: value.percent.map(Self.round),
                                  numerator: value.numerator, denominator: value.denominator))
        }
        func count(_ family: String, _ subject: String, _ figure: String, _ value: Int) {
            rows.append(ReportRow(family: family, subject: subject, figure: figure, value: "\(value)", basis: "", number: Double(value)))
        }
        func amount(_ family: String, _ subject: String, _ figure: String, _ value: Double?, unit: String = "", basis: String) {
            rows.append(ReportRow(family: family, subject: subject, figure: figure, value: value.map { Self.decimal($0) + unit } ?? "-", basis: basis, number: value.map(Self.round)))
        }
        func mean(_ family: String, _ subject: String, _ figure: String, _ value: Mean) {
            let basis = "n=\(value.n) from \(value.respondents) " + (value.respondents == 1 ? "case" : "cases")
            if value.withheld {
                let why = value.protectsAnother ? "withheld so that a smaller group's answers cannot be worked out" : "fewer than \(minimumRespondents) respondents"
                rows.append(ReportRow(family: family, subject: subject, figure: figure, value: "withheld", basis: basis + "; " + why))
            } else {
                amount(family, subject, figure, value.value, basis: basis)
            }
        }

        count("cases", "", "cases", cases.total)
        count("cases", "", "open", cases.open)
        count("cases", "", "completed", cases.completed)
        count("cases", "", "ended early", cases.ended)
        for ending in cases.endedBy { count("cases", "", "ended: \(ending.name)", ending.count) }
        count("cases", "", "cancelled (not counted elsewhere)", cases.cancelled)

        ratio("participation", "", "eligible, of those who answered", participation.eligible)
        markHeadline()
        if let participating = participation.participating {
            ratio("participation", "", "participating, of the eligible", participating)
            markHeadline()
        }
        count("participation", "", "not eligible", participation.notEligible)
        count("participation", "", "not matched (eligible or unanswered)", participation.notMatched)

        for item in matching {
            ratio("matching", item.title, "matched, of those started", item.matched)
            amount("matching", item.title, "days to match, median", item.days.median, unit: " days", basis: "n=\(item.days.n)")
            amount("matching", item.title, "days to match, 90th percentile", item.days.p90, unit: " days", basis: "n=\(item.days.n)")
            ratio("matching", item.title, "person matched stayed (not replaced), of matched", item.stayed)
        }

        for item in sessions {
            let first = item.step == sessions.first?.step
            ratio("sessions", item.title, "cadence adherence (held by due date, of due)", item.adherence)
            if first { markHeadline() }
            ratio("sessions", item.title, "held, of due", Ratio(item.held, of: item.due))
            count("sessions", item.title, "missed", item.missed)
            count("sessions", item.title, "postponements", item.postponements)
            count("sessions", item.title, "sessions postponed", item.postponedSessions)
            amount("sessions", item.title, "mentoring hours", item.hours, unit: " h", basis: "\(item.held) sessions held")
            if first { markHeadline() }
            amount("sessions", item.title, "make-up owed", item.owedMinutes, unit: " min", basis: "\(item.owingCases) " + (item.owingCases == 1 ? "pair" : "pairs"))
            ratio("sessions", item.title, "active pairs (held in the last 28 days)", item.active)
            if first { markHeadline() }
            mean("sessions", item.title, "rating, mean", item.rating)
        }

        for item in surveys {
            ratio("surveys", item.title, "response rate", item.response)
            for question in item.questions { mean("surveys", item.title, "\(question.name), mean", question.mean) }
        }

        for item in goals {
            ratio("goals", item.title, "goals met, of set", item.met)
            count("goals", item.title, "goals closed without being met", item.closed)
            count("goals", item.title, "goals overdue", item.overdue)
        }

        for item in milestones {
            ratio("milestones", item.title, "met on time, of all", item.onTime)
            count("milestones", item.title, "met late", item.late)
            count("milestones", item.title, "missed", item.missed)
        }

        for item in knowledgeShares {
            ratio("knowledge-sharing", item.title, "sessions held, of cases started", item.held)
            amount("knowledge-sharing", item.title, "attendance, total", item.attendance, basis: "\(item.held.numerator) sessions")
            amount("knowledge-sharing", item.title, "attendance, mean per session", item.meanAttendance, basis: "\(item.held.numerator) sessions")
        }

        for item in recognition { count("recognition", "", item.name, item.count) }

        let groups = outcomes.byParticipation
            ? [("participants", outcomes.participants), ("non-participants", outcomes.nonParticipants)]
            : [("everyone who returned", outcomes.participants)]
        for (group, retention) in groups {
            for (index, horizon) in retention.horizons.enumerated() {
                // A product of shares: no single numerator and denominator (the counts say each).
                rows.append(ReportRow(family: "retention", subject: group, figure: "retained \(horizon.months) months after return", value: Self.percent(horizon.retained),
                                      basis: retention.chain(upTo: index), number: horizon.retained.map(Self.round)))
            }
            for horizon in retention.horizons {
                ratio("promotion", group, "promoted within \(horizon.months) months of return", horizon.promoted)
            }
        }
        count("retention", "", "left during the assignment (not in the base)", outcomes.leftDuringAssignment)

        for comparison in outcomes.comparisons {
            for (what, items) in [("retention", comparison.retention), ("promotion", comparison.promotion)] {
                for item in items {
                    let points = item.points.map { ($0 >= 0 ? "+" : "") + Self.decimal($0) + " points" } ?? "-"
                    var basis = "\(Self.percent(item.participants)) (\(item.participantsCounted) counted) against \(Self.percent(item.others)) (\(item.othersCounted) counted)"
                    if let caution = item.caution { basis += "; " + caution }
                    if comparison.othersReturned < comparison.othersPeople {
                        basis += "; \(comparison.othersReturned) of its \(comparison.othersPeople) in the base (the others had not returned by their last known day, or left before returning)"
                    }
                    rows.append(ReportRow(family: "comparison", subject: "\(comparison.subject) against \(comparison.against)", figure: "\(what) at \(item.months) months, difference",
                                          value: points, basis: basis, number: item.points.map(Self.round)))
                    if what == "retention", comparison.against == outcomes.comparisons.first?.against { markHeadline() }
                }
            }
        }
        return rows
    }

    /// One decimal place, half away from zero: the one rounding every format uses.
    static func round(_ value: Double) -> Double { (value * 10).rounded(.toNearestOrAwayFromZero) / 10 }

    /// One decimal place, without a trailing `.0` for whole numbers.
    static func decimal(_ value: Double) -> String {
        let rounded = round(value)
        guard rounded.isFinite, abs(rounded) < 1e15 else { return "-" }
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        let tenths = Int((abs(rounded) * 10).rounded())
        return (rounded < 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }

    static func percent(_ value: Double?) -> String { value.map { decimal($0) + "%" } ?? "-" }
}

extension ProgrammeReport.Programme {
    /// The figures plugins declare, as rows.
    public var pluginRows: [ReportRow] {
        pluginFigures.map { item in
            let value: String
            switch item.figure.formula {
            case .cases: value = "\(Int(item.total))"
            case .sum: value = ProgrammeFigures.decimal(item.total)
            case .mean: value = item.value.map(ProgrammeFigures.decimal) ?? "-"
            case .share: value = ProgrammeFigures.percent(item.value)
            }
            let basis: String
            if case .share = item.figure.formula { basis = "\(Int(item.total)) of \(item.cases)" } else { basis = "over \(item.cases) " + (item.cases == 1 ? "case" : "cases") }
            return ReportRow(family: "plugin", subject: item.title, figure: "\(item.plugin): \(item.figure.name)", value: value,
                             basis: basis + " (\(item.figure.formula.words))", number: item.value.map(ProgrammeFigures.round))
        }
    }
}

extension ProgrammeFigures {
    /// `84.5%`, or `-` when nothing is counted: as every output of the report shows it.
    public static func percentText(_ value: Double?) -> String { percent(value) }

    /// One decimal place, whole numbers without `.0`.
    public static func decimalText(_ value: Double) -> String { decimal(value) }
}
