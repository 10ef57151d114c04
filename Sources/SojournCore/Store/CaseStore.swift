public import SojournKit

/// Where cases live. SQLite (`SojournSQLite`) is the embedded default; a server store
/// for several engine processes on several machines would implement the same protocol.
///
/// A case is stored as rows: the case itself, one per phase, one per step, one per
/// occurrence of a repeating step, one per role someone plays; and its events. A change
/// writes only the rows it changed (`CaseChange`) and its events, in the transaction of
/// the `write` it happens in.
///
/// Every phase and step row carries its *next moment*: the date something next happens
/// to it without anyone's input. `caseIDs(dueBy:)` selects cases by those dates, so a
/// bulk advance reads only the cases that have something to do.
public protocol CaseStore: Sendable {
    /// Runs `body` in one write transaction, holding the write lock from the start, so
    /// two processes never interleave reads and writes of the same case.
    func write<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T

    /// Runs `body` with a consistent read-only view.
    func read<T>(_ body: (any CaseStoreReader) throws -> T) throws -> T

    /// Runs `body` in a write transaction that is always undone: what a change would
    /// do, with nothing written (`--dry-run`).
    func rehearse<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T
    /// Rewrites the storage so that nothing removed from it remains in its files.
    func compact() throws
}

/// Reading cases.
public protocol CaseStoreReader {
    /// A pinned workflow by the hash of its text.
    func pinnedWorkflow(hash: String) throws -> PinnedWorkflow?
    /// A pinned holiday calendar by hash.
    func pinnedCalendar(hash: String) throws -> PinnedCalendar?
    /// Whether a case id is taken.
    func caseExists(_ id: String) throws -> Bool
    /// The hash of the workflow a case is pinned to, without reading the case.
    func workflowHash(ofCase id: String) throws -> String?
    /// A case with all its rows, or `nil` when there is none.
    ///
    /// - Throws: `UnreadableCase` when its rows cannot be read (a value out of range,
    ///   text that is not what the column holds).
    func loadCase(_ id: String) throws -> StoredCase?
    /// Open cases with a phase or step whose next moment is on or before `date`, in id
    /// order: the timer index.
    func caseIDs(dueBy date: CalendarDate) throws -> [String]
    /// Every case id in order, a page at a time (`after` is the last id of the previous page).
    func allCaseIDs(after: String?, limit: Int) throws -> [String]
    /// How many cases are open.
    func openCaseCount() throws -> Int
    /// The date the last complete bulk advance brought every open case to, if any.
    func advancedTo() throws -> CalendarDate?
    /// The case with this key (`CaseKey`), if one is open or completed.
    func caseID(withKey key: CaseKey) throws -> String?
    /// One line per case matching `filter`.
    func summaries(_ filter: CaseFilter) throws -> [CaseSummary]
    /// A case's history, oldest first.
    func events(of caseID: String) throws -> [StoredEvent]
    /// The private input of a step's events (every occurrence), in order: the event and
    /// what was kept apart from it.
    func privateInputs(of caseID: String, step: String) throws -> [(event: StoredEvent, input: [String: PluginValue])]
    /// Everything held about the person with this e-mail address (compared without case).
    func personalData(email: String) throws -> PersonalData
    /// Every role the person with this e-mail address holds, in any case.
    func parts(of email: String) throws -> [CasePart]
    /// What erasing the person with this e-mail address would touch: the names they are
    /// known by, the cases and rows that hold any of it, and the open cases they still
    /// play a part in.
    func erasureScope(email: String) throws -> ErasureScope
    /// The cases that have closed (completed, ended or cancelled), with the day they did.
    func closedCases() throws -> [ClosedCase]
    /// What waits for someone across open cases: waiting steps, open occurrences and
    /// failed steps, with who owes them.
    func agenda(_ filter: AgendaFilter) throws -> [AgendaEntry]
    /// Everyone on the roster.
    func roster() throws -> [RosterPerson]
    /// One person on the roster, by address (any case), or `nil`.
    func rosterPerson(email: String) throws -> RosterPerson?
    /// How many open pairings `email` has in `role`.
    func activePairings(of email: String, role: String) throws -> Int
    /// Open pairings in `role`, by lowercased email (those with none left out).
    func openPairings(role: String) throws -> [String: Int]
    /// Every person's open pairings, by lowercased email, then role.
    func pairingLoads() throws -> [String: [String: Int]]
    /// Whether `email` was ever paired in `role` with `employee`.
    func pairedBefore(_ email: String, role: String, employee: String) throws -> Bool
    /// Everyone (lowercased email) ever paired in `role` with `employee`.
    func pairedBefore(role: String, employee: String) throws -> Set<String>
    /// Messages in the outbox, oldest first.
    func outbox(unsentOnly: Bool) throws -> [OutboxEntry]
    /// One message, by its number.
    func outboxEntry(_ id: Int) throws -> OutboxEntry?
    /// How many cases there are of each pinned workflow, by state.
    func caseCounts() throws -> [CaseCount]
    /// The cases pinned to `workflowHashes`, each with its events of `ReportCase.kinds`,
    /// one case at a time in id order (two passes over the store, whatever the number of
    /// cases).
    func reportCases(workflowHashes: [String], _ body: (ReportCase) throws -> Void) throws
    /// Whether an input line with this key was recorded (`record --from` run again).
    func isRecorded(_ key: String) throws -> Bool
    /// Recomputes every case's event links and the journal head (`sojourn verify`).
    func verifyJournal() throws -> JournalCheck
}

