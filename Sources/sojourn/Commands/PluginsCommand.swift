import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn plugins`: the step plugins in this build.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the step plugins in this build, with their settings (with:) and outputs."
    )

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let plugins = Plugins.registry.all
        switch format {
        case .json:
            Output.print(JSON.array(plugins.map { plugin in
                .object([
                    ("name", .string(plugin.name)),
                    ("summary", .string(plugin.summary)),
                    ("settings", .array(Self.keys(plugin.configurationShape, descriptions: plugin.keyDescriptions).map { key in
                        .object([("key", .string(key.path)), ("type", .string(key.type)), ("required", .bool(key.required)), ("description", key.description.map(JSON.string) ?? .null)])
                    })),
                ])
            }).rendered())
        case .text:
            let paint = Paint.standardOutput
            var lines: [String] = []
            for plugin in plugins {
                lines.append("\(paint.bold(plugin.name))  \(plugin.summary)")
                for key in Self.keys(plugin.configurationShape, descriptions: plugin.keyDescriptions) {
                    let required = key.required ? ", required" : ""
                    lines.append("  \(key.path) (\(key.type)\(required))" + (key.description.map { paint.dim(": \($0)") } ?? ""))
                }
                lines.append("")
            }
            Output.print(lines.joined(separator: "\n"))
        }
    }

    struct Key {
        var path: String
        var type: String
        var required: Bool
        var description: String?
    }

    /// The settings keys of a shape, nested keys as `a.b`.
    static func keys(_ shape: ValueShape, descriptions: [String: String], prefix: String = "") -> [Key] {
        var element = shape
        while case .list(let inner) = element { element = inner }
        guard case .mapping(let keys) = element else { return [] }
        return keys.flatMap { key -> [Key] in
            let path = prefix.isEmpty ? key.name : "\(prefix).\(key.name)"
            return [Key(path: path, type: key.shape.summary, required: key.required, description: descriptions[path])]
                + Self.keys(key.shape, descriptions: descriptions, prefix: path)
        }
    }
}
