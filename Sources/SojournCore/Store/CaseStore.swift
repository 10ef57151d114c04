public import SojournKit

/// Where cases live. SQLite (`SojournSQLite`) is the embedded default; a server store
/// for several engine processes on several machines would implement the same protocol.
///
/// Every write happens inside `write`, in one transaction: a case's new state, its
/// events and its agenda lines commit together or not at all.
public protocol CaseStore: Sendable {
    /// Runs `body` in one write transaction, holding the write lock from the start, so
    /// two processes never interleave reads and writes of the same case.
    func write<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T

    /// Runs `body` with a consistent read-only view.
    func read<T>(_ body: (any CaseStoreReader) throws -> T) throws -> T
}

/// Reading cases.
public protocol CaseStoreReader {
    /// A pinned workflow by the hash of its text.
    func pinnedWorkflow(hash: String) throws -> PinnedWorkflow?
    /// A pinned holiday calendar by hash.
    func pinnedCalendar(hash: String) throws -> PinnedCalendar?
    /// Whether a case id is taken.
    func caseExists(_ id: String) throws -> Bool
    /// A case, or `nil`.
    func loadCase(_ id: String) throws -> StoredCase?
    /// Open cases with something to do by `date` (a wake date on or before it), in id
    /// order, a page at a time (`after` is the last id of the previous page).
    func caseIDs(after: String?, limit: Int, dueBy date: CalendarDate) throws -> [String]
    /// Every case id in order, a page at a time.
    func allCaseIDs(after: String?, limit: Int) throws -> [String]
    /// How many cases are open.
    func openCaseCount() throws -> Int
    /// One line per case matching `filter`.
    func summaries(_ filter: CaseFilter) throws -> [CaseSummary]
    /// A case's history, oldest first.
    func events(of caseID: String) throws -> [StoredEvent]
    /// Everything waiting for someone, across cases.
    func agenda() throws -> [AgendaItem]
    /// Everyone on the roster.
    func roster() throws -> [RosterPerson]
    /// How many open pairings `email` has in `role`.
    func activePairings(of email: String, role: String) throws -> Int
    /// Whether `email` was ever paired in `role` with `employee`.
    func pairedBefore(_ email: String, role: String, employee: String) throws -> Bool
    /// Messages in the outbox, oldest first.
    func outbox(unsentOnly: Bool) throws -> [OutboxEntry]
}

/// Writing cases, inside a `write` transaction.
public protocol CaseStoreWriter: CaseStoreReader {
    /// Stores a workflow's text under its hash (once).
    func pin(_ workflow: PinnedWorkflow) throws
    /// Stores a holiday calendar under its hash (once).
    func pin(_ calendar: PinnedCalendar) throws
    /// Stores a new case with its first events and agenda.
    func insert(_ stored: StoredCase, events: [CaseEvent], agenda: [AgendaItem], recordedAt: String) throws
    /// Stores a case's new state with the events that led to it, replacing its agenda.
    ///
    /// - Throws: `StoreConflict` when the case is no longer at `expectedVersion`
    ///   (another process changed it): nothing is written.
    func update(_ stored: StoredCase, expectedVersion: Int, events: [CaseEvent], agenda: [AgendaItem], recordedAt: String) throws
    /// Adds or replaces a person on the roster (by email).
    func save(_ person: RosterPerson) throws
    /// Marks people inactive (they keep their history).
    func deactivate(_ emails: [String]) throws
    /// Records that `email` now plays `role` in a case, ending whoever played it before.
    func startPairing(caseID: String, role: String, email: String, employee: String, on date: CalendarDate) throws
    /// Ends the pairings of a case: one role, or all of them.
    func endPairings(caseID: String, role: String?, on date: CalendarDate) throws
    /// Queues a message.
    func queue(_ entry: OutboxEntry) throws
    /// Marks messages sent.
    func markSent(_ ids: [Int], at time: String) throws
    /// Moves open cases with nothing to do by `date` to that date, without loading them.
    ///
    /// - Returns: how many cases moved.
    func moveIdleCases(to date: CalendarDate) throws -> Int
}

/// Another process changed the case since it was read.
public struct StoreConflict: Error, Sendable, CustomStringConvertible {
    public var caseID: String
    public init(caseID: String) { self.caseID = caseID }
    public var description: String { "case \(caseID) was changed by another process; try again" }
}

/// A workflow's exact text, as a case pins it.
public struct PinnedWorkflow: Sendable, Hashable {
    /// SHA-256 of the text, in hex.
    public var hash: String
    public var workflowID: String
    public var version: Int?
    /// Where the text was read from.
    public var path: String
    public var source: String

    public init(hash: String, workflowID: String, version: Int?, path: String, source: String) {
        self.hash = hash
        self.workflowID = workflowID
        self.version = version
        self.path = path
        self.source = source
    }
}

/// A holiday calendar, as a case pins it.
public struct PinnedCalendar: Sendable, Hashable, Codable {
    public var hash: String
    public var country: String
    public var firstYear: Int
    public var lastYear: Int
    /// Day numbers (days since 1970-01-01), sorted.
    public var holidays: [Int]

