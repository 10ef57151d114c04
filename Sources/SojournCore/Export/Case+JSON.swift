public import SojournKit

// The JSON forms of cases, events and agenda items printed by `--json`; documented in
// Docs/cli.md. Keys keep their order; new keys are only ever added at the end.

extension PluginValue {
    /// The value as plain JSON: dates as `YYYY-MM-DD` text.
    public var json: JSON {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .text(let s): .string(s)
        case .date(let d): .string(d.description)
        case .list(let items): .array(items.map(\.json))
        case .object(let pairs): .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
        }
    }
}

private func date(_ value: CalendarDate?) -> JSON {
    value.map { .string($0.description) } ?? .null
}

extension CaseEvent {
    public var json: JSON {
        .object([
            ("date", .string(date.description)),
            ("kind", .string(kind.rawValue)),
            ("phase", phase.map(JSON.string) ?? .null),
            ("step", step.map(JSON.string) ?? .null),
            ("occurrence", occurrence.map { .number(Double($0)) } ?? .null),
            ("actor", actor.map(JSON.string) ?? .null),
            ("summary", .string(summary)),
            ("data", PluginValue.object(data).json),
        ])
    }
}

extension StoredEvent {
    public var json: JSON {
        guard case .object(let pairs) = event.json else { return .null }
        return .object([("sequence", .number(Double(sequence))), ("case", .string(caseID))] + pairs + [("recordedAt", .string(recordedAt.description))])
    }
}

extension AgendaItem {
    /// - Parameter on: the date overdue is judged against.
    public func json(on today: CalendarDate) -> JSON {
        .object([
            ("case", .string(caseID)),
            ("label", .string(caseLabel)),
            ("step", .string(step)),
            ("occurrence", occurrence.map { .number(Double($0)) } ?? .null),
            ("title", .string(title)),
            ("kind", .string(kind.rawValue)),
            ("ownerRole", ownerRole.map(JSON.string) ?? .null),
            ("ownerPerson", ownerPerson.map(JSON.string) ?? .null),
            ("due", date(due)),
            ("overdue", .bool(kind == .failed || (due.map { $0 < today } ?? false))),
            ("prompt", .string(prompt)),
        ])
    }
}

extension CaseSummary {
    public var json: JSON {
        .object([
            ("case", .string(id)),
            ("label", .string(label)),
            ("workflow", .string(workflowID)),
            ("version", workflowVersion.map { .number(Double($0)) } ?? .null),
            ("state", .string(state.rawValue)),
            ("openedOn", .string(openedOn.description)),
            ("asOf", .string(asOf.description)),
            ("nextDue", date(nextDue)),
            ("overdue", .number(Double(overdue))),
            ("heldSince", date(heldSince)),
            ("ending", ending.map { .string($0.rawValue) } ?? .null),
        ])
    }
}

extension CaseService.CaseView {
    public var json: JSON {
        let progress = stored.progress
        return .object([
            ("case", .string(stored.id)),
            ("label", .string(stored.label)),
            ("workflow", .object([
                ("id", .string(workflow.id.value)),
                ("version", workflow.version.map { .number(Double($0)) } ?? .null),
                ("hash", .string(pinned.hash)),
                ("path", .string(pinned.path)),
            ])),
            ("state", .string(progress.state.rawValue)),
            ("openedOn", .string(stored.openedOn.description)),
            ("asOf", .string(progress.asOf.description)),
            ("fields", PluginValue.object(stored.fields).json),
            ("people", .object(stored.people.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("phases", .array(workflow.phases.map { phase in
                let state = progress.phases[phase.id.value] ?? PhaseProgress()
                return .object([
                    ("id", .string(phase.id.value)),
                    ("title", phase.title.map(JSON.string) ?? .null),
                    ("state", .string(state.state.rawValue)),
                    ("started", date(state.started)),
                    ("finished", date(state.finished)),
                    ("steps", .array(phase.steps.map { step in
                        let state = progress.steps[step.id.value] ?? StepProgress()
                        return .object([
                            ("id", .string(step.id.value)),
                            ("title", .string(step.displayTitle)),
                            ("uses", .string(step.uses.value)),
                            ("owner", step.owner.map { .string($0.value) } ?? .null),
                            ("state", .string(state.state.rawValue)),
                            ("ready", date(state.ready)),
                            ("started", date(state.started)),
                            ("due", date(state.due)),
                            ("finished", date(state.finished)),
                            ("overdue", .bool(state.overdue)),
                            ("outputs", PluginValue.object(state.outputs).json),
                            ("waitingFor", state.request.map { .string($0.prompt) } ?? .null),
                            ("failure", state.failure.map(JSON.string) ?? .null),
                            ("occurrences", .array(state.occurrences.map { occurrence in
                                .object([
                                    ("number", .number(Double(occurrence.number))),
                                    ("date", .string(occurrence.date.description)),
                                    ("due", .string(occurrence.due.description)),
                                    ("state", .string(occurrence.state.rawValue)),
                                    ("finished", date(occurrence.finished)),
                                    ("postponedFrom", date(occurrence.postponedFrom)),
                                    ("skipReason", occurrence.skipReason.map(JSON.string) ?? .null),
                                ])
                            })),
                        ])
                    })),
                ])
            })),
            ("next", .array(agenda.map { $0.json(on: progress.asOf) })),
            ("ending", progress.ending.map { .string($0.rawValue) } ?? .null),
            ("hold", progress.hold.map { .object([("since", .string($0.since.description)), ("reason", .string($0.reason))]) } ?? .null),
            ("planned", .array(forecast.entries.map { entry in
                .object([
                    ("step", .string(entry.target.step)), ("occurrence", entry.target.occurrence.map { .number(Double($0)) } ?? .null),
                    ("starts", date(entry.starts)), ("due", date(entry.due)), ("skipped", .bool(entry.skipped)),
                ])
            })),
            ("completesOn", date(forecast.completes)),
            ("phaseWaits", .object(workflow.phases.compactMap { phase in phaseWaits[phase.id.value].map { (phase.id.value, .array($0.map(JSON.string))) } })),
            ("projected", .bool(projected)),
        ])
    }
}

extension CaseForecast.Entry {
    public var json: JSON {
        .object([("starts", date(starts)), ("due", date(due)), ("skipped", .bool(skipped))])
    }
}

extension CaseForecast.Difference {
    /// `{"step", "occurrence", "before", "after"}`; `before` is null for something new,
    /// `after` for something withdrawn.
    public var json: JSON {
        .object([
            ("step", .string(target.step)),
            ("occurrence", target.occurrence.map { .number(Double($0)) } ?? .null),
            ("before", before?.json ?? .null),
            ("after", after?.json ?? .null),
        ])
    }
}

extension CaseService.Amended {
    /// `{"case", "asOf", "dryRun", "events", "schedule"}`: the events written (or that
    /// would be) and every dated step or occurrence that moves.
    public var json: JSON {
        .object([
            ("case", .string(caseID)),
            ("asOf", .string(date.description)),
            ("dryRun", .bool(dryRun)),
            ("events", .array(events.map(\.json))),
            ("schedule", .array(before.differences(to: after).map(\.json))),
        ])
    }
}
