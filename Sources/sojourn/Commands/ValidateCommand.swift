import ArgumentParser
import SojournCore
import SojournKit

/// `sojourn validate`: check workflow files and report every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow files and report every problem, as a compiler would.",
        discussion: """
            Prints each problem as file:line:column, the source line and a caret. Exits 0 when \
            every file is valid (warnings allowed), 1 when any has errors, 2 for usage mistakes.
            """
    )

    @Argument(help: "The workflow files to check.")
    var files: [String]

    @Option(help: "Output format: text (diagnostics on standard error) or json (for editors and CI).")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Folder of holiday calendars overriding the built-in ones (default: calendars/ beside each workflow, if there is one).", valueName: "folder"))
    var calendars: String?

    func run() throws {
        let loader = WorkflowLoader(plugins: Plugins.registry)
        let results = files.map { file in
            (file, loader.load(path: file, calendars: calendars.map(CalendarLibrary.init(directory:))))
        }
        let hasErrors = results.contains { $0.1.diagnostics.containsErrors }
        switch format {
        case .json:
            let report: JSON = .object([
                ("valid", .bool(!hasErrors)),
                ("files", .array(results.map { file, result in
                    .object([
                        ("path", .string(file)),
                        ("valid", .bool(!result.diagnostics.containsErrors)),
                        ("errors", .number(Double(result.diagnostics.filter { $0.severity == .error }.count))),
                        ("warnings", .number(Double(result.diagnostics.filter { $0.severity == .warning }.count))),
                        ("diagnostics", .array(result.diagnostics.map(\.json))),
                    ])
                })),
            ])
            Output.print(report.rendered())
        case .text:
            let paint = Paint.standardError
            for (file, result) in results {
                let sources = result.source.map { [$0.path: $0] } ?? [:]
                Output.printError(DiagnosticRenderer(sources: sources, style: paint.diagnosticStyle).render(result.diagnostics))
                let errors = result.diagnostics.filter { $0.severity == .error }.count
                let warnings = result.diagnostics.filter { $0.severity == .warning }.count
                let out = Paint.standardOutput
                if errors > 0 {
                    Output.print("\(file): \(out.red("invalid")), \(errors.counted("error"))\(warnings > 0 ? ", \(warnings.counted("warning"))" : "")")
                } else {
                    Output.print("\(file): \(out.green("valid"))\(warnings > 0 ? " with \(warnings.counted("warning"))" : "")")
                }
            }
        }
        if hasErrors { throw ExitStatus.inputErrors }
    }
}
