public import SojournKit

extension CaseService {
    /// A step's private input, as one reader was allowed to see it.
    public struct PrivateReading: Sendable {
        public var caseID: String
        public var step: String
        /// Who read it, as the case knows them.
        public var reader: String
        /// Each input event with private input, and that input.
        public var entries: [(event: StoredEvent, input: [String: PluginValue])]
    }

    /// Shows a step's private input (meeting notes, document numbers) to its author (the
    /// person who gave it, or the operator who recorded it for them) or to someone in a
    /// role the workflow's `private_readers:` names, and journals the reading as an event
    /// of the case, in the same transaction. Anyone else is refused and nothing is written.
    public func readPrivate(_ caseID: String, step: String, by actor: String) throws -> PrivateReading {
        try Self.checkLines(actor: actor, note: nil)
        let recordedAt = clock.now()
        return try store.write { writer in
            guard let stored = try load(caseID, from: writer, advancedTo: try writer.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID, writer: writer)) }
            let workflow = try engine(for: stored, reader: writer).workflow
            guard workflow.step(step) != nil else {
                throw ServiceError("case \(caseID) has no step '\(step)'\(Suggestions.didYouMean(step, among: workflow.steps.map(\.id.value)))")
            }
            let entries = try writer.privateInputs(of: caseID, step: step)
            guard !entries.isEmpty else {
                let erased = try writer.events(of: caseID).contains { $0.event.kind == .personalDataErased }
                throw ServiceError("step \(step) of case \(caseID) has no private input recorded"
                                   + (erased ? "; what there was may have been removed when a person was erased (sojourn history \(caseID))" : ""))
            }
            var reader = actor
            if access == .checked {
                let authors = entries.flatMap { [$0.event.event.actor, $0.event.event.data["for"]?.text].compactMap { $0 } }
                reader = try Permissions(workflow: workflow, people: stored.people, fields: stored.fields, roster: try writer.roster(), caseID: caseID)
                    .authorizeReading(privateInputOf: step, by: actor, authors: authors)
            }
            // The reading is part of the history: who read what, and when.
            let event = CaseEvent(.privateInputRead, on: stored.progress.asOf, step: step, actor: reader,
                                  data: ["events": .list(entries.map { .number(Double($0.event.sequence)) })])
            try writer.update(CaseChange(from: stored, to: stored, events: [event]), recordedAt: recordedAt)
            return PrivateReading(caseID: caseID, step: step, reader: reader, entries: entries)
        }
    }
}
