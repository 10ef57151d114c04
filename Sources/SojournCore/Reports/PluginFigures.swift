import SojournKit

extension ProgrammeReport.Figure {
    /// What each plugin declares (`StepPlugin.figures`), step by step, in the order the
    /// plugins are listed, from each case's current outputs of the step.
    static func computed(_ facts: [CaseFacts], titles: [String: String], uses: [String: String], plugins: PluginRegistry) -> [ProgrammeReport.Figure] {
        var figures: [Self] = []
        let steps = ProgrammeFigures.order(facts) { $0.outputs.keys.sorted() }
        for plugin in plugins.names {
            guard let declared = plugins.plugin(named: plugin)?.figures, !declared.isEmpty else { continue }
            for step in steps where uses[step] == plugin {
                let outputs = facts.compactMap { $0.outputs[step] }
                for figure in declared {
                    let key = figure.formula.output
                    var cases = 0, total = 0.0
                    for output in outputs {
                        switch figure.formula {
                        case .cases:
                            if let value = output[key], value != .null { cases += 1; total += 1 }
                        case .sum, .mean:
                            if let number = output[key]?.number { cases += 1; total += number }
                        case .share:
                            if case .bool(let yes)? = output[key] { cases += 1; if yes { total += 1 } }
                        }
                    }
                    guard cases > 0 else { continue }
                    figures.append(Self(step: step, title: titles[step] ?? step, plugin: plugin, figure: figure, cases: cases, total: total))
                }
            }
        }
        return figures
    }
}
