public import SojournKit

/// The returnee's session for colleagues on what they saw abroad: the market, customers,
/// regulation. Records the topic, audience, date, materials and attendance.
public struct KnowledgeSharePlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// Suggested topics.
        public var topics: [String]?
        /// Who should attend.
        public var audience: String?
        /// The fewest attendees for the session to count (default 1).
        public var minAttendance: Located<Int>?
        /// Whether the presenter must acknowledge the confidentiality rules (default true).
        public var confidentiality: Bool?

        enum CodingKeys: String, CodingKey {
            case topics, audience, minAttendance = "min_attendance", confidentiality
        }
    }

    public struct Input: Decodable, Sendable {
        public var topic: String
        public var audience: String?
        public var date: Located<String>
        public var materials: [String]?
        public var attendance: Located<Int>
        /// That nothing confidential about customers or the host company was shared.
        public var confidentialityAcknowledged: Bool?

        enum CodingKeys: String, CodingKey {
            case topic, audience, date, materials, attendance, confidentialityAcknowledged = "confidentiality_acknowledged"
        }
    }

    public static let name = "knowledge-share"
    public static let summary = "The returnee's session for colleagues: topic, audience, date, materials, attendance, confidentiality."
    public static let keyDescriptions = [
        "topics": "Suggested topics: the market, customers, regulation observed abroad.",
        "audience": "Who should attend.",
        "min_attendance": "The fewest attendees for the session to count (default 1).",
        "confidentiality": "Whether the presenter must acknowledge the confidentiality rules (default true).",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if let minimum = configuration.minAttendance, minimum.value < 1 { context.error("'min_attendance' must be at least 1", at: minimum.location) }
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("topic", .text, "What the session was about."),
            OutputDescription("held_on", .date, "When it was held."),
            OutputDescription("attendance", .number, "How many attended."),
            OutputDescription("materials", .list, "Links or files shared."),
        ]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        let topics = context.configuration.topics.map { " (" + $0.joined(separator: ", ") + ")" } ?? ""
        let audience = context.configuration.audience.map { " for \($0)" } ?? ""
        return .waiting(for: defaultRequest("Hold a knowledge-sharing session\(audience)\(topics), then record it"))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        var problems: [InputProblem] = []
        if CalendarDate(input.date.value) == nil { problems.append(InputProblem("'\(input.date.value)' is not a date; write YYYY-MM-DD", key: "date")) }
        let minimum = configuration.minAttendance?.value ?? 1
        if input.attendance.value > 100_000 {
            problems.append(InputProblem("\(input.attendance.value) is more people than a session holds; give the number who attended (at most 100000)", key: "attendance"))
        } else if input.attendance.value < minimum {
            problems.append(InputProblem("\(input.attendance.value) attended; the session counts from \(minimum)", key: "attendance"))
        }
        if configuration.confidentiality ?? true, input.confidentialityAcknowledged != true {
            problems.append(InputProblem("acknowledge that nothing confidential was shared: confidentiality_acknowledged=true", key: "confidentiality_acknowledged"))
        }
        return problems
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        guard let date = CalendarDate(input.date.value) else { throw InputProblem("'\(input.date.value)' is not a date; write YYYY-MM-DD", key: "date") }
        guard date <= context.today else { throw InputProblem("the session is recorded once held; \(date) is after today (\(context.today))", key: "date") }
        return .completed([
            "topic": .text(input.topic), "held_on": .date(date), "attendance": .number(Double(input.attendance.value)),
            "materials": .list((input.materials ?? []).map(PluginValue.text)),
        ])
    }
}
