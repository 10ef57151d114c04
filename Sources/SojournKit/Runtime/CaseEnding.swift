/// Why a case ended before its workflow did (`sojourn end`), as reports count it.
public struct CaseEnding: Sendable, Hashable {
    /// The reasons reports tell apart.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The employee left the company: not retained.
        case leftCompany = "left-company"
        /// The assignment was called off (before departure or during it).
        case assignmentCancelled = "assignment-cancelled"
        /// The employee left the programme but not the company.
        case withdrew
        /// Anything else; say what in the note.
        case other
    }

    public var reason: Reason
    /// What happened, in HR's words.
    public var note: String?

    public init(_ reason: Reason, note: String? = nil) {
        self.reason = reason
        self.note = note
    }

    /// Whether the employee left the company, so counts as not retained.
    public var isLeaver: Bool { reason == .leftCompany }
}
