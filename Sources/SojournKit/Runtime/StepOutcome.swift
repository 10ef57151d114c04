/// What a plugin answers when the engine calls it.
public struct StepOutcome: Sendable, Hashable {
    /// Where the step (or the occurrence) stands.
    public enum Status: Sendable, Hashable {
        /// Done; what follows may start.
        case completed
        /// Finished without happening (a session not held): an occurrence that ends this
        /// way is `missed`, never counted as done. A step that does not repeat completes.
        case missed
        /// Waiting for someone to record input.
        case waiting
        /// Something went wrong that input cannot fix; the step stops until `sojourn retry`.
        case failed(String)
    }

    public var status: Status
    /// What the step publishes for conditions and reports (replacing earlier outputs).
    /// Keep these small: they are read with the case every time it changes.
    public var outputs: [String: PluginValue]
    /// What the step worked out for people to read, too large or too detailed for
    /// outputs (a match's full ranking): kept once, with the event that records the
    /// step's (or occurrence's) completion (`sojourn history`), and never read back with
    /// the case. Details of a waiting outcome are not kept.
    public var details: [String: PluginValue]
    /// What input the step expects, when waiting.
    public var request: InputRequest?
    /// A date on which to call the plugin's `timePassed` (an escalation, a deadline).
    public var wakeUp: CalendarDate?
    /// When what the step now waits for is due, replacing the step's `due:` (goals: the
    /// next open goal's target). The step is overdue once this passes; `nil` keeps it.
    public var due: CalendarDate?
    /// People to bind to roles of the case (`mentor` → `Bo Berg <bo@example.com>`).
    public var bind: [String: String]
    /// Roles whose pairing ends (the person stays in the history).
    public var release: [String]
    /// Messages to queue in the outbox.
    public var messages: [OutgoingMessage]
    /// Ends the whole case (an outcome recording that the employee left the company):
    /// every step not finished stops, as with `sojourn end`.
    public var endsCase: CaseEnding?

    public init(status: Status, outputs: [String: PluginValue] = [:], details: [String: PluginValue] = [:], request: InputRequest? = nil, wakeUp: CalendarDate? = nil, due: CalendarDate? = nil, bind: [String: String] = [:], release: [String] = [], messages: [OutgoingMessage] = [], endsCase: CaseEnding? = nil) {
        self.status = status
        self.outputs = outputs
        self.details = details
        self.request = request
        self.wakeUp = wakeUp
        self.due = due
        self.bind = bind
        self.release = release
        self.messages = messages
        self.endsCase = endsCase
    }

    /// Done, publishing `outputs` (and `details` for people to read).
    public static func completed(_ outputs: [String: PluginValue] = [:], details: [String: PluginValue] = [:]) -> StepOutcome {
        StepOutcome(status: .completed, outputs: outputs, details: details)
    }

    /// Finished without happening (a session missed), publishing `outputs`.
    public static func missed(_ outputs: [String: PluginValue] = [:]) -> StepOutcome {
        StepOutcome(status: .missed, outputs: outputs)
    }

    /// Waiting for `request`, optionally to be called again on `wakeUp`.
    public static func waiting(for request: InputRequest, outputs: [String: PluginValue] = [:], wakeUp: CalendarDate? = nil) -> StepOutcome {
        StepOutcome(status: .waiting, outputs: outputs, request: request, wakeUp: wakeUp)
    }

    /// Failed with a message saying what went wrong.
    public static func failed(_ message: String) -> StepOutcome {
        StepOutcome(status: .failed(message))
    }
}

/// The input a waiting step expects: shown by `sojourn status` and `sojourn agenda`.
public struct InputRequest: Sendable, Hashable, Codable {
    /// One line saying what to do: `Mark the task done`.
    public var prompt: String
    /// The values `sojourn record --set` accepts.
    public var fields: [InputField]

    public init(_ prompt: String, fields: [InputField] = []) {
        self.prompt = prompt
        self.fields = fields
    }
}

/// One value a step accepts.
public struct InputField: Sendable, Hashable, Codable {
    public var name: String
    /// `text`, `number`, `yes-no`, `date`, `list` or a choice's options.
    public var kind: String
    public var required: Bool
    public var summary: String

    public init(_ name: String, _ kind: String, required: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.summary = summary
    }
}

/// Recorded input a plugin refuses: nothing is stored and the message is shown.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what to record instead.
    public var message: String
    /// The input key concerned, if one.
    public var key: String?

    public init(_ message: String, key: String? = nil) {
        self.message = message
        self.key = key
    }

    public var description: String { key.map { "\($0): \(message)" } ?? message }
}

/// State for a plugin that keeps none.
public struct NoState: Codable, Sendable, Hashable, PluginState {
    public init() {}
}

/// A plugin's state between calls: stored with the step (encoded by
/// `PluginValueEncoder`, so any `Codable` type works).
public protocol PluginState: Codable, Sendable {
    /// The state before the step starts.
    init()
}

/// Input for a plugin that takes none beyond being marked done.
public struct NoInput: Decodable, Sendable, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {
        _ = try? decoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
