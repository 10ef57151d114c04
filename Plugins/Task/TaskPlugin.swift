public import SojournKit

/// A manual task someone marks done: read a guide, attend a training, book a visit.
/// An optional checklist lists what "done" means.
public struct TaskPlugin: StepPlugin {
    /// What `with:` holds for a task.
    public struct Configuration: Decodable, Sendable {
        /// Items to tick off; the task is done when its owner marks it done.
        public var checklist: [Located<String>]?
        /// What to do, shown to the owner.
        public var instructions: String?
        /// A link to the material or form.
        public var link: String?
    }

    /// What `sojourn record` accepts for a task: recording marks it done.
    public struct Input: Decodable, Sendable {
        /// A note about how it went.
        public var note: String?
        /// The checklist items ticked (by their text); all of them when omitted.
        public var checked: [Located<String>]?
    }

    /// The checklist items ticked so far.
    public struct State: PluginState {
        public var ticked: [String] = []
        public init() {}
    }

    public static let name = "task"
    public static let summary = "A task someone marks done, with an optional checklist."

    public static let keyDescriptions = [
        "checklist": "Items to tick off, each a short line of text.",
        "instructions": "What to do, shown to the owner.",
        "link": "A link to the material or form.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        let items = configuration.checklist ?? []
        for item in items where item.value.trimmingCharacters(in: " ").isEmpty {
            context.error("a checklist item is empty; write what to do", at: item.location)
        }
        context.checkUnique(items, what: "checklist item")
        if let checklist = configuration.checklist, checklist.isEmpty {
            context.warning("the checklist is empty; remove 'checklist' or add items", at: context.configurationLocation)
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("done_by", .text, "Who marked the task done."),
            OutputDescription("note", .text, "The note left when marking it done, if any."),
            OutputDescription("checked", .number, "How many checklist items were ticked."),
        ]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let items = context.configuration.checklist?.map(\.value) ?? []
        let prompt = items.isEmpty ? "Mark the task done" : "Mark the task done: \(items.joined(separator: "; "))"
        return .waiting(for: defaultRequest(prompt))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        let items = configuration.checklist?.map(\.value) ?? []
        let known = items.isEmpty ? "this task has no checklist" : "the items are \(items.map { "'\($0)'" }.joined(separator: ", "))"
        return (input.checked?.map(\.value) ?? []).filter { !items.contains($0) }.map { InputProblem("'\($0)' is not on the checklist; \(known)", key: "checked") }
    }

    /// Done when every checklist item is ticked: items ticked in one input count with
    /// those of the next; input without `checked` ticks them all.
    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let items = context.configuration.checklist?.map(\.value) ?? []
        let checked = input.checked?.map(\.value) ?? items
        for item in checked where !state.ticked.contains(item) { state.ticked.append(item) }
        var outputs: [String: PluginValue] = ["checked": .number(Double(state.ticked.count))]
        if let actor = context.actor { outputs["done_by"] = .text(actor) }
        if let note = input.note { outputs["note"] = .text(note) }
        let left = items.filter { !state.ticked.contains($0) }
        guard left.isEmpty else {
            return .waiting(for: defaultRequest("Still to do: \(left.joined(separator: "; "))"), outputs: outputs)
        }
        return .completed(outputs)
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
