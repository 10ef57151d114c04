public import SojournKit

/// A case as stored: who and what it is about, and where it stands.
public struct StoredCase: Sendable, Hashable {
    /// Short and typeable: six characters such as `k7m2q9`.
    public var id: String
    public var workflowHash: String
    /// The pinned holiday calendar, or `nil` for weekends only.
    public var calendarHash: String?
    public var openedOn: CalendarDate
    public var fields: [String: PluginValue]
    /// The people playing the case's roles (`mentor` → `Ana Lima <ana@example.com>`).
    public var people: [String: String]
    /// Every phase, step and occurrence, with the case's state and the date it was last
    /// advanced to (as stored: see `CaseService.effectiveDate` for idle cases).
    public var progress: CaseProgress
    /// Incremented by every change; guards against lost updates.
    public var version: Int
    /// Who the case is about, for listings (the first person field, else the id).
    public var label: String
    /// What identifies the case to HR: an external reference, or the workflow, employee
    /// and departure; a rerun of an import opens only cases whose key is not there.
    public var key: CaseKey?
    /// Why the last bulk advance could not advance it, if it could not.
    public var failure: String?
    /// The calendars its phases and steps name for themselves, pinned when it opened:
    /// the hash of each, by what the workflow names (`home_country`, `JP`).
    public var calendarHashes: [String: String] = [:]

    public init(id: String, workflowHash: String, calendarHash: String?, openedOn: CalendarDate, fields: [String: PluginValue], people: [String: String], progress: CaseProgress, version: Int, label: String, key: CaseKey? = nil, failure: String? = nil) {
        self.id = id
        self.workflowHash = workflowHash
        self.calendarHash = calendarHash
        self.openedOn = openedOn
        self.fields = fields
        self.people = people
        self.progress = progress
        self.version = version
        self.label = label
        self.key = key
        self.failure = failure
    }

    /// The earliest next moment of its phases and steps: when it next has something to
    /// do without anyone's input; `nil` when it only waits for input (or is closed).
    public var nextMoment: CalendarDate? {
        let phases = progress.phases.values.compactMap(\.nextMoment).min()
        let steps = progress.steps.values.compactMap(\.nextMoment).min()
        switch (phases, steps) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }
}

/// What identifies a case to HR, so that the same row imported twice opens one case.
public enum CaseKey: Sendable, Hashable, CustomStringConvertible {
    /// HR's own reference (a column of the import).
    case external(String)
    /// The workflow, the employee and the departure (see `CaseService.naturalKey`).
    case natural(String)

    public var description: String {
        switch self {
        case .external(let text): "reference \(text)"
        case .natural(let text): text
        }
    }
}
