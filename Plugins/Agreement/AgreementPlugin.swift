public import SojournKit

/// The expectations and ground rules both partners confirm before they start.
public struct AgreementPlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// The roles that must each confirm.
        public var parties: [Located<String>]
        /// How often and how long they meet (`weekly for 12 weeks, then every other week`).
        public var frequency: String?
        public var lengthMinutes: Located<Int>?
        public var confidentiality: String?
        /// Channels they use (`video`, `chat`, `email`).
        public var channels: [String]?
        /// Who sets the agenda.
        public var agenda: String?
        /// How they handle the time difference.
        public var timeZones: String?
        /// How each prefers to be contacted.
        public var communication: String?

        enum CodingKeys: String, CodingKey {
            case parties, frequency, lengthMinutes = "length_minutes", confidentiality, channels, agenda
            case timeZones = "time_zones", communication
        }

        var terms: [(String, String)] {
            [("frequency", frequency), ("length", lengthMinutes.map { "\($0.value) minutes" }), ("confidentiality", confidentiality),
             ("channels", channels?.joined(separator: ", ")), ("agenda", agenda), ("time zones", timeZones), ("communication", communication)]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }

    public struct Input: Decodable, Sendable {
        /// The role confirming.
        public var role: Located<String>
        /// Anything they add.
        public var note: String?
    }

    public struct State: PluginState {
        public var confirmed: [String: CalendarDate] = [:]
        public init() {}
    }

    public static let name = "agreement"
    public static let summary = "Expectations and ground rules every named party confirms."
    public static let keyDescriptions = [
        "parties": "The roles that must each confirm, such as [employee, mentor].",
        "frequency": "How often they meet.",
        "length_minutes": "How long a meeting lasts.",
        "confidentiality": "What stays between them.",
        "channels": "How they meet and write: video, chat, email…",
        "agenda": "Who sets the agenda.",
        "time_zones": "How they handle the time difference.",
        "communication": "How each prefers to be contacted.",
    ]

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
        if configuration.parties.isEmpty { context.error("an agreement needs at least one party in 'parties'", at: nil) }
        for party in configuration.parties { context.checkRole(party) }
        context.checkUnique(configuration.parties, what: "party")
        if configuration.terms.isEmpty {
            context.error("an agreement needs at least one term: frequency, length_minutes, confidentiality, channels, agenda, time_zones or communication", at: nil)
        }
        if let minutes = configuration.lengthMinutes, minutes.value <= 0 { context.error("'length_minutes' must be more than 0", at: minutes.location) }
    }

    /// Who besides the owner may give input.
    public static func inputRoles(for configuration: Configuration) -> [String] {
        configuration.parties.map(\.value)
    }

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("confirmed_by", .list, "The roles that confirmed."),
            OutputDescription("agreed_on", .date, "When the last party confirmed."),
            OutputDescription("terms", .text, "The terms, as one text."),
        ]
    }

    static func request(_ configuration: Configuration, _ state: State) -> InputRequest {
        let missing = configuration.parties.map(\.value).filter { state.confirmed[$0] == nil }
        let terms = configuration.terms.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
        return InputRequest("\(missing.joined(separator: " and ")) to confirm: \(terms)", fields: [
            InputField("role", missing.joined(separator: "|"), required: true, "The role confirming."),
            InputField("note", "text", "Anything they add."),
        ])
    }

    public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        .waiting(for: request(context.configuration, state))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        let parties = configuration.parties.map(\.value)
        guard !parties.contains(input.role.value) else { return [] }
        return [InputProblem("'\(input.role.value)' is not a party to this agreement\(Suggestions.didYouMean(input.role.value, among: parties)); the parties are \(Suggestions.list(parties, conjunction: "and"))", key: "role")]
    }

    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
        let parties = context.configuration.parties.map(\.value)
        let role = input.role.value
        guard state.confirmed[role] == nil else { throw InputProblem("\(role) has already confirmed", key: "role") }
        state.confirmed[role] = context.today
        let confirmed = parties.filter { state.confirmed[$0] != nil }
        let outputs: [String: PluginValue] = [
            "confirmed_by": .list(confirmed.map(PluginValue.text)),
            "terms": .text(context.configuration.terms.map { "\($0.0): \($0.1)" }.joined(separator: "; ")),
        ]
        guard confirmed.count == parties.count else {
            return .waiting(for: request(context.configuration, state), outputs: outputs)
        }
        return .completed(outputs.merging(["agreed_on": .date(context.today)]) { a, _ in a })
    }
}
