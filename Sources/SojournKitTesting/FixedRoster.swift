public import SojournKit

/// A roster written out in a test: people, and the pairings they already have.
///
/// ```swift
/// var run = try PluginRun<MentorMatchPlugin>(configuration: "auto: true", started: day)
/// run.roster = FixedRoster([RosterPerson(email: "bo@example.com", name: "Bo Berg")])
/// ```
public struct FixedRoster: RosterService {
    /// A pairing that exists: `email` holds `role` for `employee`, open or ended.
    public struct Pairing: Sendable, Hashable {
        public var email: String
        public var role: String
        public var employee: String
        public var open: Bool

        public init(email: String, role: String = "mentor", employee: String, open: Bool = true) {
            self.email = email
            self.role = role
            self.employee = employee
            self.open = open
        }
    }

    public var everyone: [RosterPerson]
    public var pairings: [Pairing]

    public init(_ people: [RosterPerson], pairings: [Pairing] = []) {
        self.everyone = people
        self.pairings = pairings
    }

    public func people() -> [RosterPerson] { everyone }

    public func activePairings(of email: String, role: String) -> Int {
        pairings.filter { $0.open && $0.role == role && $0.email.lowercased() == email.lowercased() }.count
    }

    public func pairedBefore(_ email: String, role: String, employee: String) -> Bool {
        pairings.contains { $0.role == role && $0.email.lowercased() == email.lowercased() && $0.employee.lowercased() == employee.lowercased() }
    }
}