    public init(hash: String, country: String, firstYear: Int, lastYear: Int, holidays: [Int]) {
        self.hash = hash
        self.country = country
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.holidays = holidays
    }

    public var businessCalendar: BusinessCalendar {
        BusinessCalendar(name: country, holidays: Set(holidays.map(CalendarDate.init(dayNumber:))), years: firstYear...lastYear)
    }
}

/// A case as stored.
public struct StoredCase: Sendable {
    /// Short and typeable: six characters such as `k7m2q9`.
    public var id: String
    public var workflowHash: String
    /// The pinned holiday calendar, or `nil` for weekends only.
    public var calendarHash: String?
    public var openedOn: CalendarDate
    public var fields: [String: PluginValue]
    public var people: [String: String]
    public var progress: CaseProgress
    /// Incremented by every update; guards against lost updates.
    public var version: Int
    /// When something next happens without input (`CaseEngine.nextWakeDate`).
    public var wakeOn: CalendarDate?
    /// Who the case is about, for listings (the first person field, else the id).
    public var label: String

    public init(id: String, workflowHash: String, calendarHash: String?, openedOn: CalendarDate, fields: [String: PluginValue], people: [String: String], progress: CaseProgress, version: Int, label: String, wakeOn: CalendarDate?) {
        self.wakeOn = wakeOn
        self.id = id
        self.workflowHash = workflowHash
        self.calendarHash = calendarHash
        self.openedOn = openedOn
        self.fields = fields
        self.people = people
        self.progress = progress
        self.version = version
        self.label = label
    }
}

/// One stored event.
public struct StoredEvent: Sendable {
    /// The event's position in its case's history, from 1.
    public var sequence: Int
    public var caseID: String
    public var event: CaseEvent
    /// The wall-clock time it was written, ISO 8601 in UTC.
    public var recordedAt: String

    public init(sequence: Int, caseID: String, event: CaseEvent, recordedAt: String) {
        self.sequence = sequence
        self.caseID = caseID
        self.event = event
        self.recordedAt = recordedAt
    }
}

/// Something waiting for someone: a step or occurrence to act on, or a failed step.
public struct AgendaItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case waiting, failed }

    public var caseID: String
    public var caseLabel: String
    public var step: String
    public var occurrence: Int?
    public var title: String
    public var kind: Kind
    /// The role that owes it, and who that is in the case, when known.
    public var ownerRole: String?
    public var ownerPerson: String?
    public var due: CalendarDate?
    /// What to do (the plugin's request, or the failure).
    public var prompt: String

    public init(caseID: String, caseLabel: String, step: String, occurrence: Int?, title: String, kind: Kind, ownerRole: String?, ownerPerson: String?, due: CalendarDate?, prompt: String) {
        self.caseID = caseID
        self.caseLabel = caseLabel
        self.step = step
        self.occurrence = occurrence
        self.title = title
        self.kind = kind
        self.ownerRole = ownerRole
        self.ownerPerson = ownerPerson
        self.due = due
        self.prompt = prompt
    }
}

/// A message in the outbox.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int?
    public var caseID: String
    public var step: String?
    /// People as `Name <email>`, or addresses.
    public var to: [String]
    public var subject: String
    public var body: String
    /// The date in the case's time the message belongs to.
    public var date: CalendarDate
    /// When it was queued and, once sent, when it was sent (ISO 8601, UTC).
    public var queuedAt: String
    public var sentAt: String?

    public init(id: Int? = nil, caseID: String, step: String?, to: [String], subject: String, body: String, date: CalendarDate, queuedAt: String, sentAt: String? = nil) {
        self.id = id
        self.caseID = caseID
        self.step = step
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.queuedAt = queuedAt
        self.sentAt = sentAt
    }
}

/// Which cases `sojourn list` shows.
public struct CaseFilter: Sendable {
    public var workflow: String?
    public var state: CaseProgress.State?
    /// Only cases with something overdue on this date.
    public var overdueOn: CalendarDate?

    public init(workflow: String? = nil, state: CaseProgress.State? = nil, overdueOn: CalendarDate? = nil) {
        self.workflow = workflow
        self.state = state
        self.overdueOn = overdueOn
    }
}

/// One line of `sojourn list`.
public struct CaseSummary: Sendable, Hashable {
    public var id: String
    public var label: String
    public var workflowID: String
    public var workflowVersion: Int?
    public var state: CaseProgress.State
    public var openedOn: CalendarDate
    public var asOf: CalendarDate
    /// The earliest due date among waiting items, if any.
    public var nextDue: CalendarDate?
    /// How many waiting items are past due on the case's date.
    public var overdue: Int

    public init(id: String, label: String, workflowID: String, workflowVersion: Int?, state: CaseProgress.State, openedOn: CalendarDate, asOf: CalendarDate, nextDue: CalendarDate?, overdue: Int) {
        self.id = id
        self.label = label
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.state = state
        self.openedOn = openedOn
        self.asOf = asOf
        self.nextDue = nextDue
        self.overdue = overdue
    }
}
