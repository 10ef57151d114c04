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

/// A plugin whose input keeps one nested key private (`details.number`).
struct NestedSecretPlugin: StepPlugin {
    typealias Configuration = NoConfiguration

    struct Details: Decodable, Sendable {
        var number: String
        var issuer: String
    }

    struct Input: Decodable, Sendable {
        var details: Details
    }

    static let name = "nested-secret"
    static let summary = "Takes a document's details; its number is private."
    static let privateInputKeys: Set<String> = ["details.number"]

    static func start(_ context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        .waiting(for: InputRequest("Record the details"))
    }

    static func record(_ input: Input, context: StepContext<Configuration>, state: inout NoState) throws -> StepOutcome {
        .completed(["issuer": .text(input.details.issuer)])
    }
}

extension TestSupport {
    static let pluginsWithExploding = try! PluginRegistry(compiledPlugins + [ExplodingPlugin.self])
    static let pluginsWithNestedSecret = try! PluginRegistry(compiledPlugins + [NestedSecretPlugin.self])
}