/// Writing cases, inside a `write` transaction.
public protocol CaseStoreWriter: CaseStoreReader {
    /// Stores a workflow's text under its hash (once).
    func pin(_ workflow: PinnedWorkflow) throws
    /// Stores a holiday calendar under its hash (once).
    func pin(_ calendar: PinnedCalendar) throws
    /// Stores a new case with its rows and first events.
    func insert(_ stored: StoredCase, events: [CaseEvent], recordedAt: Timestamp) throws
    /// Writes the rows a change touched and appends its events.
    ///
    /// - Throws: `StoreConflict` when the case is no longer at `change.expectedVersion`
    ///   (another process changed it): nothing is written.
    func update(_ change: CaseChange, recordedAt: Timestamp) throws
    /// Runs `body` in a savepoint: when it throws, what it wrote is undone and the
    /// error passes on; the transaction goes on.
    func savepoint<T>(_ body: () throws -> T) throws -> T
    /// Notes why a bulk advance could not advance a case (`sojourn list --state failed`);
    /// `nil` clears it.
    func noteFailure(of caseID: String, _ reason: String?) throws
    /// Records that every open case has been advanced to `date`.
    func setAdvancedTo(_ date: CalendarDate) throws
    /// Notes that the input line with this key was recorded, for reruns.
    func noteRecorded(_ key: String, caseID: String, at time: Timestamp) throws
    /// Adds or replaces a person on the roster (by email).
    func save(_ person: RosterPerson) throws
    /// Marks people inactive (they keep their history).
    func deactivate(_ emails: [String]) throws
    /// Removes cases and everything of theirs (events, private input, messages, pairings);
    /// the journal head is worked out again over what remains. Returns the events removed.
    func purge(_ caseIDs: [String]) throws -> Int
    /// Replaces a person's address and names wherever cases, their histories, messages,
    /// pairings and the roster hold them, removes private input they gave, withdraws
    /// unsent messages to nobody but them, and keeps the
    /// commitment of each event rewritten in place of its salt (`JournalLink`), so that
    /// `verify` still passes once each case records the erasure. Returns the erasure
    /// (its pseudonym) and, for every case it touched, the events it rewrote.
    func erase(email: String, at time: Timestamp) throws -> (erasure: PersonErasure, events: [String: [Int]])
    /// Records that `email` now plays `role` in a case, ending whoever played it before.
    func startPairing(caseID: String, role: String, email: String, employee: String, on date: CalendarDate) throws
    /// Ends the pairings of a case: one role, or all of them.
    func endPairings(caseID: String, role: String?, on date: CalendarDate) throws
    /// Queues a message.
    @discardableResult
    func queue(_ entry: OutboxEntry) throws -> Int
    /// Marks waiting messages as gone out in the digest `digest`.
    func gather(_ parts: [Int], into digest: Int) throws
    /// Withdraws the invitations (and updates) of the series `uid` to the people `to` not
    /// yet sent: a newer version of it replaces them.
    func withdrawUnsentInvitations(caseID: String, uid: String, to: [String], at time: Timestamp) throws
    /// Withdraws the reminders and notices not yet sent about a step (or one occurrence;
    /// `nil`: all of them) that is done.
    func withdrawUnsentNotices(caseID: String, step: String, occurrence: Int?, at time: Timestamp) throws
    /// Withdraws the reminders and notices of a case not yet sent to `person` alone (they
    /// left their role).
    func withdrawUnsentNotices(caseID: String, to person: String, at time: Timestamp) throws
    /// Whether a version of the series `uid` went (or is going) to the people `to`.
    func invitationSent(caseID: String, uid: String, to: [String]) throws -> Bool
    /// Withdraws every message of a case not yet sent (the case ended).
    func withdrawUnsent(caseID: String, at time: Timestamp) throws
    /// Marks messages sent.
    func markSent(_ ids: [Int], at time: Timestamp) throws
    /// Marks a waiting message as being handed to the mail agent now, keeping its
    /// `Message-ID` (or giving it `messageID`). Commit this before the hand-over: should
    /// sojourn stop before the outcome is recorded, the message is known to be uncertain
    /// and is not sent again. Returns the `Message-ID` to send with, or `nil` when the
    /// message is no longer waiting (another process took it, or it was withdrawn).
    func claim(outboxEntry id: Int, messageID: String, at time: Timestamp) throws -> String?
    /// Records what the mail agent did with a claimed message, and clears the claim.
    func recordDelivery(of id: Int, _ outcome: DeliveryOutcome, at time: Timestamp) throws
    /// Settles a message caught half-way through a hand-over: sent (it arrived) or
    /// waiting again (it did not). Returns `false` when it was not uncertain.
    func settleUncertain(_ id: Int, sent: Bool, at time: Timestamp) throws -> Bool
}

