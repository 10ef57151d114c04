import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn plugins`: the step plugins in this build, and a new one.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "The step plugins: list them (the default), or start a new one.",
        subcommands: [PluginsListCommand.self, PluginsNewCommand.self],
        defaultSubcommand: PluginsListCommand.self
    )
}

/// `sojourn plugins list`.
struct PluginsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the step plugins in this build, with their settings (with:) and the input they accept."
    )

    @Argument(help: ArgumentHelp("Only this plugin, as workflows name it in uses:.", valueName: "name"))
    var name: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        var plugins = Plugins.registry.all
        if let name {
            plugins = plugins.filter { $0.name == name }
            guard !plugins.isEmpty else {
                let names = Plugins.registry.all.map { $0.name }
                // Only a well-formed name is repeated back.
                guard PluginScaffold.problem(with: name) == nil else {
                    throw Failure.report(ServiceError("plugin names are lowercase letters, digits and hyphens; the plugins are \(Suggestions.list(names, conjunction: "and"))"))
                }
                let hint = Suggestions.closest(to: name, among: names).map { "did you mean '\($0)'? " } ?? ""
                throw Failure.report(ServiceError("no plugin is named '\(name)'; \(hint)the plugins are \(Suggestions.list(names, conjunction: "and"))"))
            }
        }
        switch format {
        case .json:
            Output.print(JSON.array(plugins.map { plugin in
                .object([
                    ("name", .string(plugin.name)),
                    ("summary", .string(plugin.summary)),
                    ("settings", .array(PluginsListCommand.keys(plugin.configurationShape, descriptions: plugin.keyDescriptions).map { key in
                        .object([("key", .string(key.path)), ("type", .string(key.type)), ("required", .bool(key.required)), ("description", key.description.map(JSON.string) ?? .null)])
                    })),
                    ("input", .array(PluginsListCommand.keys(plugin.inputShape, descriptions: [:]).map { key in
                        .object([("key", .string(key.path)), ("type", .string(key.type)), ("required", .bool(key.required)),
                                 ("private", .bool(plugin.privateInputKeys.contains(key.path)))])
                    })),
                ])
            }).rendered())
        case .text:
            let paint = Paint.standardOutput
            var lines: [String] = []
            for plugin in plugins {
                lines.append("\(paint.bold(plugin.name))  \(plugin.summary)")
                let settings = PluginsListCommand.keys(plugin.configurationShape, descriptions: plugin.keyDescriptions)
                if !settings.isEmpty { lines.append("  settings (with:)") }
                for key in settings {
                    let required = key.required ? ", required" : ""
                    lines.append("    \(key.path) (\(key.type)\(required))" + (key.description.map { paint.dim(": \($0)") } ?? ""))
                }
                let input = PluginsListCommand.keys(plugin.inputShape, descriptions: [:])
                if !input.isEmpty { lines.append("  input (sojourn record --set)") }
                for key in input {
                    // Private input is kept out of the history (sojourn private shows it).
                    let secret = plugin.privateInputKeys.contains(key.path) ? ", private" : ""
                    lines.append("    \(key.path) (\(key.type)\(key.required ? ", required" : "")\(secret))")
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
                + PluginsListCommand.keys(key.shape, descriptions: descriptions, prefix: path)
        }
    }
}

/// `sojourn plugins new NAME`: scaffolds a plugin in the Sojourn source folder.
struct PluginsNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a new step plugin: its folder, a compiling plugin, its tests and its documentation page.",
        discussion: """
            Run it in the Sojourn source folder. Creates Plugins/<Name>/<Name>Plugin.swift, \
            Tests/<Name>StepTests/ and Docs/plugins/<name>.md, and adds the plugin to \
            stepPlugins in Package.swift and to Plugins/CompiledPlugins/CompiledPlugins.swift. \
            Then 'swift build' and 'swift test --filter <Name>StepTests'. Nothing is written \
            if any of it cannot be.
            """
    )

    @Argument(help: ArgumentHelp("The name workflows use in 'uses:', such as buddy-check.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("The Sojourn source folder.", valueName: "folder"))
    var package = "."

    func validate() throws {
        if let problem = PluginScaffold.problem(with: name) { throw ValidationError(problem) }
    }

    func run() throws {
        let scaffold = PluginScaffold(name: name)
        let root = URL(fileURLWithPath: package)
        let manager = FileManager.default
        func fail(_ message: String) -> ExitCode { Failure.report(ServiceError(message)) }
        let packagePath = root.appendingPathComponent("Package.swift")
        let listPath = root.appendingPathComponent("Plugins/CompiledPlugins/CompiledPlugins.swift")
        let indexPath = root.appendingPathComponent("Docs/plugins/README.md")
        guard let packageText = try? String(contentsOf: packagePath, encoding: .utf8),
              let listText = try? String(contentsOf: listPath, encoding: .utf8),
              let indexText = try? String(contentsOf: indexPath, encoding: .utf8) else {
            throw fail("\(package) is not the Sojourn source folder (no Package.swift, Plugins/CompiledPlugins and Docs/plugins/README.md); run this there, or give --package FOLDER")
        }
        if Plugins.registry.all.contains(where: { $0.name == name }) {
            throw fail("this build already has a plugin named '\(name)'; choose another name")
        }
        if manager.fileExists(atPath: root.appendingPathComponent("Plugins/\(scaffold.typeBase)").path) {
            throw fail("Plugins/\(scaffold.typeBase) already exists; choose another name")
        }
        for file in scaffold.files where manager.fileExists(atPath: root.appendingPathComponent(file.path).path) {
            throw fail("\(file.path) already exists; move it away or choose another name")
        }
        // The edits to existing files: each with its text before, to undo it.
        let edits: [(url: URL, before: String, after: String)]
        do {
            edits = [
                (packagePath, packageText, try scaffold.addingToPackage(packageText)),
                (listPath, listText, try scaffold.addingToCompiledPlugins(listText)),
                (indexPath, indexText, try scaffold.addingToPluginIndex(indexText)),
            ]
        } catch {
            throw fail("\(error)")
        }
        // Write the new files, then the edits; on any failure undo what was written.
        var created: [URL] = []
        var edited: [(url: URL, before: String)] = []
        do {
            for file in scaffold.files {
                let url = root.appendingPathComponent(file.path)
                let folder = url.deletingLastPathComponent()
                if !manager.fileExists(atPath: folder.path) {
                    try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                    created.append(folder)
                }
                try file.text.write(to: url, atomically: true, encoding: .utf8)
                created.append(url)
            }
            for edit in edits {
                try edit.after.write(to: edit.url, atomically: true, encoding: .utf8)
                edited.append((edit.url, edit.before))
            }
        } catch {
            for edit in edited.reversed() { try? edit.before.write(to: edit.url, atomically: true, encoding: .utf8) }
            for url in created.reversed() { try? manager.removeItem(at: url) }
            throw fail("could not write the plugin: \(error.localizedDescription); nothing was changed")
        }
        let paint = Paint.standardOutput
        Output.print("\(paint.green("created")) plugin '\(name)' (\(scaffold.pluginType) in target \(scaffold.target))")
        for file in scaffold.files { Output.print("  \(file.path)") }
        Output.print("  Package.swift: \"\(scaffold.typeBase)\" added to stepPlugins")
        Output.print("  Plugins/CompiledPlugins/CompiledPlugins.swift: \(scaffold.pluginType) registered")
        Output.print("  Docs/plugins/README.md: a row for '\(name)' (say there what the step is for)")
        Output.print("Next: swift build && swift test --filter \(scaffold.target)Tests, then shape the plugin, its page and its row (Docs/writing-a-plugin.md).")
    }
}
