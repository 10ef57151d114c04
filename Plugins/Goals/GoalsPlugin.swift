public import SojournKit

/// SMART goals: each with a measure and a target date, progress updates, and completion
/// when every goal is met or closed with a reason.
public struct GoalsPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// How many goals must be set (default 1).
        public var minimum: Located<Int>?
        /// At most this many (default: no limit).
        public var maximum: Located<Int>?
        /// What the goals are about, shown to the owner.
        public var instructions: String?
    }

    /// A goal as recorded.
    public struct Goal: Codable, Sendable, Hashable {
        public var id: String
        /// What will be achieved.
        public var goal: String
        /// How it is measured.
        public var measure: String
        public var target: CalendarDate
        public var progress: Int?
        public var status: String?
        public var closedBecause: String?

        var isOpen: Bool { status == nil }
    }

    public struct GoalInput: Decodable, Sendable {
        public var id: Located<String>
        public var goal: String
        public var measure: String
        public var target: Located<String>
    }

    /// Setting goals, reporting progress, marking them met or closing them.
    public struct Input: Decodable, Sendable {
        public var goals: [GoalInput]?
        /// Percent done by goal id.
        public var progress: [String: Located<Int>]?
        public var met: [Located<String>]?
        /// Reasons by goal id.
        public var close: [String: String]?
    }

    public struct State: PluginState {
        public var goals: [Goal] = []
        public init() {}
    }

    public static let name = "goals"
    public static let summary = "SMART goals with a measure and a target date, progress updates, met or closed with a reason."
    public static let keyDescriptions = [
        "minimum": "How many goals must be set (default 1).",
        "maximum": "At most this many goals.",
        "instructions": "What the goals are about.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if let minimum = configuration.minimum, minimum.value < 1 { context.error("'minimum' must be at least 1", at: minimum.location) }
        if let minimum = configuration.minimum, let maximum = configuration.maximum, maximum.value < minimum.value {
            context.error("'maximum' (\(maximum.value)) is below 'minimum' (\(minimum.value))", at: maximum.location)
        }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("set", .number, "How many goals were set."),
            OutputDescription("met", .number, "How many were met."),
            OutputDescription("closed", .number, "How many were closed with a reason."),
            OutputDescription("overdue", .number, "How many open goals are past their target date."),
            OutputDescription("goals", .list, "Every goal with its measure, target, progress and status."),
        ]
    }

    static func summarize(_ state: State, today: CalendarDate) -> [String: PluginValue] {
        [
            "set": .number(Double(state.goals.count)),
            "met": .number(Double(state.goals.filter { $0.status == "met" }.count)),
            "closed": .number(Double(state.goals.filter { $0.status == "closed" }.count)),
            "overdue": .number(Double(state.goals.filter { $0.isOpen && $0.target < today }.count)),
            "goals": .list(state.goals.map { goal in
                .object([
                    "id": .text(goal.id), "goal": .text(goal.goal), "measure": .text(goal.measure), "target": .date(goal.target),
                    "progress": goal.progress.map { .number(Double($0)) } ?? .null, "status": .text(goal.status ?? "open"),
                ])
            }),
        ]
    }

    static func next(_ context: StepContext<Configuration>, _ state: State) -> StepOutcome {
        let outputs = summarize(state, today: context.today)
        let minimum = context.configuration.minimum?.value ?? 1
        if state.goals.count < minimum {
            let prompt = (context.configuration.instructions.map { "\($0). " } ?? "") + "Set at least \(minimum) SMART \(minimum == 1 ? "goal" : "goals"), each with a measure and a target date"
            return .waiting(for: InputRequest(prompt, fields: [InputField("goals", "list", required: true, "[{id, goal, measure, target: YYYY-MM-DD}]")]), outputs: outputs)
        }
        let open = state.goals.filter(\.isOpen)
        guard !open.isEmpty else { return .completed(outputs) }
        let overdue = open.filter { $0.target < context.today }
        let prompt = overdue.isEmpty
            ? "\(open.count) open \(open.count == 1 ? "goal" : "goals"): report progress, mark met, or close with a reason"
            : "overdue: " + overdue.map { "\($0.id) (target \($0.target))" }.joined(separator: ", ") + "; report progress, mark met, or close with a reason"
        // Wake up when the next open goal reaches its target, so it shows as overdue; the
        // step is due when its earliest open goal is.
        let wakeUp = open.map { $0.target.adding(days: 1) }.filter { $0 > context.today }.min()
        var outcome = StepOutcome.waiting(for: InputRequest(prompt, fields: [
            InputField("progress", "mapping", "Percent done by goal id."), InputField("met", "list", "Goal ids met."), InputField("close", "mapping", "Reasons by goal id."),
        ]), outputs: outputs, wakeUp: wakeUp)
        outcome.due = open.map(\.target).min()
        return outcome
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        next(context, state)
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        var problems: [InputProblem] = []
        for goal in input.goals ?? [] {
            if CalendarDate(goal.target.value) == nil {
                problems.append(InputProblem("goal '\(goal.id.value)': '\(goal.target.value)' is not a date; write YYYY-MM-DD", key: "goals"))
            }
            if goal.measure.allSatisfy(\.isWhitespace) || goal.goal.allSatisfy(\.isWhitespace) {
                problems.append(InputProblem("goal '\(goal.id.value)' needs what will be achieved and how it is measured", key: "goals"))
            }
        }
        for (id, percent) in (input.progress ?? [:]).sorted(by: { $0.key < $1.key }) where !(0...100).contains(percent.value) {
            problems.append(InputProblem("progress of '\(id)' is a percentage from 0 to 100, not \(percent.value)", key: "progress"))
        }
        for (id, reason) in (input.close ?? [:]).sorted(by: { $0.key < $1.key }) where reason.allSatisfy(\.isWhitespace) {
            problems.append(InputProblem("closing '\(id)' needs a reason", key: "close"))
        }
        if input.goals == nil, input.progress == nil, input.met == nil, input.close == nil {
            problems.append(InputProblem("record goals, progress, met or close", key: nil))
        }
        return problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        var updated = state
        for goal in input.goals ?? [] {
            guard !updated.goals.contains(where: { $0.id == goal.id.value }) else {
                throw InputProblem("goal '\(goal.id.value)' is already set", key: "goals")
            }
            guard let target = CalendarDate(goal.target.value) else {
                throw InputProblem("goal '\(goal.id.value)': '\(goal.target.value)' is not a date; write YYYY-MM-DD", key: "goals")
            }
            guard target > context.today else {
                throw InputProblem("goal '\(goal.id.value)': the target \(target) must be after today (\(context.today))", key: "goals")
            }
            updated.goals.append(Goal(id: goal.id.value, goal: goal.goal, measure: goal.measure, target: target))
        }
        if let maximum = context.configuration.maximum?.value, updated.goals.count > maximum {
            throw InputProblem("at most \(maximum) \(maximum == 1 ? "goal" : "goals"); this would make \(updated.goals.count)", key: "goals")
        }
        func index(_ id: String, _ key: String) throws -> Int {
            guard let index = updated.goals.firstIndex(where: { $0.id == id }) else {
                throw InputProblem("there is no goal '\(id)'\(Suggestions.didYouMean(id, among: updated.goals.map(\.id)))", key: key)
            }
            guard updated.goals[index].isOpen else { throw InputProblem("goal '\(id)' is already \(updated.goals[index].status!)", key: key) }
            return index
        }
        for (id, percent) in (input.progress ?? [:]).sorted(by: { $0.key < $1.key }) {
            updated.goals[try index(id, "progress")].progress = percent.value
        }
        for id in input.met ?? [] {
            let i = try index(id.value, "met")
            updated.goals[i].status = "met"
            updated.goals[i].progress = 100
        }
        for (id, reason) in (input.close ?? [:]).sorted(by: { $0.key < $1.key }) {
            let i = try index(id, "close")
            updated.goals[i].status = "closed"
            updated.goals[i].closedBecause = reason
        }
        state = updated
        return next(context, state)
    }

    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? {
        next(context, state)
    }
}
