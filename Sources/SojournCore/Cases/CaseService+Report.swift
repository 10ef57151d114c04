import SojournKit

extension CaseService {
    /// The programme figures over every case, or the cases of one workflow id, as
    /// `options` asks. Each case's events are read once (`CaseStoreReader.reportCases`)
    /// and turned into its facts (`CaseFacts`); every figure is computed from those.
    public func report(_ options: ReportOptions = ReportOptions()) throws -> ProgrammeReport {
        try store.read { reader in
            // The workflows cases are pinned to, grouped by id.
            var byID: [String: [(hash: String, workflow: Workflow)]] = [:]
            for count in try reader.caseCounts() {
                let compiled = try self.workflow(hash: count.workflowHash, caseID: "of workflow \(count.workflowHash.prefix(12))", reader: reader)
                let id = compiled.id.value
                guard options.workflow == nil || options.workflow == id else { continue }
                if !(byID[id]?.contains { $0.hash == count.workflowHash } ?? false) { byID[id, default: []].append((count.workflowHash, compiled)) }
            }
            if let wanted = options.workflow, byID.isEmpty {
                let known = Set(try reader.caseCounts().compactMap { try? self.workflow(hash: $0.workflowHash, caseID: "", reader: reader).id.value }).sorted()
                let hint = Suggestions.didYouMean(wanted, among: known)
                throw ServiceError("no cases of workflow '\(wanted)'" + (hint.isEmpty ? (known.isEmpty ? "; there are no cases yet" : "; the workflows with cases are \(Suggestions.list(known, conjunction: "and"))") : hint))
            }
            if let by = options.by, by != FigureSources.cohortField {
                let fields = Set(byID.values.flatMap { $0.flatMap { $0.workflow.fields.map(\.name.value) } })
                guard fields.contains(by) else {
                    let known = ["cohort"] + fields.sorted()
                    let hint = Suggestions.didYouMean(by, among: known)
                    throw ServiceError("the cases have no field '\(by)' to break the figures down by" + (hint.isEmpty ? "; give \(Suggestions.list(known, conjunction: "or"))" : hint))
                }
            }
            let advancedTo = try reader.advancedTo()
            var report = ProgrammeReport(options: options)
            for (id, versions) in byID.sorted(by: { $0.key < $1.key }) {
                let newest = versions.max { ($0.workflow.version ?? 0) < ($1.workflow.version ?? 0) }!.workflow
                let workflows = Dictionary(versions.map { ($0.hash, $0.workflow) }, uniquingKeysWith: { a, _ in a })
                var facts: [CaseFacts] = []
                try reader.reportCases(workflowHashes: versions.map(\.hash)) { row in
                    guard let workflow = workflows[row.workflowHash] else { return }
                    let fact = CaseFacts(row, workflow: workflow, advancedTo: advancedTo)
                    if options.includes(fact) { facts.append(fact) }
                }
                // Titles from the newest version first.
                var titles: [String: String] = [:]
                for (_, workflow) in versions.sorted(by: { ($0.workflow.version ?? 0) > ($1.workflow.version ?? 0) }) {
                    for step in workflow.steps where titles[step.id.value] == nil { titles[step.id.value] = step.displayTitle }
                }
                report.programmes.append(programme(id: id, title: newest.title, facts: facts, titles: titles,
                                                   uses: Self.uses(versions.map(\.workflow)), options: options))
            }
            return report
        }
    }

    private func programme(id: String, title: String, facts: [CaseFacts], titles: [String: String], uses: [String: String], options: ReportOptions) -> ProgrammeReport.Programme {
        let asOf = facts.map(\.reportDate).max()
        var programme = ProgrammeReport.Programme(
            workflow: id, title: title, reportDate: asOf,
            figures: ProgrammeFigures(facts, titles: titles, options: options, asOf: asOf, comparison: options.comparison))
        if let by = options.by {
            var groups: [String: [CaseFacts]] = [:]
            for fact in facts { groups[options.group(of: fact, by: by), default: []].append(fact) }
            programme.breakdown = groups.sorted { $0.key < $1.key }.map { value, members in
                let outside = options.comparison.filter { options.group(of: $0, by: by) == value }
                return ProgrammeReport.Group(value: value, figures: ProgrammeFigures(members, titles: titles, options: options, asOf: asOf, comparison: outside))
            }
            programme.omitted = SmallGroups.omitSmall(&programme.breakdown, minimumCases: options.minimumRespondents)
            SmallGroups.protect(&programme.breakdown, minimumRespondents: options.minimumRespondents)
        }
        programme.trends = Trend.trends(facts, titles: titles, options: options)
        programme.pluginFigures = pluginFigures(facts.filter { $0.state != .cancelled }, titles: titles, uses: uses)
        return programme
    }

    /// Each step's plugin, over every version (newest wins).
    private static func uses(_ workflows: [Workflow]) -> [String: String] {
        var uses: [String: String] = [:]
        for workflow in workflows.sorted(by: { ($0.version ?? 0) > ($1.version ?? 0) }) {
            for step in workflow.steps where uses[step.id.value] == nil { uses[step.id.value] = step.uses.value }
        }
        return uses
    }

    /// What each plugin declares (`StepPlugin.figures`), step by step, in the order the
    /// plugins are listed, from each case's current outputs of the step.
    private func pluginFigures(_ facts: [CaseFacts], titles: [String: String], uses: [String: String]) -> [ProgrammeReport.Figure] {
        var figures: [ProgrammeReport.Figure] = []
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
                    figures.append(.init(step: step, title: titles[step] ?? step, plugin: plugin, figure: figure, cases: cases, total: total))
                }
            }
        }
        return figures
    }
}
