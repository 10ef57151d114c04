public import SojournKit

extension CaseService {
    /// What advancing did.
    public struct AdvanceReport: Sendable {
        /// Cases that changed, with the events written for each, in order.
        public var changed: [(caseID: String, events: [CaseEvent])] = []
        /// Cases brought to the date, whether or not anything happened to them.
        public var examined = 0
        /// Cases that had something due and were run.
        public var run = 0
        /// Events written in all.
        public var eventCount = 0
        /// Cases that could not be advanced, with why; nothing of theirs was written, and
        /// each is marked (`sojourn list --state failed`). The others were advanced.
        public var failures: [(caseID: String, message: String)] = []
        /// Steps whose plugin failed while advancing, by case (`sojourn retry` starts
        /// them again); the rest of each case went on.
        public var failedSteps: [(caseID: String, step: String, message: String)] = []

        public init() {}
    }

    /// What would happen to a case by `date`, without writing anything: simulates the
    /// case forward in time.
    public func simulate(_ caseID: String, to date: CalendarDate) throws -> [CaseEvent] {
        try store.read { reader in
            guard let stored = try load(caseID, from: reader, advancedTo: try reader.advancedTo()) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            var engine = try engine(for: stored, reader: reader)
            do {
                try engine.advance(to: date)
            } catch let error as EngineError {
                throw ServiceError(error.message, diagnostics: error.diagnostics)
            }
            return engine.events
        }
    }

    /// Which cases to advance.
    public enum Selection: Sendable {
        case cases([String])
        /// Every open case: those with something due by the date (found by the timer
        /// index) are run, the others count as advanced without being touched.
        case allOpen
    }

    /// Brings cases to `date`. Named cases each get their own transaction. A bulk
    /// advance runs the due cases in batches of `batchSize` to a transaction, each case
    /// in its own savepoint: a case that cannot be read, or that fails, is undone alone,
    /// reported and marked, and the rest of its batch goes on. A crash leaves each case
    /// before or after its batch. Advancing again to the same date writes nothing.
    ///
    /// - Parameters:
    ///   - keepEvents: whether to return every event (for printing); bulk runs count them.
    ///   - progress: called after each batch with the cases run so far, and how many
    ///     will be run in all.
    public func advance(_ selection: Selection, to date: CalendarDate, keepEvents: Bool = true, batchSize: Int = 200, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) throws -> AdvanceReport {
        var total = 0
        var report = AdvanceReport()
        func run(_ batch: [String], bulk: Bool) throws {
            let recordedAt = clock.now()
            let results = try store.write { writer in
                let advancedTo = try writer.advancedTo()
                return try batch.map { id -> (String, Result<[CaseEvent], ServiceError>) in
                    do {
                        let events = try writer.savepoint {
                            try change(id, in: writer, recordedAt: recordedAt, advancedTo: advancedTo) { engine in try engine.advance(to: date) }
                        }
                        return (id, .success(events))
                    } catch {
                        let failure = Self.serviceError(error, caseID: id)
                        if bulk { try writer.noteFailure(of: id, failure.message) }
                        return (id, .failure(failure))
                    }
                }
            }
            for (id, result) in results {
                report.run += 1
                switch result {
                case .success(let events) where !events.isEmpty:
                    report.eventCount += events.count
                    report.changed.append((id, keepEvents ? events : []))
                    for event in events where event.kind == .stepFailed {
                        report.failedSteps.append((id, event.step ?? "?", event.data["message"]?.text ?? ""))
                    }
                case .success:
                    break
                case .failure(let error):
                    report.failures.append((id, error.message))
                }
            }
            progress(report.run, total)
        }
        switch selection {
        case .cases(let ids):
            total = ids.count
            for id in ids {
                let exists = try store.read { reader in try reader.caseExists(id) }
                guard exists else {
                    report.failures.append((id, Self.noSuchCase(id)))
                    continue
                }
                try run([id], bulk: false)
            }
            report.examined = report.run
        case .allOpen:
            let (due, open) = try store.read { reader in (try reader.caseIDs(dueBy: date), try reader.openCaseCount()) }
            total = due.count
            var start = 0
            while start < due.count {
                let end = min(start + batchSize, due.count)
                try run(Array(due[start..<end]), bulk: true)
                start = end
            }
            // Every open case now counts as being at the date, without being written.
            try store.write { writer in
                if try writer.advancedTo().map({ $0 < date }) ?? true { try writer.setAdvancedTo(date) }
            }
            report.examined = max(open, report.run)
        }
        return report
    }

    /// An error from advancing or changing a case, as a `ServiceError` naming the case.
    static func serviceError(_ error: any Error, caseID: String) -> ServiceError {
        switch error {
        case let error as ServiceError: error
        case let error as EngineError: ServiceError(error.message, diagnostics: error.diagnostics)
        case let error as UnreadableCase: ServiceError(error.description)
        case let error as StoreConflict: ServiceError(error.description)
        default: ServiceError("case \(caseID) cannot be advanced: \(error)")
        }
    }
}
