public import SojournKit

/// A pause in a case (parental leave, sick leave, a project frozen): since when, and why.
/// While a case is on hold nothing happens to it and it takes no input; `sojourn resume`
/// ends the hold (see `CaseEngine.resume`).
public struct CaseHold: Sendable, Hashable {
    /// The first day of the hold.
    public var since: CalendarDate
    /// Why, in the operator's words.
    public var reason: String

    public init(since: CalendarDate, reason: String) {
        self.since = since
        self.reason = reason
    }
}
