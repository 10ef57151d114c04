import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn plugins`: the step plugins in this build.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the step plugins in this build, with their settings (with:) and the input they accept."
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
                    ("input", .array(Self.keys(plugin.inputShape, descriptions: [:]).map { key in
                        .object([("key", .string(key.path)), ("type", .string(key.type)), ("required", .bool(key.required))])
                    })),
                ])
            }).rendered())
        case .text:
            let paint = Paint.standardOutput
            var lines: [String] = []
            for plugin in plugins {
                lines.append("\(paint.bold(plugin.name))  \(plugin.summary)")
                let settings = Self.keys(plugin.configurationShape, descriptions: plugin.keyDescriptions)
                if !settings.isEmpty { lines.append("  settings (with:)") }
                for key in settings {
                    let required = key.required ? ", required" : ""
                    lines.append("    \(key.path) (\(key.type)\(required))" + (key.description.map { paint.dim(": \($0)") } ?? ""))
                }
                let input = Self.keys(plugin.inputShape, descriptions: [:])
                if !input.isEmpty { lines.append("  input (sojourn record --set)") }
                for key in input {
                    lines.append("    \(key.path) (\(key.type)\(key.required ? ", required" : ""))")
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
