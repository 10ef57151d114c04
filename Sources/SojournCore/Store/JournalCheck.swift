/// What `sojourn verify` found: every case's chain of event links and the database-wide
/// journal head, recomputed from the stored events.
public struct JournalCheck: Sendable, Hashable {
    /// A place where the history no longer matches its hashes.
    public struct Break: Sendable, Hashable {
        /// The case, or `nil` for the journal as a whole.
        public var caseID: String?
        /// The first event of the case that does not verify, when one is known.
        public var sequence: Int?
        /// What is wrong, in words.
        public var problem: String

        public init(caseID: String?, sequence: Int?, problem: String) {
            self.caseID = caseID
            self.sequence = sequence
            self.problem = problem
        }
    }

    /// How many cases and events were checked.
    public var cases: Int
    public var events: Int
    /// The journal head recomputed from the events, in hexadecimal: keep it elsewhere to
    /// tell later whether the history was rewritten as a whole.
    public var head: String
    /// The first break of each case, by case, then the journal's own, if any.
    public var breaks: [Break]

    public init(cases: Int, events: Int, head: String, breaks: [Break]) {
        self.cases = cases
        self.events = events
        self.head = head
        self.breaks = breaks
    }

    /// Whether everything verified.
    public var isIntact: Bool { breaks.isEmpty }
}
