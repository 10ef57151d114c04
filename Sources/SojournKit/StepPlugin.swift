/// A step type that workflows name with `uses:`.
///
/// A plugin is a type: its name, a one-line summary, and a `Decodable` configuration
/// read from the step's `with:` through Sojourn's YAML decoder, so mistakes in it are
/// reported with file, line and column like the rest of the workflow. Checks beyond
/// decoding go in `validate`.
///
/// At run time the engine calls `start` when the step (or an occurrence of a repeating
/// step) starts, `record` when someone records input, and `timePassed` when a date the
/// plugin asked for comes. Each answers with a `StepOutcome`: completed with outputs,
/// waiting for input, or failed. The plugin's `State` is stored with the step between
/// calls. Plugins never touch the database, the clock or the file system: everything
/// they need is in the `StepContext`, so they are pure and easy to test
/// (`SojournKitTesting.PluginHarness`).
///
/// ```swift
/// public struct Checklist: StepPlugin {
///     public struct Configuration: Decodable, Sendable {
///         var items: [Located<String>]
///     }
///     public static let name = "checklist"
///     public static let summary = "A list of things to tick off."
/// }
/// ```
public protocol StepPlugin: Sendable {
    /// What `with:` holds. Keys the type does not read are reported as unknown, with a
    /// did-you-mean among the keys it reads.
    associatedtype Configuration: Decodable & Sendable = NoConfiguration

    /// What the step remembers between calls (answers so far, sessions held).
    associatedtype State: PluginState = NoState

    /// What `sojourn record` accepts, decoded from `--set key=value` or an input file
    /// with the same positioned errors as configuration.
    associatedtype Input: Decodable & Sendable = NoInput

    /// The name workflows write in `uses:`: lowercase words joined by `-`.
    static var name: String { get }

    /// One line saying what the step does, for `sojourn plugins` and editors.
    static var summary: String { get }

    /// A sentence for each `with:` key, by key path (`checklist`, `questions.kind`), for
    /// `sojourn plugins`, the JSON Schema and the plugin's documentation.
    static var keyDescriptions: [String: String] { get }

    /// Checks a decoded configuration beyond what decoding checks: references to roles
    /// and fields, values that must be unique, ranges. Report problems through `context`,
    /// at the `Located` values they are about.
    static func validate(_ configuration: Configuration, in context: inout PluginValidationContext)

    /// What the step publishes for later `when:` conditions and reports (`eligible`,
    /// `sessions_held`), or `nil` when any recorded name may appear.
    static func outputs(for configuration: Configuration) -> [OutputDescription]?

    /// The step (or an occurrence of it) starts. Usually answers `.waiting(for:)`;
    /// a step that needs no one (a notification) answers `.completed`.
    ///
    /// - Throws: any error marks the step failed with the error's description.
    static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome

    /// Checks input against the step's settings alone, before any case is read: what a
    /// plugin can judge without the case (a scale's range, an option of a choice, a
    /// required answer, an item on the checklist). `sojourn record --from` runs it on
    /// every line of a file before recording any; the engine runs it again before
    /// `record`, so `record` gets only input that passed. Return every problem, each
    /// with the input key it is about (the message then points at that value).
    static func check(_ input: Input, configuration: Configuration) -> [InputProblem]

    /// Someone recorded input for the step (or the occurrence in `context.occurrence`);
    /// the input has passed `check`. Refuse here what depends on the case (a goal already
    /// met, a date after today).
    ///
    /// - Throws: `InputProblem` to refuse the input (nothing is stored, the message is
    ///   shown); any other error marks the step failed.
    static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome

    /// A date the plugin asked for (`StepOutcome.wakeUp`) has come, or the step's due
    /// date has passed. Answer `nil` to leave the step as it is.
    static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome?

    /// The case ended early (`sojourn end`, or a step that ended it) before this step
    /// finished; the step stops. Answer the outputs the ending implies, for reports (an
    /// outcome step: someone who left the company is not still employed), or none.
    static func caseEnded(_ ending: CaseEnding, configuration: Configuration) -> [String: PluginValue]

    /// The roles the step involves besides its `owner:` (a meeting's `between:`). A
    /// role's pairing ends when the last unfinished step involving it finishes.
    static func roles(for configuration: Configuration) -> [String]

