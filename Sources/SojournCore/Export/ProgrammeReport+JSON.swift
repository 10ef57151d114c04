import Foundation
import SojournKit

extension ProgrammeReport {
    /// The report as `sojourn report --json` prints it (documented in Docs/cli.md).
    public var json: JSON {
        .array(programmes.map(\.json))
    }
}

extension ProgrammeReport.Programme {
    /// One workflow's figures as JSON.
    public var json: JSON {
        func percent(_ value: Double?) -> JSON { value.map { .number(($0 * 10).rounded() / 10) } ?? .null }
        func counts(_ items: [ProgrammeReport.Count]) -> JSON { .object(items.map { ($0.name, .number(Double($0.count))) }) }
        return .object([
            ("workflow", .string(workflow)),
            ("title", .string(title)),
            ("cases", .object([
                ("total", .number(Double(cases))), ("open", .number(Double(open))),
                ("completed", .number(Double(completed))), ("cancelled", .number(Double(cancelled))),
                ("ended", .number(Double(endedCount))), ("endedBy", counts(ended)),
            ])),
            ("eligibility", .object([
                ("answered", .number(Double(answered))), ("eligible", .number(Double(eligible))),
                ("percent", percent(eligiblePercent)),
            ])),
            ("matched", counts(matched)),
            ("sessions", .array(sessions.map { item in
                .object([
                    ("step", .string(item.step)), ("title", .string(item.title)), ("cases", .number(Double(item.cases))),
                    ("held", .number(Double(item.held))), ("missed", .number(Double(item.missed))),
                    ("attendance", percent(item.attendance)), ("averageRating", percent(item.averageRating)),
                    ("fellShort", .number(Double(item.fellShort))),
                ])
            })),
            ("surveys", .array(surveys.map { item in
                .object([
                    ("step", .string(item.step)), ("title", .string(item.title)), ("cases", .number(Double(item.cases))),
                    ("averages", .object(item.averages.map { ($0.name, percent($0.average)) })),
                ])
            })),
            ("recognition", counts(recognition)),
            ("outcomes", .array(outcomes.map { item in
                .object([
                    ("step", .string(item.step)), ("label", .string(item.label)), ("recorded", .number(Double(item.recorded))),
                    ("stillEmployed", .number(Double(item.stillEmployed))), ("promoted", .number(Double(item.promoted))),
                    ("movedRole", .number(Double(item.movedRole))),
                    ("retention", percent(item.retention)), ("promotion", percent(item.promotion)),
                ])
            })),
            ("figures", .array(figures.map { item in
                .object([
                    ("step", .string(item.step)), ("plugin", .string(item.plugin)), ("name", .string(item.figure.name)),
                    ("formula", .string(item.figure.formula.words)), ("cases", .number(Double(item.cases))),
                    ("total", .number(item.total)), ("value", item.value.map { .number(($0 * 10).rounded() / 10) } ?? .null),
                ])
            })),
        ])
    }
}
