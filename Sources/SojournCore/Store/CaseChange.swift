import SojournKit

/// The rows one change to a case touched, worked out by comparing the case before and
/// after: what a store writes, and nothing else.
public struct CaseChange: Sendable {
    public var caseID: String
    /// The version the case had when it was read; the store refuses the change if it
    /// has moved since (`StoreConflict`).
    public var expectedVersion: Int
    /// The case after the change (its own row is always written: version, date, state).
    public var stored: StoredCase
    /// Phases, steps and occurrences whose rows changed or are new.
    public var phases: [String]
    public var steps: [String]
    public var occurrences: [(step: String, number: Int)]
    /// Rows that no longer exist (a migration to a workflow without them).
    public var removedPhases: [String]
    public var removedSteps: [String]
    public var removedOccurrences: [(step: String, number: Int)]
    /// Roles whose person changed or was released.
    public var roles: [String]
    public var events: [CaseEvent]

    /// The difference between `before` and `after`; `after.version` is set to the next one.
    public init(from before: StoredCase, to after: StoredCase, events: [CaseEvent]) {
        caseID = after.id
        expectedVersion = before.version
        var stored = after
        stored.version = before.version + 1
        self.stored = stored
        self.events = events
        phases = after.progress.phases.filter { before.progress.phases[$0.key] != $0.value }.map(\.key).sorted()
        removedPhases = before.progress.phases.keys.filter { after.progress.phases[$0] == nil }.sorted()
        var steps: [String] = []
        var occurrences: [(String, Int)] = []
        var removedOccurrences: [(String, Int)] = []
        for (id, new) in after.progress.steps.sorted(by: { $0.key < $1.key }) {
            guard let old = before.progress.steps[id] else {
                steps.append(id)
                occurrences += new.occurrences.map { (id, $0.number) }
                continue
            }
            if !old.sameRow(as: new) { steps.append(id) }
            if old.occurrences != new.occurrences {
                let previous = Dictionary(old.occurrences.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
                let current = Set(new.occurrences.map(\.number))
                for occurrence in new.occurrences where previous[occurrence.number] != occurrence {
                    occurrences.append((id, occurrence.number))
                }
                removedOccurrences += old.occurrences.map(\.number).filter { !current.contains($0) }.map { (id, $0) }
            }
        }
        self.steps = steps
        self.occurrences = occurrences
        self.removedOccurrences = removedOccurrences
        removedSteps = before.progress.steps.keys.filter { after.progress.steps[$0] == nil }.sorted()
        for (id, old) in before.progress.steps where after.progress.steps[id] == nil {
            self.removedOccurrences += old.occurrences.map { (id, $0.number) }
        }
        roles = Set(before.people.keys).union(after.people.keys).filter { before.people[$0] != after.people[$0] }.sorted()
    }

    /// Whether anything but the case's own row changed.
    public var touchesRows: Bool {
        !(phases.isEmpty && steps.isEmpty && occurrences.isEmpty && removedPhases.isEmpty && removedSteps.isEmpty && removedOccurrences.isEmpty && roles.isEmpty)
    }
}

extension StepProgress {
    /// Whether two states would store the same step row (occurrences have rows of their own).
    func sameRow(as other: StepProgress) -> Bool {
        state == other.state && ready == other.ready && started == other.started && due == other.due && finished == other.finished
            && overdue == other.overdue && pluginState == other.pluginState && outputs == other.outputs && request == other.request
            && wakeUp == other.wakeUp && failure == other.failure && skipReason == other.skipReason && remindersSent == other.remindersSent
            && nextMoment == other.nextMoment
    }
}