/// Another process changed the case since it was read.
public struct StoreConflict: Error, Sendable, CustomStringConvertible {
    public var caseID: String
    public init(caseID: String) { self.caseID = caseID }
    public var description: String { "case \(caseID) was changed by another process; try again" }
}

/// A case whose rows cannot be read: what is wrong and where.
public struct UnreadableCase: Error, Sendable, CustomStringConvertible {
    public var caseID: String
    /// What is wrong: `step 'mentoring' has state 'bogus'`.
    public var problem: String

    public init(caseID: String, problem: String) {
        self.caseID = caseID
        self.problem = problem
    }

    public var description: String { "case \(caseID) cannot be read: \(problem)" }
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
    /// Its steps in file order, for queries over cases (agenda titles and owners,
    /// reports by plugin) that should not compile the workflow.
    public var steps: [StepOutline]

    public init(hash: String, workflowID: String, version: Int?, path: String, source: String, steps: [StepOutline] = []) {
        self.hash = hash
        self.workflowID = workflowID
        self.version = version
        self.path = path
        self.source = source
        self.steps = steps
    }

    /// A step of a pinned workflow, as queries over cases need it.
    public struct StepOutline: Sendable, Hashable {
        public var id: String
        /// The plugin (`uses:`).
        public var uses: String
        /// The role that owes it.
        public var owner: String?
        /// Its title, or its id.
        public var title: String

        public init(id: String, uses: String, owner: String?, title: String) {
            self.id = id
            self.uses = uses
            self.owner = owner
            self.title = title
        }
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

/// A case that has closed, and the day it did.
public struct ClosedCase: Sendable, Hashable {
    public var id: String
    public var workflowHash: String
    public var closedOn: CalendarDate

    public init(id: String, workflowHash: String, closedOn: CalendarDate) {
        self.id = id
        self.workflowHash = workflowHash
        self.closedOn = closedOn
    }
}
