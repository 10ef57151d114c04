public import SojournKit

extension CaseService {
    /// A change someone makes to one case.
    public enum Change: Sendable {
        /// Input for a waiting step or open occurrence (a node, from `--set` or a file).
        case record(CaseEngine.Target, Node)
        case skip(CaseEngine.Target, reason: String)
        case postpone(CaseEngine.Target, to: CalendarDate)
        case retry(step: String)
        case cancel(reason: String)
        /// Ends the case early (`CaseEngine.end`).
        case end(CaseEnding)
        /// Puts the case on hold (`CaseEngine.hold`).
        case hold(reason: String)
        /// Ends a hold (`CaseEngine.resume`).
        case resume(note: String?)

        /// The reason or note it carries, which goes into the history as one line.
        var note: (option: String, text: String)? {
            switch self {
            case .skip(_, let reason), .cancel(let reason), .hold(let reason): ("--reason", reason)
            case .end(let ending): ending.note.map { ("--note", $0) }
            case .resume(let note): note.map { ("--note", $0) }
            case .record, .postpone, .retry: nil
            }
        }
    }

    /// Refuses an actor or a note that is not one safe line (`TextSafety`).
    static func checkLines(actor: String?, note: (option: String, text: String)?) throws(ServiceError) {
        if let actor, let problem = TextSafety.lineProblem(actor, limit: TextSafety.nameLimit) {
            throw ServiceError("the actor (--by or $SOJOURN_ACTOR) \(problem)")
        }
        if let note, let problem = TextSafety.lineProblem(note.text) {
            throw ServiceError("\(note.option) \(problem)")
        }
    }

    /// Applies a change on `date` (default: today, or the case's date when it is later),
    /// after advancing the case to that date, then lets the case move on that day. One
    /// transaction: refused input changes nothing at all.
    ///
    /// - Returns: the date used and the events written.
    public func apply(_ change: Change, to caseID: String, by actor: String, on date: CalendarDate?) throws -> (date: CalendarDate, events: [CaseEvent]) {
        try apply(change, to: caseID, as: Acting(actor), on: date)
    }

    /// Applies a change as `acting`, who may be an operator recording for someone else.
    public func apply(_ change: Change, to caseID: String, as acting: Acting, on date: CalendarDate?) throws -> (date: CalendarDate, events: [CaseEvent]) {
        let recordedAt = clock.now()
        return try store.write { writer in try apply(change, to: caseID, as: acting, on: date, in: writer, recordedAt: recordedAt) }
    }

    /// The same, within the caller's transaction.
    func apply(_ change: Change, to caseID: String, by actor: String, on date: CalendarDate?, in writer: any CaseStoreWriter, recordedAt: Timestamp) throws -> (date: CalendarDate, events: [CaseEvent]) {
        try apply(change, to: caseID, as: Acting(actor), on: date, in: writer, recordedAt: recordedAt)
    }

    func apply(_ change: Change, to caseID: String, as acting: Acting, on date: CalendarDate?, in writer: any CaseStoreWriter, recordedAt: Timestamp) throws -> (date: CalendarDate, events: [CaseEvent]) {
        try Self.checkLines(actor: acting.actor, note: change.note)
        try Self.checkLines(actor: acting.onBehalfOf, note: acting.reason.map { ("--reason", $0) })
        let advancedTo = try writer.advancedTo()
        guard let stored = try load(caseID, from: writer, advancedTo: advancedTo) else { throw ServiceError(Self.noSuchCase(caseID, writer: writer)) }
        let when = date ?? max(clock.today(), stored.progress.asOf)
        let roster = access == .checked ? try writer.roster() : []
        let events = try self.change(stored, in: writer, recordedAt: recordedAt) { engine in
            var actor = acting.actor
            if access == .checked {
                let permissions = Permissions(workflow: engine.workflow, people: engine.people, fields: engine.fields, roster: roster, caseID: caseID)
                if let need = change.need(in: engine.workflow) {
                    (actor, engine.delegation) = try permissions.authorize(acting, for: need)
                } else {
                    actor = try permissions.identify(acting.actor)
                }
            } else if acting.onBehalfOf != nil {
                throw ServiceError("--on-behalf-of needs a service that checks who acts")
            }
            do {
                try engine.advance(to: when)
                switch change {
                case .record(let target, let input): try engine.record(input, for: target, by: actor, on: when)
                case .skip(let target, let reason): try engine.skip(target, reason: reason, by: actor, on: when)
                case .postpone(let target, let newDate): try engine.postpone(target, to: newDate, by: actor, on: when)
                case .retry(let step): try engine.retry(step, by: actor, on: when)
                case .cancel(let reason): try engine.cancel(reason: reason, by: actor, on: when)
                case .end(let ending): try engine.end(ending, by: actor, on: when)
                case .hold(let reason): try engine.hold(reason: reason, by: actor, on: when)
                case .resume(let note): try engine.resume(note: note, by: actor, on: when)
                }
            } catch let error as EngineError {
                throw ServiceError(error.message, diagnostics: error.diagnostics)
            }
        }
        return (when, events)
    }

