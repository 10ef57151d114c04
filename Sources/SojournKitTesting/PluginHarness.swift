public import SojournKit
import SojournLanguage

/// Drives one step plugin without the engine, the way the engine would: decode and
/// check its configuration from YAML text, then (once the engine contract is in
/// place) start it, record input and let dates pass.
///
/// ```swift
/// let result = PluginHarness<TaskPlugin>.configure("checklist: [Read the guide]")
/// #expect(result.diagnostics == [])
/// ```
public enum PluginHarness<Plugin: StepPlugin> {
    /// What configuring a plugin produced.
    public struct Configured {
        /// The configuration, when it decoded and passed the plugin's checks.
        public var configuration: Plugin.Configuration?
        /// The problems found, rendered as `file:line:column: error: message`.
        public var diagnostics: [String]
    }

    /// The fields `configure` assumes a workflow has, unless told otherwise.
    public static var defaultFields: [String] { ["employee", "manager", "host_country", "home_country", "languages", "timezone", "unit"] }

    /// The types of the default fields.
    public static var defaultFieldTypes: [String: FieldKind] {
        ["employee": .person, "manager": .person, "host_country": .country, "home_country": .country, "languages": .list, "timezone": .timezone, "unit": .text]
    }

    /// The step ids `configure` assumes a workflow has, unless told otherwise.
    public static var defaultStepIDs: [String] { ["step", "sessions", "match"] }

    /// Decodes and checks `with:` written as YAML, as the file `with.yaml`.
    ///
    /// - Parameters:
    ///   - yaml: the body of `with:`.
    ///   - roles: the workflow's roles, for plugins that refer to roles.
    ///   - fields: the workflow's field names.
    ///   - types: the types of those fields, for settings that need a field of a type; a
    ///     field without one passes any type check.
    ///   - stepIDs: the workflow's step ids.
    public static func configure(_ yaml: String, roles: [String] = ["employee", "mentor", "manager", "coach", "mentee", "hr", "lead"], fields: [String] = defaultFields, types: [String: FieldKind] = defaultFieldTypes, stepIDs: [String] = defaultStepIDs) -> Configured {
        let source = SourceFile(path: "with.yaml", text: yaml)
        let node: Node
        do {
            node = try YAMLLoader().loadStream(source).first ?? Node(.mapping([]), at: SourceLocation(file: "with.yaml", line: 1, column: 1))
        } catch {
            return Configured(configuration: nil, diagnostics: [error.description])
        }
        let typed = Dictionary(uniqueKeysWithValues: Set(fields).map { ($0, types[$0]) })
        let context = PluginValidationContext(
            stepID: "step", roles: roles, fieldNames: fields, fields: types.filter { fields.contains($0.key) }, stepIDs: stepIDs, configurationLocation: node.location,
            conditionChecker: { condition, scope in
                switch scope {
                case .values(let kinds): return ValuesScope.check(condition, kinds: kinds, source: source)
                // Over the case: names and types against the fields and steps given (steps'
                // outputs are checked when a workflow using the plugin validates).
                case .caseWide: return HarnessExpressions.check(condition, names: HarnessNames(fields: typed, stepIDs: stepIDs, site: .condition), stepID: "step", source: source)
                }
            },
            dateChecker: { date in HarnessExpressions.check(date, names: HarnessNames(fields: typed, stepIDs: stepIDs, site: .date), stepID: "step", source: source) })
        let (configuration, diagnostics) = Plugin.configuration(from: node, context: context)
        return Configured(configuration: configuration, diagnostics: diagnostics.map(\.description))
    }
}
