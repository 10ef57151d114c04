import ArgumentParser
import SojournCore
import SojournKit

/// The drawing formats, as `--format` takes them.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case mermaid, dot

    var format: WorkflowGraph.Format {
        switch self {
        case .mermaid: .mermaid
        case .dot: .dot
        }
    }
}

/// `sojourn graph`: draw a workflow.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a workflow: phases as clusters, steps as boxes, order as arrows, conditions as labels.",
        discussion: """
            Mermaid renders in GitHub and most Markdown viewers; DOT renders with Graphviz:
              sojourn graph Workflows/international-assignment.yaml --format dot | dot -Tsvg > workflow.svg
            """
    )

    @Argument(help: "The workflow file.")
    var file: String

    @Option(help: "mermaid or dot.")
    var format: GraphFormat = .mermaid

    @Option(help: ArgumentHelp("Folder of holiday calendars overriding the built-in ones (default: calendars/ beside the workflow, if there is one).", valueName: "folder"))
    var calendars: String?

    func run() throws {
        let workflow = try WorkflowArgument.load(file, calendars: calendars.map(CalendarLibrary.init(directory:)))
        Output.print(WorkflowGraph(workflow: workflow).render(format.format))
    }
}
