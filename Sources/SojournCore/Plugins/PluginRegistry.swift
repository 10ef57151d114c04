public import SojournKit

/// The step plugins a build of Sojourn knows, by name. Built once from the compiled-in
/// list and passed to whatever needs it; it never changes.
public struct PluginRegistry: Sendable {
    /// A list of plugins that cannot form a registry.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    private let byName: [String: any StepPlugin.Type]
    /// The plugins, sorted by name.
    public let all: [any StepPlugin.Type]

    /// Creates a registry.
    ///
    /// - Throws: `Problem` when two plugins share a name or a name is not a valid slug.
    public init(_ plugins: [any StepPlugin.Type]) throws(Problem) {
        var byName: [String: any StepPlugin.Type] = [:]
        for plugin in plugins {
            guard NodeReader.isName(plugin.name) else {
                throw Problem(description: "plugin \(plugin) has the invalid name '\(plugin.name)'; use lowercase words joined by '-'")
            }
            if let existing = byName[plugin.name] {
                throw Problem(description: "plugins \(existing) and \(plugin) are both named '\(plugin.name)'; rename one")
            }
            byName[plugin.name] = plugin
        }
        self.byName = byName
        self.all = byName.values.sorted { $0.name < $1.name }
    }

    /// The plugin workflows call `name`.
    public func plugin(named name: String) -> (any StepPlugin.Type)? {
        byName[name]
    }

    /// Every plugin name, sorted.
    public var names: [String] { all.map { $0.name } }
}

extension StepPlugin {
    /// Decodes and checks a step's `with:` into the form the engine keeps.
    static func configure(_ node: Node, context: PluginValidationContext) -> (StepConfiguration?, [Diagnostic]) {
        let (configuration, problems) = configuration(from: node, context: context)
        return (configuration.map { StepConfiguration(plugin: self, value: $0) }, problems)
    }
}
