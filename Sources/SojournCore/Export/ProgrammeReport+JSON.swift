import SojournKit

/// `sojourn report --format json` (documented in Docs/kpis.md): every figure with the
/// counts behind it. Percentages and means are rounded to one decimal place here, once,
/// from the exact counts.
extension ProgrammeReport {
    public var json: JSON {
        .object([
            ("options", .object([
                ("workflow", options.workflow.map(JSON.string) ?? .null), ("by", options.by.map(JSON.string) ?? .null),
                ("from", options.from.map { .string($0.description) } ?? .null), ("to", options.to.map { .string($0.description) } ?? .null),
                ("period", .string(options.period.rawValue)), ("minimumRespondents", .int(options.minimumRespondents)),
                ("compare", options.comparisonName.map(JSON.string) ?? .null),
            ])),
            ("programmes", .array(programmes.map(\.json))),
        ])
    }
}

extension ProgrammeReport.Programme {
    public var json: JSON {
        .object([
            ("workflow", .string(workflow)),
            ("title", .string(title)),
            ("reportDate", reportDate.map { .string($0.description) } ?? .null),
            ("figures", figures.json),
            ("breakdown", .array(breakdown.map { .object([("value", .string($0.value)), ("figures", $0.figures.json)]) })),
            ("breakdownOmitted", .object([("groups", .int(omitted.groups)), ("cases", .int(omitted.cases))])),
            ("trends", .array(trends.map { trend in
                .object([
                    ("step", .string(trend.step)), ("title", .string(trend.title)),
                    ("points", .array(trend.points.map { point in
                        .object([
                            ("period", .string(point.period)), ("start", .string(point.start.description)), ("end", .string(point.end.description)),
                            ("adherence", point.adherence.json), ("held", .int(point.held)), ("missed", .int(point.missed)),
                            ("activePairs", point.active.json),
                        ])
                    })),
                ])
            })),
            ("pluginFigures", .array(pluginFigures.map { item in
                .object([
                    ("step", .string(item.step)), ("plugin", .string(item.plugin)), ("name", .string(item.figure.name)),
                    ("formula", .string(item.figure.formula.words)), ("cases", .int(item.cases)),
                    ("total", .number(item.total)), ("value", JSON.rounded(item.value)),
                ])
            })),
        ])
    }
}

extension ProgrammeFigures {
    public var json: JSON {
        .object([
            ("cases", .object([
                ("total", .int(cases.total)), ("open", .int(cases.open)), ("completed", .int(cases.completed)),
                ("ended", .int(cases.ended)), ("cancelled", .int(cases.cancelled)),
                ("endedBy", .object(cases.endedBy.map { ($0.name, .int($0.count)) })),
            ])),
            ("participation", .object([
                ("eligible", participation.eligible.json), ("participating", participation.participating?.json ?? .null),
                ("notEligible", .int(participation.notEligible)), ("notMatched", .int(participation.notMatched)),
            ])),
            ("matching", .array(matching.map { item in
                .object([("step", .string(item.step)), ("title", .string(item.title)), ("matched", item.matched.json), ("daysToMatch", item.days.json), ("stayed", item.stayed.json)])
            })),
            ("sessions", .array(sessions.map { item in
                .object([
                    ("step", .string(item.step)), ("title", .string(item.title)), ("pairs", .int(item.pairs)),
                    ("due", .int(item.due)), ("held", .int(item.held)), ("missed", .int(item.missed)),
                    ("adherence", item.adherence.json), ("postponements", .int(item.postponements)),
                    ("postponedSessions", .int(item.postponedSessions)), ("hours", JSON.rounded(item.hours)),
                    ("makeUpOwedMinutes", JSON.rounded(item.owedMinutes)), ("casesOwing", .int(item.owingCases)),
                    ("activePairs", item.active.json), ("rating", item.rating.json),
                ])
            })),
            ("surveys", .array(surveys.map { item in
                .object([
                    ("step", .string(item.step)), ("title", .string(item.title)), ("response", item.response.json),
                    ("questions", .array(item.questions.map { .object([("name", .string($0.name)), ("answers", $0.mean.json)]) })),
                ])
            })),
            ("goals", .array(goals.map { item in
                .object([("step", .string(item.step)), ("title", .string(item.title)), ("cases", .int(item.cases)),
                         ("met", item.met.json), ("closed", .int(item.closed)), ("overdue", .int(item.overdue))])
            })),
            ("milestones", .array(milestones.map { item in
                .object([("step", .string(item.step)), ("title", .string(item.title)), ("cases", .int(item.cases)),
                         ("onTime", item.onTime.json), ("late", .int(item.late)), ("missed", .int(item.missed))])
            })),
            ("knowledgeSharing", .array(knowledgeShares.map { item in
                .object([("step", .string(item.step)), ("title", .string(item.title)), ("held", item.held.json),
                         ("attendance", JSON.rounded(item.attendance)), ("meanAttendance", JSON.rounded(item.meanAttendance))])
            })),
            ("recognition", .object(recognition.map { ($0.name, .int($0.count)) })),
            ("outcomes", .object([
                ("byParticipation", .bool(outcomes.byParticipation)),
                ("participants", outcomes.participants.json), ("nonParticipants", outcomes.nonParticipants.json),
                ("leftDuringAssignment", .int(outcomes.leftDuringAssignment)),
                ("comparisons", .array(outcomes.comparisons.map { comparison in
                    func differences(_ items: [Comparison.Difference]) -> JSON {
                        .array(items.map { item in
                            .object([("months", .int(item.months)), ("participants", JSON.rounded(item.participants)), ("others", JSON.rounded(item.others)),
                                     ("participantsCounted", .int(item.participantsCounted)), ("othersCounted", .int(item.othersCounted)),
                                     ("points", JSON.rounded(item.points)), ("caution", item.caution.map(JSON.string) ?? .null)])
                        })
                    }
                    return .object([("subject", .string(comparison.subject)), ("against", .string(comparison.against)),
                                    ("othersPeople", .int(comparison.othersPeople)), ("othersReturned", .int(comparison.othersReturned)),
                                    ("retention", differences(comparison.retention)), ("promotion", differences(comparison.promotion))])
                })),
            ])),
        ])
    }
}

extension Ratio {
    var json: JSON { .object([("numerator", .int(numerator)), ("denominator", .int(denominator)), ("percent", JSON.rounded(percent))]) }
}

extension Spread {
    var json: JSON { .object([("n", .int(n)), ("median", JSON.rounded(median)), ("p90", JSON.rounded(p90))]) }
}

extension Mean {
    var json: JSON {
        .object([("n", .int(n)), ("respondents", .int(respondents)), ("mean", JSON.rounded(value)), ("withheld", .bool(withheld)),
                 ("withheldToProtectAnotherGroup", .bool(protectsAnother))])
    }
}

extension Retention {
    var json: JSON {
        .object([
            ("returned", .int(returned)), ("people", .int(people)),
            ("horizons", .array(horizons.map {
                .object([("months", .int($0.months)), ("interval", $0.interval.json), ("retained", JSON.rounded($0.retained)), ("promoted", $0.promoted.json)])
            })),
        ])
    }
}

extension JSON {
    static func int(_ value: Int) -> JSON { .number(Double(value)) }

    /// A number rounded half away from zero to one decimal place, or `null`.
    static func rounded(_ value: Double?) -> JSON {
        guard let value, value.isFinite else { return .null }
        return .number(ProgrammeFigures.round(value))
    }
}
