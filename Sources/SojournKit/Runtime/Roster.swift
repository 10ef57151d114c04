/// A person HR keeps on the roster: who can mentor or coach, where they have worked.
public struct RosterPerson: Sendable, Hashable, Codable {
    /// An assignment abroad.
    public struct Assignment: Sendable, Hashable, Codable {
        public var country: String
        public var from: CalendarDate
        /// `nil` while still on it.
        public var to: CalendarDate?

        public init(country: String, from: CalendarDate, to: CalendarDate?) {
            self.country = country
            self.from = from
            self.to = to
        }
    }

    public var email: String
    public var name: String
    public var country: String?
    public var timezone: String?
    public var unit: String?
    public var languages: [String]
    public var assignments: [Assignment]
    /// How many people they can take at once.
    public var capacity: Int
    public var active: Bool
    /// The language messages to them are written in (`de`, `pt-br`), when the workflow
    /// gives wordings in it.
    public var locale: String?
    /// Whether their reminders come as one daily digest (`true`) or one by one
    /// (`false`); `nil`: as the workflow says.
    public var digest: Bool?

    public init(email: String, name: String, country: String? = nil, timezone: String? = nil, unit: String? = nil, languages: [String] = [], assignments: [Assignment] = [], capacity: Int = 1, active: Bool = true) {
        self.email = email
        self.name = name
        self.country = country
        self.timezone = timezone
        self.unit = unit
        self.languages = languages
        self.assignments = assignments
        self.capacity = capacity
        self.active = active
    }

    /// `Name <email>`, as cases record people.
    public var person: String { "\(name) <\(email)>" }
}

/// What a plugin may read beyond its case: the roster and who is paired with whom. Read
/// only; the engine writes pairings when a plugin binds a role.
public protocol RosterService: Sendable {
    /// Everyone on the roster, active or not.
    func people() -> [RosterPerson]
    /// How many open cases have `email` in `role` now.
    func activePairings(of email: String, role: String) -> Int
    /// Whether `email` has been paired in `role` with the employee `employee` before.
    func pairedBefore(_ email: String, role: String, employee: String) -> Bool
    /// The roster entry of `email` (any case), or `nil`.
    func person(email: String) -> RosterPerson?
    /// Open pairings in `role` by lowercased email, everyone at once: for ranking a large
    /// roster without asking about each person. `nil` when the roster cannot say.
    func openPairings(role: String) -> [String: Int]?
}

// MARK: - Default implementations

extension RosterService {
    public func openPairings(role: String) -> [String: Int]? { nil }

    public func person(email: String) -> RosterPerson? {
        let key = email.lowercased()
        return people().first { $0.email.lowercased() == key }
    }
}

/// A roster with nobody on it.
public struct EmptyRoster: RosterService {
    public init() {}
    public func people() -> [RosterPerson] { [] }
    public func activePairings(of email: String, role: String) -> Int { 0 }
    public func pairedBefore(_ email: String, role: String, employee: String) -> Bool { false }
}

/// A message for people, queued in the outbox (`sojourn outbox`).
public struct OutgoingMessage: Sendable, Hashable, Codable {
    /// Roles of the case (`mentor`), or addresses.
    public var to: [String]
    public var subject: String
    public var body: String

    public init(to: [String], subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}
