public import SojournKit

extension CaseService {
    /// What advancing did.
    public struct AdvanceReport: Sendable {
        /// Cases that changed, with the events written for each, in order.
        public var changed: [(caseID: String, events: [CaseEvent])] = []
        /// Cases looked at.
        public var examined = 0
        /// Events written in all.
        public var eventCount = 0
        /// Cases that could not be advanced, with why. The others were.
        public var failures: [(caseID: String, message: String)] = []

        public init() {}
    }

    /// What would happen to a case by `date`, without writing anything: simulates the
    /// case forward in time.
    public func simulate(_ caseID: String, to date: CalendarDate) throws -> [CaseEvent] {
        try store.read { reader in
            guard let stored = try reader.loadCase(caseID) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
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
        /// Every open case, read a page at a time so memory does not grow with their number.
        case allOpen
    }

    /// Brings cases to `date`, each case in its own transaction (several to a
    /// transaction when advancing all, for speed: a crash leaves each case before or
    /// after its batch). Advancing again to the same date writes nothing.
    ///
    /// - Parameters:
    ///   - keepEvents: whether to return every event (for printing); bulk runs count them.
    ///   - progress: called after each batch with the cases done so far.
    public func advance(_ selection: Selection, to date: CalendarDate, keepEvents: Bool = true, batchSize: Int = 200, progress: (Int) -> Void = { _ in }) throws -> AdvanceReport {
        var report = AdvanceReport()
        func run(_ batch: [String]) throws {
            let recordedAt = clock.now()
            let results = try store.write { writer in
                try batch.map { id -> (String, Result<[CaseEvent], ServiceError>) in
                    do {
                        let events = try change(id, in: writer, recordedAt: recordedAt) { engine in try engine.advance(to: date) }
                        return (id, .success(events))
                    } catch let error as ServiceError {
                        return (id, .failure(error))
                    } catch let error as EngineError {
                        return (id, .failure(ServiceError(error.message, diagnostics: error.diagnostics)))
                    }
                }
            }
            for (id, result) in results {
                report.examined += 1
                switch result {
                case .success(let events) where !events.isEmpty:
                    report.eventCount += events.count
                    report.changed.append((id, keepEvents ? events : []))
                case .success:
                    break
                case .failure(let error):
                    report.failures.append((id, error.message))
                }
            }
            progress(report.examined)
        }
        switch selection {
        case .cases(let ids):
            for id in ids {
                let exists = try store.read { reader in try reader.caseExists(id) }
                guard exists else {
                    report.failures.append((id, "there is no case '\(id)'; 'sojourn list' shows the cases"))
                    continue
                }
                try run([id])
            }
        case .allOpen:
            // Cases with nothing to do by the date just move to it; only the others are
            // loaded and run, a page at a time.
            let idle = try store.write { writer in try writer.moveIdleCases(to: date) }
            report.examined += idle
            progress(report.examined)
            var last: String?
            while true {
                let page = try store.read { reader in try reader.caseIDs(after: last, limit: batchSize, dueBy: date) }
                guard let final = page.last else { break }
                try run(page)
                last = final
            }
        }
        return report
    }
}
