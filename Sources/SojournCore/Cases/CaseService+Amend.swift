public import SojournKit
import SojournLanguage

extension CaseService {
    /// What an amendment or a reassignment did, or would do with `dryRun`.
    public struct Amended: Sendable {
        public var caseID: String
        /// The date it took effect.
        public var date: CalendarDate
        public var events: [CaseEvent]
        /// The case's dates from then on, before and after the change.
        public var before: CaseForecast
        public var after: CaseForecast
        /// Whether nothing was written (`--dry-run`).
        public var dryRun: Bool
    }

    /// Gives a case's fields new values (as text, as `open` takes them) on `date`, and
    /// re-dates what has not finished (`CaseEngine.amend`). With `dryRun`, everything is
    /// worked out in a transaction that is then undone.
    ///
    /// - Throws: `ServiceError` for an unknown field, a value of the wrong type, the
    ///   field that chooses the holiday calendar, a case that is not open, or a date
    ///   the new values leave impossible to work out; nothing changes then.
    public func amend(_ caseID: String, fields: [String: String], reason: String, by actor: String, on date: CalendarDate?, dryRun: Bool = false) throws -> Amended {
        try Self.checkLines(actor: actor, note: ("--reason", reason))
        return try changeWithForecast(caseID, on: date, dryRun: dryRun, by: actor, doing: "amend the case") { engine, when, actor throws(EngineError) in
            let values = try Self.amendedValues(fields, workflow: engine.workflow)
            try engine.amend(values, reason: reason, by: actor, on: when)
        }
    }

    /// Puts someone new in a role of a case on `date` (a mentor who leaves, a new
    /// manager): the pairing of the person who held it ends, the new one's starts.
    public func reassign(_ caseID: String, role: String, to person: String, reason: String, by actor: String, on date: CalendarDate?, dryRun: Bool = false) throws -> Amended {
        try Self.checkLines(actor: actor, note: ("--reason", reason))
        let parsed: String
        switch Person.parse(person) {
        case .success(let found): parsed = found.description
        case .failure(let error): throw ServiceError("--to: \(error.message)")
        }
        return try changeWithForecast(caseID, on: date, dryRun: dryRun, by: actor, doing: "reassign \(role)") { engine, when, actor throws(EngineError) in
            try engine.reassign(role, to: parsed, reason: reason, by: actor, on: when)
        }
    }

    /// Runs an operator's change and forecasts the case before and after it; `body`
    /// gets the actor as the case knows them.
    private func changeWithForecast(_ caseID: String, on date: CalendarDate?, dryRun: Bool, by actor: String, doing what: String,
                                    _ body: @escaping (inout CaseEngine, CalendarDate, String) throws(EngineError) -> Void) throws -> Amended {
        let recordedAt = clock.now()
        let work = { (writer: any CaseStoreWriter) throws -> Amended in
            guard let stored = try load(caseID, from: writer, advancedTo: try writer.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID)) }
            let when = date ?? max(clock.today(), stored.progress.asOf)
            let roster = access == .checked ? try writer.roster() : []
            var before = CaseForecast(entries: []), after = CaseForecast(entries: [])
            let events = try change(stored, in: writer, recordedAt: recordedAt) { engine in
                var actor = actor
                if access == .checked {
                    actor = try Permissions(workflow: engine.workflow, people: engine.people, fields: engine.fields, roster: roster, caseID: caseID).authorize(Acting(actor), for: .operate(what)).actor
                }
                do {
                    try engine.advance(to: when)
                    before = try engine.forecast()
                    try body(&engine, when, actor)
                    after = try engine.forecast()
                } catch let error as EngineError {
                    throw ServiceError(error.message, diagnostics: error.diagnostics)
                }
            }
            return Amended(caseID: caseID, date: when, events: events, before: before, after: after, dryRun: dryRun)
        }
        return dryRun ? try store.rehearse(work) : try store.write(work)
    }

    /// Field values given as text, checked against the workflow's fields.
    static func amendedValues(_ given: [String: String], workflow: Workflow) throws(EngineError) -> [String: PluginValue] {
        guard !given.isEmpty else { throw EngineError("say what changes with --field name=value, for example --field return=2028-12-01") }
        var values: [String: PluginValue] = [:]
        var problems: [String] = []
        let names = workflow.fields.map(\.name.value)
        for (name, text) in given.sorted(by: { $0.key < $1.key }) {
            guard let field = workflow.field(name) else {
                let hint = Suggestions.closest(to: name, among: names).map { "; did you mean '\($0)'?" } ?? "; the fields are \(Suggestions.list(names, conjunction: "and"))"
                problems.append("unknown field '\(name)'\(hint)")
                continue
            }
            if workflow.calendarChoices.contains(where: { $0.value == name }) {
                problems.append("field '\(name)' chooses the case's holiday calendar, which cannot change while the case runs; end the case (sojourn end CASE --reason assignment-cancelled) and open a new one")
                continue
            }
            switch field.parse(text) {
            case .success(let value): values[name] = PluginValue(value)
            case .failure(let error): problems.append("field '\(name)': \(error.message)")
            }
        }
        guard problems.isEmpty else { throw EngineError(problems.joined(separator: "\n")) }
        return values
    }
}

extension CaseForecast {
    /// A step or occurrence whose dates differ between two forecasts.
    public struct Difference: Sendable, Hashable {
        public var target: CaseEngine.Target
        /// `nil` when it is new.
        public var before: Entry?
        /// `nil` when it is withdrawn.
        public var after: Entry?
    }

    /// What differs from this forecast to `other`, in the workflow's order.
    public func differences(to other: CaseForecast) -> [Difference] {
        var result: [Difference] = []
        var seen = Set<CaseEngine.Target>()
        for entry in other.entries {
            seen.insert(entry.target)
            let old = self.entry(entry.target)
            if old != entry { result.append(Difference(target: entry.target, before: old, after: entry)) }
        }
        for entry in entries where !seen.contains(entry.target) {
            result.append(Difference(target: entry.target, before: entry, after: nil))
        }
        return result
    }
}
