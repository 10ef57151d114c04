import ArgumentParser
import SojournCore
import SojournKit

/// Loading the workflow a command names, printing its diagnostics when it is invalid.
enum WorkflowArgument {
    /// The valid workflow at `path`; prints diagnostics (and warnings) to standard error.
    ///
    /// - Throws: `ExitStatus.inputErrors` when the workflow has errors.
    static func load(_ path: String, calendars: CalendarLibrary?, showWarnings: Bool = false) throws -> Workflow {
        let result = WorkflowLoader(plugins: Plugins.registry).load(path: path, calendars: calendars)
        let shown = showWarnings ? result.diagnostics : result.diagnostics.filter { $0.severity == .error }
        if !shown.isEmpty {
            let sources = result.source.map { [$0.path: $0] } ?? [:]
            Output.printError(DiagnosticRenderer(sources: sources, style: Paint.standardError.diagnosticStyle).render(shown))
        }
        guard let workflow = result.workflow else {
            Output.printError("\(path) has errors; fix them and try again (sojourn validate \(path) lists them all).")
            throw ExitStatus.inputErrors
        }
        return workflow
    }

    /// Prints problems that are not in a file (a field value, a date) and fails.
    static func fail(_ messages: [String]) -> ExitCode {
        let paint = Paint.standardError
        for message in messages { Output.printError("\(paint.red("error:")) \(message)") }
        return ExitStatus.inputErrors
    }
}
