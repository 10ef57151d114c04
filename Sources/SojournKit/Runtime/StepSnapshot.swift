/// Another step of the case, as a plugin sees it.
public struct StepSnapshot: Sendable, Hashable {
    /// `pending`, `ready`, `active`, `completed`, `skipped` or `failed`.
    public var state: String
    public var started: CalendarDate?
    public var finished: CalendarDate?
    /// Occurrences completed (1 for a completed step that does not repeat).
    public var count: Int
    /// When the last occurrence (or the step) was completed.
    public var lastCompleted: CalendarDate?
    public var outputs: [String: PluginValue]
    /// The step's title as people read it (its `title:`, else its id).
    public var title: String?

    public init(state: String, started: CalendarDate?, finished: CalendarDate?, count: Int, lastCompleted: CalendarDate?, outputs: [String: PluginValue], title: String? = nil) {
        self.title = title
        self.state = state
        self.started = started
        self.finished = finished
        self.count = count
        self.lastCompleted = lastCompleted
        self.outputs = outputs
    }
}

/// The case's steps as a plugin sees them, looked up by id. Built lazily: a plugin that
/// looks at one other step pays for one, however many steps the workflow has.
public struct StepSnapshots: Sendable {
    private let lookup: @Sendable (String) -> StepSnapshot?

    /// Snapshots computed on demand by `lookup`; the engine does this.
    public init(lookup: @escaping @Sendable (String) -> StepSnapshot?) {
        self.lookup = lookup
    }

    /// Fixed snapshots, for tests and the harness.
    public init(_ snapshots: [String: StepSnapshot] = [:]) {
        self.lookup = { snapshots[$0] }
    }

    /// The step with id `id`, or `nil` when the workflow has none.
    public subscript(_ id: String) -> StepSnapshot? { lookup(id) }
}

extension StepSnapshots: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, StepSnapshot)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
