public import SojournKit

/// What HR records after return: still employed, promoted, moved role. These feed the
/// programme's retention and promotion figures (`sojourn report`).
public struct OutcomePlugin: StepPlugin {
    public struct Configuration: Decodable, Sendable {
        /// When this is measured, for reports: `6 months after return`.
        public var label: String?
    }

    public struct Input: Decodable, Sendable {
        public var stillEmployed: Bool
        public var promoted: Bool?
        public var movedRole: Bool?
        public var notes: String?

        enum CodingKeys: String, CodingKey {
            case stillEmployed = "still_employed", promoted, movedRole = "moved_role", notes
        }
    }

    public static let name = "outcome"
    public static let summary = "What HR records after return (still employed, promoted, moved role), for retention and promotion figures."
    public static let keyDescriptions = ["label": "When this is measured, for reports: 6 months after return."]

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
        [
            OutputDescription("still_employed", .boolean, "Whether the employee is still with the company."),
            OutputDescription("promoted", .boolean, "Whether they were promoted."),
            OutputDescription("moved_role", .boolean, "Whether they moved to another role."),
            OutputDescription("label", .text, "When this was measured."),
        ]
    }

    public static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        .waiting(for: defaultRequest("Record the outcome" + (context.configuration.label.map { " \($0)" } ?? "") + ": still employed, promoted, moved role"))
    }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
        guard !input.stillEmployed, input.promoted == true else { return [] }
        return [InputProblem("someone no longer employed cannot be recorded as promoted; record promoted=false or still_employed=true", key: "promoted")]
    }

    /// Someone no longer employed ends the case: nothing after this step concerns them.
    public static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        var outcome = StepOutcome.completed([
            "still_employed": .bool(input.stillEmployed), "promoted": .bool(input.promoted ?? false),
            "moved_role": .bool(input.movedRole ?? false), "label": .text(context.configuration.label ?? ""),
        ])
        if !input.stillEmployed {
            outcome.endsCase = CaseEnding(.leftCompany, note: "recorded as no longer employed" + (context.configuration.label.map { " (\($0))" } ?? ""))
        }
        return outcome
    }

    /// A case that ended because the employee left counts as not retained at every
    /// outcome it had not reached.
    public static func caseEnded(_ ending: CaseEnding, configuration: Configuration) -> [String: PluginValue] {
        guard ending.isLeaver else { return [:] }
        return ["still_employed": .bool(false), "promoted": .bool(false), "moved_role": .bool(false), "label": .text(configuration.label ?? "")]
    }
}
