public import SojournKit

/// Where a case stands: the state of every phase, step and occurrence. Stored with the
/// case as JSON; every change to it is also an event.
public struct CaseProgress: Codable, Sendable, Hashable {
    /// A case's life.
    public enum State: String, Codable, Sendable, Hashable {
        case open, completed, cancelled
    }

    public var state: State
    /// The date the case has been advanced to; it never moves backwards.
    public var asOf: CalendarDate
    public var phases: [String: PhaseProgress]
    public var steps: [String: StepProgress]

    public init(state: State, asOf: CalendarDate, phases: [String: PhaseProgress], steps: [String: StepProgress]) {
        self.state = state
        self.asOf = asOf
        self.phases = phases
        self.steps = steps
    }
}

/// A phase's progress.
public struct PhaseProgress: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
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

    public init() {}

    /// Whether what follows it may go on.
    public var isFinished: Bool { state == .completed || state == .skipped }
}

/// A step's progress.
public struct StepProgress: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
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
    /// The plugin's state, as JSON.
    public var pluginState: String?
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
    /// Reminders already due, by rule index.
    public var remindersSent: [Int] = []
    /// The occurrences of a repeating step, computed when it starts.
    public var occurrences: [OccurrenceProgress] = []

    public init() {}

    /// Whether what follows it may go on.
    public var isFinished: Bool { state == .completed || state == .skipped }
}

/// One occurrence of a repeating step.
public struct OccurrenceProgress: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, Hashable {
        /// Its date has not come.
        case scheduled
        /// Its date has come; waiting for input.
        case open
        case completed
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
    public var skipReason: String?
    public var request: InputRequest?
    public var remindersSent: [Int] = []

    public init(number: Int, date: CalendarDate, due: CalendarDate) {
        self.number = number
        self.date = date
        self.due = due
    }

    public var isFinished: Bool { state == .completed || state == .skipped }
}

// MARK: - Compact storage

// A case stores dozens of occurrences, and bulk advances read and write them for every
// case that changes; so they are stored with short keys, leaving out default values.
extension OccurrenceProgress {
    private enum Keys: String, CodingKey {
        case number = "n", date = "d", due = "u", state = "s", finished = "f", postponedFrom = "p"
        case overdue = "o", skipReason = "k", request = "q", remindersSent = "r"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        number = try container.decode(Int.self, forKey: .number)
        date = try container.decode(CalendarDate.self, forKey: .date)
        due = try container.decodeIfPresent(CalendarDate.self, forKey: .due) ?? date
        state = try container.decodeIfPresent(State.self, forKey: .state) ?? .scheduled
        finished = try container.decodeIfPresent(CalendarDate.self, forKey: .finished)
        postponedFrom = try container.decodeIfPresent(CalendarDate.self, forKey: .postponedFrom)
        overdue = try container.decodeIfPresent(Bool.self, forKey: .overdue) ?? false
        skipReason = try container.decodeIfPresent(String.self, forKey: .skipReason)
        request = try container.decodeIfPresent(InputRequest.self, forKey: .request)
        remindersSent = try container.decodeIfPresent([Int].self, forKey: .remindersSent) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(number, forKey: .number)
        try container.encode(date, forKey: .date)
        if due != date { try container.encode(due, forKey: .due) }
        if state != .scheduled { try container.encode(state, forKey: .state) }
        try container.encodeIfPresent(finished, forKey: .finished)
        try container.encodeIfPresent(postponedFrom, forKey: .postponedFrom)
        if overdue { try container.encode(overdue, forKey: .overdue) }
        try container.encodeIfPresent(skipReason, forKey: .skipReason)
        try container.encodeIfPresent(request, forKey: .request)
        if !remindersSent.isEmpty { try container.encode(remindersSent, forKey: .remindersSent) }
    }
}

extension StepProgress {
    private enum Keys: String, CodingKey {
        case state, ready, started, due, finished, overdue, pluginState, outputs, request, wakeUp, failure, skipReason, remindersSent, occurrences
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        state = try container.decodeIfPresent(State.self, forKey: .state) ?? .pending
        ready = try container.decodeIfPresent(CalendarDate.self, forKey: .ready)
        started = try container.decodeIfPresent(CalendarDate.self, forKey: .started)
        due = try container.decodeIfPresent(CalendarDate.self, forKey: .due)
        finished = try container.decodeIfPresent(CalendarDate.self, forKey: .finished)
        overdue = try container.decodeIfPresent(Bool.self, forKey: .overdue) ?? false
        pluginState = try container.decodeIfPresent(String.self, forKey: .pluginState)
        outputs = try container.decodeIfPresent([String: PluginValue].self, forKey: .outputs) ?? [:]
        request = try container.decodeIfPresent(InputRequest.self, forKey: .request)
        wakeUp = try container.decodeIfPresent(CalendarDate.self, forKey: .wakeUp)
        failure = try container.decodeIfPresent(String.self, forKey: .failure)
        skipReason = try container.decodeIfPresent(String.self, forKey: .skipReason)
        remindersSent = try container.decodeIfPresent([Int].self, forKey: .remindersSent) ?? []
        occurrences = try container.decodeIfPresent([OccurrenceProgress].self, forKey: .occurrences) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if state != .pending { try container.encode(state, forKey: .state) }
        try container.encodeIfPresent(ready, forKey: .ready)
        try container.encodeIfPresent(started, forKey: .started)
        try container.encodeIfPresent(due, forKey: .due)
        try container.encodeIfPresent(finished, forKey: .finished)
        if overdue { try container.encode(overdue, forKey: .overdue) }
        try container.encodeIfPresent(pluginState, forKey: .pluginState)
        if !outputs.isEmpty { try container.encode(outputs, forKey: .outputs) }
        try container.encodeIfPresent(request, forKey: .request)
        try container.encodeIfPresent(wakeUp, forKey: .wakeUp)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encodeIfPresent(skipReason, forKey: .skipReason)
        if !remindersSent.isEmpty { try container.encode(remindersSent, forKey: .remindersSent) }
        if !occurrences.isEmpty { try container.encode(occurrences, forKey: .occurrences) }
    }
}

extension PhaseProgress {
    private enum Keys: String, CodingKey { case state, started, finished }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        state = try container.decodeIfPresent(State.self, forKey: .state) ?? .pending
        started = try container.decodeIfPresent(CalendarDate.self, forKey: .started)
        finished = try container.decodeIfPresent(CalendarDate.self, forKey: .finished)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if state != .pending { try container.encode(state, forKey: .state) }
        try container.encodeIfPresent(started, forKey: .started)
        try container.encodeIfPresent(finished, forKey: .finished)
    }
}
