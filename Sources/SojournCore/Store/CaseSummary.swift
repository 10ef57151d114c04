public import SojournKit

/// Which cases `sojourn list` shows.
public struct CaseFilter: Sendable {
    /// How a listing sorts cases by state: the stored states, and `failed` for cases a
    /// bulk advance could not advance or with a failed step.
    public enum State: String, Sendable, CaseIterable {
        case open, completed, cancelled, ended, failed
    }

    public var workflow: String?
    public var state: State?
    /// Only cases with something overdue on this date.
    public var overdueOn: CalendarDate?
    /// The date overdue items are counted on.
    public var on: CalendarDate

    public init(workflow: String? = nil, state: State? = nil, overdueOn: CalendarDate? = nil, on date: CalendarDate) {
        self.workflow = workflow
        self.state = state
        self.overdueOn = overdueOn
        self.on = date
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
    /// How many waiting items are past due on the filter's date.
    public var overdue: Int
    /// Why the last bulk advance could not advance it, or which step failed.
    public var failure: String?
    /// When it next has something to do without input (the earliest next moment).
    public var nextMoment: CalendarDate?
    /// Since when it is on hold, if it is.
    public var heldSince: CalendarDate?
    /// Why it ended early, when it did.
    public var ending: CaseEnding.Reason?

    public init(id: String, label: String, workflowID: String, workflowVersion: Int?, state: CaseProgress.State, openedOn: CalendarDate, asOf: CalendarDate, nextDue: CalendarDate?, overdue: Int, failure: String? = nil, nextMoment: CalendarDate? = nil) {
        self.id = id
        self.label = label
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.state = state
        self.openedOn = openedOn
        self.asOf = asOf
        self.nextDue = nextDue
        self.overdue = overdue
        self.failure = failure
        self.nextMoment = nextMoment
    }
}