    /// The roles whose people may give the step's input besides its `owner:` (the
    /// approvers of an approval, the roles asked for feedback). Input from anyone else is
    /// refused before the plugin sees it. Default: `roles(for:)`.
    static func inputRoles(for configuration: Configuration) -> [String]

    /// The figures `sojourn report` shows for each step using the plugin, worked out
    /// from its outputs over the cases (see `ReportFigure`). Default: none.
    static var figures: [ReportFigure] { get }

    /// Input keys that are private (a meeting's `notes`, a passport number): the engine
    /// stores them apart from the case's history, which shows only that they were given.
    /// A plugin must not keep them in its state or outputs (those are stored with the
    /// case); the engine refuses input that a plugin copied there. Default: none.
    static var privateInputKeys: Set<String> { get }

    /// How the step's occurrences appear in people's calendars, when they are meetings
    /// (see `CalendarEntry`). Default: `nil`, the due date as an all-day event.
    static func calendarEntry(for configuration: Configuration) -> CalendarEntry?
}

// MARK: - Default implementations

extension StepPlugin {
    public static var keyDescriptions: [String: String] { [:] }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {}

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? { [] }

    public static func timePassed(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome? { nil }

    public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] { [] }

    public static func caseEnded(_ ending: CaseEnding, configuration: Configuration) -> [String: PluginValue] { [:] }

    public static func roles(for configuration: Configuration) -> [String] { [] }

    public static func inputRoles(for configuration: Configuration) -> [String] { roles(for: configuration) }

    public static var figures: [ReportFigure] { [] }

    public static var privateInputKeys: Set<String> { [] }

    public static func calendarEntry(for configuration: Configuration) -> CalendarEntry? { nil }

    /// The shape of the input `record` accepts, for listings and `InputRequest`s.
    public static var inputShape: ValueShape {
        ShapeProbe.shape(of: Input.self)
    }

    /// An input request listing every key `Input` accepts.
    public static func defaultRequest(_ prompt: String) -> InputRequest {
        guard case .mapping(let keys) = inputShape else { return InputRequest(prompt) }
        return InputRequest(prompt, fields: keys.map { InputField($0.name, $0.shape.summary, required: $0.required, "") })
    }

    /// Decodes a step's `with:` through Sojourn's YAML decoder and runs `validate`.
    ///
    /// - Returns: the configuration when it has no errors, and every problem found
    ///   (decoding problems and the plugin's own), warnings included.
    public static func configuration(from node: Node, context: PluginValidationContext) -> (Configuration?, [Diagnostic]) {
        let (decoded, decodingProblems) = NodeDecoder().decodeReportingProblems(Configuration.self, from: node)
        guard let configuration = decoded else {
            // Decoding stopped (a missing key). With stand-ins for what is missing, the
            // plugin's own checks still find the other problems; what they say about a
            // stand-in, or about the settings as a whole, is left out.
            let standIn = SourceLocation(file: node.location.file, line: 0, column: 0)
            let completed = StandIns.completing(node, as: configurationShape, at: standIn)
            guard let second = NodeDecoder().decodeReportingProblems(Configuration.self, from: completed).0 else { return (nil, decodingProblems) }
            var context = context
            validate(second, in: &context)
            let more = context.diagnostics.filter { $0.location != standIn && $0.location != context.configurationLocation && !decodingProblems.contains($0) }
            return (nil, (decodingProblems + more).sortedByPosition())
        }
        var context = context
        validate(configuration, in: &context)
        let problems = (decodingProblems + context.diagnostics).sortedByPosition()
        return (problems.containsErrors ? nil : configuration, problems)
    }

    /// The shape of `with:`, found by probing `Configuration`: for `sojourn plugins`,
    /// the JSON Schema and documentation.
    public static var configurationShape: ValueShape {
        ShapeProbe.shape(of: Configuration.self)
    }
}

/// The configuration of a plugin that takes none: any key under `with:` is an error.
public struct NoConfiguration: Decodable, Sendable, Hashable {
    public init() {}
    public init(from decoder: any Decoder) throws {
        _ = try decoder.container(keyedBy: NoKeys.self)
    }

    private enum NoKeys: CodingKey {}
}
