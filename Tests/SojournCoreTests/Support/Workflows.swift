import CompiledPlugins
import Foundation
import SojournCore
import SojournKit

/// Paths and loaders the core tests share.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let calendars = CalendarLibrary.bundled
    static let plugins = try! PluginRegistry(compiledPlugins)
    static let loader = WorkflowLoader(plugins: plugins)

    /// Loads workflow text as `wf.yaml`.
    static func load(_ text: String) -> WorkflowLoader.Result {
        loader.load(SourceFile(path: "wf.yaml", text: text), calendars: calendars)
    }

    /// The diagnostics of workflow text, rendered as `sojourn validate` prints them.
    static func diagnostics(_ text: String) -> String {
        let result = load(text)
        return DiagnosticRenderer(sources: ["wf.yaml": SourceFile(path: "wf.yaml", text: text)]).render(result.diagnostics)
    }

    /// Only the first lines (`file:line:column: severity: message`) of the diagnostics.
    static func headlines(_ text: String) -> [String] {
        load(text).diagnostics.map(\.description)
    }

    /// A workflow, which must be valid.
    static func workflow(_ text: String) -> Workflow {
        let result = load(text)
        guard let workflow = result.workflow else {
            fatalError("invalid test workflow:\n\(DiagnosticRenderer(sources: ["wf.yaml": SourceFile(path: "wf.yaml", text: text)]).render(result.diagnostics))")
        }
        return workflow
    }

    /// A workflow file, by its path from the package root.
    static func file(_ path: String) -> Workflow {
        let result = loader.load(path: packageRoot.appendingPathComponent(path).path, calendars: calendars)
        guard let workflow = result.workflow else { fatalError("\(path) is invalid: \(result.diagnostics)") }
        return workflow
    }

    /// The task-only fixture the engine and planner tests use.
    static let tasksFixture = "Tests/Fixtures/assignment-tasks.yaml"
}
