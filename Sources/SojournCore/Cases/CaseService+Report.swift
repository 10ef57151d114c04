import SojournKit

extension CaseService {
    /// The programme figures over every case, or the cases of one workflow id, as
    /// `options` asks. Each case's events are read once (`CaseStoreReader.reportCases`)
    /// and turned into its facts (`CaseFacts`); every figure is computed from those.
    public func report(_ options: ReportOptions = ReportOptions()) throws -> ProgrammeReport {
        try store.read { reader in
            // The workflows cases are pinned to, grouped by id.
            var byID: [String: [(hash: String, workflow: Workflow)]] = [:]
            var everyID: Set<String> = []
            for hash in Set(try reader.caseCounts().map(\.workflowHash)) {
                let compiled = try self.workflow(hash: hash, caseID: "of workflow \(hash.prefix(12))", reader: reader)
                let id = compiled.id.value
                everyID.insert(id)
                guard options.workflow == nil || options.workflow == id else { continue }
                byID[id, default: []].append((hash, compiled))
            }
            if let wanted = options.workflow, byID.isEmpty {
                let known = everyID.sorted()
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
                let steps = Self.steps(versions.map(\.workflow))
                report.programmes.append(programme(id: id, title: newest.title, facts: facts, titles: steps.titles, uses: steps.uses, options: options))
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
        programme.pluginFigures = ProgrammeReport.Figure.computed(facts.filter { $0.state != .cancelled }, titles: titles, uses: uses, plugins: plugins)
        return programme
    }

    /// Each step's title and plugin, over every version (the newest version's wins).
    private static func steps(_ workflows: [Workflow]) -> (titles: [String: String], uses: [String: String]) {
        var titles: [String: String] = [:], uses: [String: String] = [:]
        for workflow in workflows.sorted(by: { ($0.version ?? 0) > ($1.version ?? 0) }) {
            for step in workflow.steps where uses[step.id.value] == nil {
                titles[step.id.value] = step.displayTitle
                uses[step.id.value] = step.uses.value
            }
        }
        return (titles, uses)
    }
}
