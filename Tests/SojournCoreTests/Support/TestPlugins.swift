import CompiledPlugins
import SojournCore
import SojournKit

/// A plugin that fails on purpose, to check that a failing plugin fails only its step.
struct ExplodingPlugin: StepPlugin {
    struct Configuration: Decodable, Sendable {
        var explode: Bool
    }

    struct Input: Decodable, Sendable {
        var boom: Bool?
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let name = "exploding"
    static let summary = "Fails when told to."

    static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        if context.configuration.explode { throw Failure(description: "the payroll service did not answer") }
        return .waiting(for: InputRequest("Record anything"))
    }

    static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        if input.boom == true { throw Failure(description: "the plugin crashed on this input") }
        return .completed(["ok": .bool(true)])
    }
}

extension TestSupport {
    static let pluginsWithExploding = try! PluginRegistry(compiledPlugins + [ExplodingPlugin.self])
}
