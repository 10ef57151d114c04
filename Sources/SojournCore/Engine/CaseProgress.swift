public import SojournKit

/// Where a case stands: the state of every phase, step and occurrence. Stored as one row
/// per phase, step and occurrence (see `CaseStore`); every change to it is also an event.
public struct CaseProgress: Sendable, Hashable {
    /// A case's life.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case open, completed, cancelled
        /// Ended early (`sojourn end`): `ending` says why.
        case ended
    }

    public var state: State
    /// The date the case has been advanced to; it never moves backwards.
    public var asOf: CalendarDate
    public var phases: [String: PhaseProgress]
    public var steps: [String: StepProgress]
    /// Why it ended early, when it did.
    public var ending: CaseEnding.Reason?
    /// Since when, and why, it is on hold (`sojourn hold`); `nil` when it runs.
    public var hold: CaseHold?
    /// Roles whose person was released (a nudge closing a quiet pairing) and that nobody
    /// holds since: what they owe cannot happen until someone is reassigned.
    public var vacantRoles: Set<String> = []

    public init(state: State, asOf: CalendarDate, phases: [String: PhaseProgress], steps: [String: StepProgress], ending: CaseEnding.Reason? = nil, hold: CaseHold? = nil) {
        self.state = state
        self.hold = hold
        self.ending = ending
        self.asOf = asOf
        self.phases = phases
        self.steps = steps
    }
}

/// A phase's progress.
public struct PhaseProgress: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for the phases it follows or its start date.
        case pending
        case active
        case completed
        /// Its `when:` was false.
        case skipped
    }

    public var state: State = .pending
    public var started: CalendarDate?
    public var finished: CalendarDate?
    /// When it next starts or completes without anyone's input, as the engine's timer
    /// index last worked it out; `nil` when that depends on something else first.
    public var nextMoment: CalendarDate?

    public init() {}

    /// Whether what follows it may go on.
    public var isFinished: Bool { state == .completed || state == .skipped }
}

/// A step's progress.
public struct StepProgress: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Waiting for its phase or the steps it follows.
        case pending
        /// What it follows is finished; waiting for its `start:` date.
        case ready
        /// Started: waiting for input, or for its occurrences.
        case active
        case completed
        /// Its `when:` was false, or someone skipped it.
        case skipped
        /// Its plugin failed; `sojourn retry` starts it again.
        case failed
    }

    public var state: State = .pending
    public var ready: CalendarDate?
    public var started: CalendarDate?
    public var due: CalendarDate?
    public var finished: CalendarDate?
    /// Whether the overdue event was written (once).
    public var overdue = false
    /// Whether its `grace:` after the due date has ended (the plugin was told).
    public var graceEnded = false
    /// The plugin's state, as `PluginValueEncoder` encodes it.
    public var pluginState: PluginValue?
    /// What the step published.
    public var outputs: [String: PluginValue] = [:]
    /// What input it waits for.
    public var request: InputRequest?
    /// When the plugin asked to be called again.
    public var wakeUp: CalendarDate?
    /// The failure message, when failed.
    public var failure: String?
    /// Why it was skipped by hand, if it was.
    public var skipReason: String?
    /// Reminders already due, by rule index, and `Step.escalationMark` once escalated.
    public var remindersSent: [Int] = []
    /// The occurrences of a repeating step, computed when it starts.
    public var occurrences: [OccurrenceProgress] = []
    /// When something next happens to it or one of its occurrences without anyone's
    /// input (it starts, falls due, reminds, wakes, an occurrence opens), as the engine's
    /// timer index last worked it out; `nil` while it waits for input or for other steps.
    public var nextMoment: CalendarDate?

    public init() {}

    /// Whether what follows it may go on.
    public var isFinished: Bool { state == .completed || state == .skipped }

    /// What it waits for someone to record, when it does: a started step that does not
    /// repeat and has asked for input. (A repeating step waits through its occurrences.)
    /// This is what puts a step on the agenda.
    public var waitingFor: InputRequest? {
        state == .active && occurrences.isEmpty ? request : nil
    }
}

/// One occurrence of a repeating step.
public struct OccurrenceProgress: Sendable, Hashable {
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Its date has not come.
        case scheduled
        /// Its date has come; waiting for input.
        case open
        case completed
        /// It did not happen (a session not held): finished, but not done.
        case missed
        case skipped
    }

    /// 1-based.
    public var number: Int
    public var date: CalendarDate
    public var due: CalendarDate
    public var state: State = .scheduled
    public var finished: CalendarDate?
    /// The date it had before being postponed.
    public var postponedFrom: CalendarDate?
    public var overdue = false
    /// Whether its step's `grace:` after the due date has ended (the plugin was told).
    public var graceEnded = false
    public var skipReason: String?
    public var request: InputRequest?
    /// As for the step: reminders due, and the escalation.
    public var remindersSent: [Int] = []

    public init(number: Int, date: CalendarDate, due: CalendarDate) {
        self.number = number
        self.date = date
        self.due = due
    }

    public var isFinished: Bool { state == .completed || state == .missed || state == .skipped }

    /// What it waits for someone to record: every open occurrence waits, for what its
    /// plugin asked or, if it asked nothing, for anything. This puts it on the agenda.
    public var waitingFor: InputRequest? {
        state == .open ? request ?? InputRequest("Record it") : nil
    }
}

