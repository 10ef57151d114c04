import SojournKit

extension Plan {
    /// The plan as JSON, in the layout Docs/cli.md documents.
    public var json: JSON {
        let completes = phases.filter { !$0.skipped }.map(\.done).max() ?? opened
        return .object([
            ("workflow", .object([
                ("id", .string(workflowID)),
                ("title", .string(workflowTitle)),
                ("version", workflowVersion.map { .number(Double($0)) } ?? .null),
            ])),
            ("opened", .string(opened.description)),
            ("completes", .string(completes.description)),
            ("fields", .object(fields.map { ($0.name, $0.value.json) })),
            ("businessCalendar", .string(businessCalendar)),
            ("phases", .array(phases.map(\.json))),
            ("timeline", .array(timeline.map(\.json))),
            ("assumptions", .array(assumptions.map(JSON.string))),
        ])
    }
}

extension PhasePlan {
    var json: JSON {
        .object([
            ("id", .string(id)),
            ("title", title.map(JSON.string) ?? .null),
            ("start", .string(start.description)),
            ("done", .string(done.description)),
            ("skipped", .bool(skipped)),
            ("steps", .array(steps.map(\.json))),
        ])
    }
}

extension StepPlan {
    var json: JSON {
        .object([
            ("id", .string(id)),
            ("title", title.map(JSON.string) ?? .null),
            ("uses", .string(uses)),
            ("owner", owner.map(JSON.string) ?? .null),
            ("start", .string(start.description)),
            ("due", due.map { .string($0.description) } ?? .null),
            ("done", .string(done.description)),
            ("skipped", .bool(skipped)),
            ("occurrences", .array(occurrences.map { occurrence in
                .object([("number", .number(Double(occurrence.number))), ("date", .string(occurrence.date.description)), ("due", .string(occurrence.due.description))])
            })),
            ("reminders", .array(reminders.map { reminder in
                .object([
                    ("date", .string(reminder.date.description)), ("rule", .string(reminder.rule)),
                    ("occurrence", reminder.occurrence.map { .number(Double($0)) } ?? .null),
                ])
            })),
        ])
    }
}

extension PlanEvent {
    var json: JSON {
        .object([
            ("date", .string(date.description)),
            ("kind", .string(kind.rawValue)),
            ("phase", .string(phase)),
            ("step", step.map(JSON.string) ?? .null),
            ("occurrence", occurrence.map { .number(Double($0)) } ?? .null),
            ("detail", detail.map(JSON.string) ?? .null),
        ])
    }
}