    /// Moves a case to a new version of its workflow, when every step and phase that has
    /// started still exists with the same plugin.
    ///
    /// - Throws: `ServiceError` listing everything that does not map; nothing changes.
    public func migrate(_ caseID: String, to opening: Opening, fields given: [String: String] = [:], by actor: String) throws -> [CaseEvent] {
        try Self.checkLines(actor: actor, note: nil)
        let recordedAt = clock.now()
        return try store.write { writer in
            guard let stored = try load(caseID, from: writer, advancedTo: try writer.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID, writer: writer)) }
            guard stored.progress.state == .open else {
                throw ServiceError("case \(caseID) is \(stored.progress.state.rawValue); only an open case can move to a new workflow version")
            }
            guard stored.workflowHash != opening.pinned.hash else {
                throw ServiceError("case \(caseID) already uses this exact workflow (\(opening.pinned.path))")
            }
            let current = try engine(for: stored, reader: writer)
            var actor = actor
            if access == .checked {
                actor = try Permissions(workflow: current.workflow, people: stored.people, fields: stored.fields, roster: try writer.roster(), caseID: caseID)
                    .authorize(Acting(actor), for: .operate("move the case to a new workflow")).actor
            }
            var problems = CaseMigration.problems(moving: stored.progress, from: current.workflow, to: opening.workflow)
            let (fields, fieldProblems) = CaseMigration.fields(stored.fields, given: given, for: opening.workflow)
            problems += fieldProblems
            guard problems.isEmpty else {
                throw ServiceError("case \(caseID) cannot move to \(opening.pinned.path):\n" + problems.map { "  - \($0)" }.joined(separator: "\n") + "\nnothing was changed")
            }
            try writer.pin(opening.pinned)
            var updated = stored
            updated.workflowHash = opening.pinned.hash
            updated.fields = fields
            var engine = CaseEngine(
                caseID: caseID, workflow: opening.workflow, fields: fields, people: stored.people,
                businessCalendar: current.businessCalendar, progress: CaseMigration.progress(stored.progress, for: opening.workflow))
            try engine.stampNextMoments()
            updated.progress = engine.progress
            let event = CaseEvent(.caseMigrated, on: stored.progress.asOf, actor: actor, data: [
                "from": .text(current.workflow.version.map(String.init) ?? stored.workflowHash.prefix(12).description),
                "to": .text(opening.workflow.version.map(String.init) ?? opening.pinned.hash.prefix(12).description),
                "fromHash": .text(stored.workflowHash), "toHash": .text(opening.pinned.hash),
                "fields": .object(fields.filter { stored.fields[$0.key] != $0.value }),
            ])
            try writer.update(CaseChange(from: stored, to: updated, events: [event]), recordedAt: recordedAt)
            return [event]
        }
    }
}

extension CaseService.Change {
    /// What the change asks of its actor (`Permissions`).
    /// `nil` for a step the workflow does not have: the engine refuses that, saying so.
    func need(in workflow: Workflow) -> Permissions.Need? {
        switch self {
        case .record(let target, _):
            return workflow.step(target.step).map { .input($0.step) }
        case .skip(let target, _):
            return workflow.step(target.step).map { .manage($0.step, "skip \(target)") }
        case .postpone(let target, _):
            return workflow.step(target.step).map { .manage($0.step, "postpone \(target)") }
        case .retry(let step): return .operate("retry \(step)")
        case .cancel: return .operate("cancel the case")
        case .end: return .operate("end the case")
        case .hold: return .operate("put the case on hold")
        case .resume: return .operate("resume the case")
        }
    }
}
