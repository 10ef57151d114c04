import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn schema`: the JSON Schema of the language.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print a JSON Schema of the workflow language, for completion and checks in editors.",
        discussion: """
            Includes the settings (with:) of every plugin in this build. For VS Code's YAML \
            extension, save it and point to it from the top of a workflow file:
              sojourn schema > sojourn.schema.json
              # yaml-language-server: $schema=./sojourn.schema.json
            """
    )

    func run() throws {
        Output.print(LanguageSchema.json(plugins: Plugins.registry).rendered())
    }
}
