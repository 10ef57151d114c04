import ArgumentParser

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema")
    func run() throws {}
}
