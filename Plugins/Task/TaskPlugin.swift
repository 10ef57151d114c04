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
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
