/// A step type that workflows name with `uses:`.
///
/// A plugin is a type: its name, a one-line summary, and a `Decodable` configuration
/// read from the step's `with:` through Sojourn's YAML decoder, so mistakes in it are
/// reported with file, line and column like the rest of the workflow. Checks beyond
/// decoding go in `validate`. Plugins never open files or the database.
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
}

// MARK: - Default implementations

extension StepPlugin {
    public static var keyDescriptions: [String: String] { [:] }

    public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {}

    public static func outputs(for configuration: Configuration) -> [OutputDescription]? { [] }

    /// Decodes a step's `with:` through Sojourn's YAML decoder and runs `validate`.
    ///
    /// - Returns: the configuration when it has no errors, and every problem found
    ///   (decoding problems and the plugin's own), warnings included.
    public static func configuration(from node: Node, context: PluginValidationContext) -> (Configuration?, [Diagnostic]) {
        let (decoded, decodingProblems) = NodeDecoder().decodeReportingProblems(Configuration.self, from: node)
        guard let configuration = decoded else { return (nil, decodingProblems) }
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
