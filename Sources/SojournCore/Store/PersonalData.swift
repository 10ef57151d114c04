public import SojournKit

/// Everything the database holds about one person, found by their e-mail address: what
/// `sojourn person export` writes for a subject access request.
public struct PersonalData: Sendable {
    /// A case they are in: the roles they hold and the fields that name them.
    public struct CaseEntry: Sendable {
        public var id: String
        public var label: String
        public var roles: [String]
        public var fields: [String: PluginValue]

        public init(id: String, label: String, roles: [String], fields: [String: PluginValue]) {
            self.id = id
            self.label = label
            self.roles = roles
            self.fields = fields
        }
    }

    /// A pairing they were in, as mentor (coach, mentee) or as the employee.
    public struct Pairing: Sendable {
        public var caseID: String
        public var role: String
        public var person: String
        public var employee: String
        public var started: CalendarDate?
        public var ended: CalendarDate?

        public init(caseID: String, role: String, person: String, employee: String, started: CalendarDate?, ended: CalendarDate?) {
            self.caseID = caseID
            self.role = role
            self.person = person
            self.employee = employee
            self.started = started
            self.ended = ended
        }
    }

    public var email: String
    /// Their roster entry, if they have one.
    public var roster: RosterPerson?
    public var cases: [CaseEntry]
    /// Events they caused, or that name them (a role bound, a message to them).
    public var events: [StoredEvent]
    /// Private input they gave, or an operator gave for them, by event.
    public var privateInputs: [(event: StoredEvent, input: [String: PluginValue])]
    public var outbox: [OutboxEntry]
    public var pairings: [Pairing]

    public init(email: String, roster: RosterPerson?, cases: [CaseEntry], events: [StoredEvent],
                privateInputs: [(event: StoredEvent, input: [String: PluginValue])], outbox: [OutboxEntry], pairings: [Pairing]) {
        self.email = email
        self.roster = roster
        self.cases = cases
        self.events = events
        self.privateInputs = privateInputs
        self.outbox = outbox
        self.pairings = pairings
    }

    /// Whether any of it is there.
    public var isEmpty: Bool {
        roster == nil && cases.isEmpty && events.isEmpty && privateInputs.isEmpty && outbox.isEmpty && pairings.isEmpty
    }
}
