public import SojournKit

/// One case as the report reads it: its row and the events figures are computed from,
/// in order. Read by `CaseStoreReader.reportCases`, one case at a time.
public struct ReportCase: Sendable {
    public var id: String
    public var workflowHash: String
    public var state: CaseProgress.State
    public var ending: CaseEnding.Reason?
    /// The date the case has reached (`CaseService.effectiveDate`).
    public var asOf: CalendarDate
    /// The earliest date something is waiting for, for an open case.
    public var nextMoment: CalendarDate?
    public var openedOn: CalendarDate
    public var fields: [String: PluginValue]
    /// Each step's current outputs, by step id.
    public var outputs: [String: [String: PluginValue]]
    /// The events of `ReportCase.kinds`, in the case's order.
    public var events: [CaseEvent]

    public init(id: String, workflowHash: String, state: CaseProgress.State, ending: CaseEnding.Reason?, asOf: CalendarDate, nextMoment: CalendarDate?,
                openedOn: CalendarDate, fields: [String: PluginValue], outputs: [String: [String: PluginValue]], events: [CaseEvent]) {
        self.id = id
        self.workflowHash = workflowHash
        self.state = state
        self.ending = ending
        self.asOf = asOf
        self.nextMoment = nextMoment
        self.openedOn = openedOn
        self.fields = fields
        self.outputs = outputs
        self.events = events
    }

    /// The kinds of event a report reads; the others (waiting messages, phases, queued
    /// mail, reminders) are left in the store.
    public static let kinds: [CaseEvent.Kind] = [
        .stepStarted, .stepCompleted, .stepSkipped, .inputRecorded, .duePostponed, .stepRescheduled,
        .occurrenceOpened, .occurrenceCompleted, .occurrenceMissed, .occurrencePostponed, .occurrenceSkipped,
        .roleBound, .roleReleased, .caseHeld, .caseResumed, .caseEnded, .caseCompleted, .caseCancelled,
    ]
}
