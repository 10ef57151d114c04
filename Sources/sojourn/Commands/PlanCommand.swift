import ArgumentParser

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan")
    func run() throws {}
}
