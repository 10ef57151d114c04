import SojournKit
import SojournLanguage

/// A workflow as a graph: phases as clusters, steps as nodes, the order of things as
/// edges, conditions as edge labels. Rendered as Mermaid or Graphviz DOT.
public struct WorkflowGraph: Sendable {
    /// A drawing format.
    public enum Format: String, Sendable, CaseIterable {
        case mermaid, dot
    }

    /// An arrow: `to` waits for `from`.
    struct Edge: Hashable {
        enum Kind { case order, date }
        var from: String
        var to: String
        var label: String?
        var kind: Kind
        /// Whether the ends are phases (clusters) rather than steps.
        var betweenPhases: Bool
    }

    let workflow: Workflow

    public init(workflow: Workflow) {
        self.workflow = workflow
    }

    /// The graph in `format`.
    public func render(_ format: Format) -> String {
        switch format {
        case .mermaid: mermaid()
        case .dot: dot()
        }
    }

    // MARK: - Edges

    var edges: [Edge] {
        var edges: [Edge] = []
        for (index, phase) in workflow.phases.enumerated() {
            let label = phase.when.map { "when: \($0.text)" }
            let predecessors = phase.after?.map(\.value) ?? (index > 0 ? [workflow.phases[index - 1].id.value] : [])
            for predecessor in predecessors {
                edges.append(Edge(from: predecessor, to: phase.id.value, label: label, kind: .order, betweenPhases: true))
            }
            for (stepIndex, step) in phase.steps.enumerated() {
                let label = step.when.map { "when: \($0.text)" }
                let previous = step.after?.map(\.value) ?? (stepIndex > 0 ? [phase.steps[stepIndex - 1].id.value] : [])
                for predecessor in previous {
                    edges.append(Edge(from: predecessor, to: step.id.value, label: label, kind: .order, betweenPhases: false))
                }
                for expression in [step.start].compactMap({ $0 }) {
                    for names in expression.expression.references where names.count == 2 && ["done", "started"].contains(names[1].text) {
                        let source = names[0].text
                        guard workflow.step(source) != nil else { continue }
                        edges.append(Edge(from: source, to: step.id.value, label: "start: \(expression.text)", kind: .date, betweenPhases: false))
                    }
                }
            }
        }
        return edges
    }

    private func stepLabel(_ step: Step) -> [String] {
        var details = [step.uses.value]
        if let owner = step.owner { details.append(owner.value) }
        if !step.repeats.isEmpty { details.append("repeats") }
        return [step.displayTitle, details.joined(separator: " · ")]
    }

    // MARK: - Mermaid

    private func mermaidID(_ id: String, phase: Bool) -> String {
        (phase ? "phase_" : "step_") + id.replacing("-", with: "_")
    }

    private func mermaidText(_ text: String) -> String {
        "\"" + text.replacing("\"", with: "#quot;") + "\""
    }

    private func mermaid() -> String {
        var lines = ["flowchart TD"]
        for phase in workflow.phases {
            lines.append("  subgraph \(mermaidID(phase.id.value, phase: true))[\(mermaidText(phase.title ?? phase.id.value))]")
            lines.append("    direction TB")
            for step in phase.steps {
                lines.append("    \(mermaidID(step.id.value, phase: false))[\(mermaidText(stepLabel(step).joined(separator: "<br/>")))]")
            }
            lines.append("  end")
        }
        for edge in edges {
            let arrow = edge.kind == .date ? "-.->" : "-->"
            let label = edge.label.map { "|\(mermaidText($0))|" } ?? ""
            lines.append("  \(mermaidID(edge.from, phase: edge.betweenPhases)) \(arrow)\(label) \(mermaidID(edge.to, phase: edge.betweenPhases))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - DOT

    private func dotText(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    private func dot() -> String {
        var lines = [
            "digraph \(dotText(workflow.id.value)) {",
            "  compound=true;",
            "  rankdir=TB;",
            "  node [shape=box, style=rounded, fontname=\"Helvetica\"];",
            "  edge [fontname=\"Helvetica\", fontsize=10];",
        ]
        for phase in workflow.phases {
            lines.append("  subgraph \(dotText("cluster_" + phase.id.value)) {")
            lines.append("    label=\(dotText(phase.title ?? phase.id.value));")
            for step in phase.steps {
                lines.append("    \(dotText(step.id.value)) [label=\(dotText(stepLabel(step).joined(separator: "\n")))];")
            }
            lines.append("  }")
        }
        for edge in edges {
            var attributes: [String] = []
            var from = edge.from, to = edge.to
            if edge.betweenPhases {
                // Graphviz draws edges between nodes; clip them at the clusters' borders.
                guard let source = workflow.phase(edge.from)?.steps.last, let target = workflow.phase(edge.to)?.steps.first else { continue }
                from = source.id.value
                to = target.id.value
                attributes += ["ltail=\(dotText("cluster_" + edge.from))", "lhead=\(dotText("cluster_" + edge.to))"]
            }
            if let label = edge.label { attributes.append("label=\(dotText(label))") }
            if edge.kind == .date { attributes.append("style=dashed") }
            let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
            lines.append("  \(dotText(from)) -> \(dotText(to))\(suffix);")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
