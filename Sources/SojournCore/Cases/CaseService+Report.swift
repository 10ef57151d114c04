import SojournKit

extension CaseService {
    /// The programme figures over every case, or the cases of one workflow id. Each
    /// figure is one query the store totals over the rows of the steps it concerns (a
    /// pass per figure, whatever the number of cases); no case is read back.
    public func report(workflow: String? = nil) throws -> ProgrammeReport {
        try store.read { reader in
            // The workflows cases are pinned to, grouped by id.
            var byID: [String: [(hash: String, workflow: Workflow)]] = [:]
            var counts: [String: [CaseProgress.State: Int]] = [:]
            var endings: [String: [CaseEnding.Reason: Int]] = [:]
            var everyHash: [(hash: String, workflow: Workflow)] = []
            for count in try reader.caseCounts() {
                let compiled = try self.workflow(hash: count.workflowHash, caseID: "of workflow \(count.workflowHash.prefix(12))", reader: reader)
                if !everyHash.contains(where: { $0.hash == count.workflowHash }) { everyHash.append((count.workflowHash, compiled)) }
                let id = compiled.id.value
                guard workflow == nil || workflow == id else { continue }
                if !(byID[id]?.contains { $0.hash == count.workflowHash } ?? false) { byID[id, default: []].append((count.workflowHash, compiled)) }
                counts[id, default: [:]][count.state, default: 0] += count.count
                if let ending = count.ending { endings[id, default: [:]][ending, default: 0] += count.count }
            }
            var report = ProgrammeReport()
            for (id, versions) in byID.sorted(by: { $0.key < $1.key }) {
                let newest = versions.max { ($0.workflow.version ?? 0) < ($1.workflow.version ?? 0) }!.workflow
                var programme = ProgrammeReport.Programme(workflow: id, title: newest.title)
                let states = counts[id] ?? [:]
                programme.open = states[.open] ?? 0
                programme.completed = states[.completed] ?? 0
                programme.cancelled = states[.cancelled] ?? 0
                programme.ended = CaseEnding.Reason.allCases.compactMap { reason in endings[id]?[reason].map { .init(name: reason.rawValue, count: $0) } }
                programme.cases = programme.open + programme.completed + programme.cancelled + (states[.ended] ?? 0)
                try ReportFigures(reader: reader, versions: versions, everyHash: everyHash, plugins: plugins).fill(&programme)
                report.programmes.append(programme)
            }
            return report
        }
    }
}

/// The figures of one programme, each totalled by the store over the steps that use one
/// kind of plugin, in every version of the workflow.
private struct ReportFigures {
    let reader: any CaseStoreReader
    let versions: [(hash: String, workflow: Workflow)]
    /// Every workflow cases use, of any id.
    let everyHash: [(hash: String, workflow: Workflow)]
    /// For the figures each plugin declares.
    let plugins: PluginRegistry

    /// The steps of every version using `plugin`, grouped by step id in the newest
    /// version's order (each version's steps after those of the newer ones).
    func steps(using plugin: String) -> [(id: String, title: String, steps: [PinnedStep])] {
        var order: [String] = []
        var groups: [String: (title: String, steps: [PinnedStep])] = [:]
        for (hash, workflow) in versions.sorted(by: { ($0.workflow.version ?? 0) > ($1.workflow.version ?? 0) }) {
            for step in workflow.steps where step.uses.value == plugin {
                let id = step.id.value
                if groups[id] == nil {
                    order.append(id)
                    groups[id] = (step.displayTitle, [])
                }
                groups[id]?.steps.append(PinnedStep(workflowHash: hash, step: id))
            }
        }
        return order.map { ($0, groups[$0]!.title, groups[$0]!.steps) }
    }

    func totals(_ query: OutputQuery) throws -> OutputTotals {
        var query = query
        // When no workflow outside the query has one of its step ids, the store can find
        // the rows by step id alone.
        let ids = Set(query.steps.map(\.step))
        let hashes = Set(query.steps.map(\.workflowHash))
        query.unambiguous = !everyHash.contains { !hashes.contains($0.hash) && $0.workflow.steps.contains { ids.contains($0.id.value) } }
        var total = OutputTotals(step: query.steps.first ?? PinnedStep(workflowHash: "", step: ""), values: Array(repeating: 0, count: query.measures.count))
        for found in try reader.outputTotals(query) {
            total.values = zip(total.values, found.values).map(+)
            total.byText.merge(found.byText, uniquingKeysWith: +)
            total.byKey.merge(found.byKey) { ($0.rows + $1.rows, $0.sum + $1.sum) }
        }
        return total
    }

    func fill(_ programme: inout ProgrammeReport.Programme) throws {
        // Eligibility: questionnaires answered with an `eligible` yes or no.
        let questionnaires = steps(using: "questionnaire").flatMap(\.steps)
        let eligibility = try totals(OutputQuery(steps: questionnaires, measures: [.yes("eligible"), .no("eligible")]))
        programme.eligible = Int(eligibility.values[0])
        programme.answered = Int(eligibility.values[0] + eligibility.values[1])

        // Matches: completed match steps that bound someone, by title.
        for group in steps(using: "mentor-match") {
            let matched = try totals(OutputQuery(steps: group.steps, states: [.completed], having: "matched", measures: [.rows]))
            let count = Int(matched.values[0])
            guard count > 0 else { continue }
            if let index = programme.matched.firstIndex(where: { $0.name == group.title }) {
                programme.matched[index].count += count
            } else {
                programme.matched.append(.init(name: group.title, count: count))
            }
        }

        // Sessions: meeting steps that recorded how many were held and missed.
        for group in steps(using: "meeting") {
            let all = try totals(OutputQuery(steps: group.steps, having: "held", measures: [
                .rows, .sum("held"), .sum("missed"), .numbers("average_rating"), .sum("average_rating"), .yesWhen("fell_short", states: [.completed, .skipped]),
            ]))
            guard all.values[0] > 0 else { continue }
            var sessions = ProgrammeReport.Sessions(step: group.id, title: group.title)
            sessions.cases = Int(all.values[0])
            sessions.held = Int(all.values[1])
            sessions.missed = Int(all.values[2])
            sessions.ratedCases = Int(all.values[3])
            sessions.ratingSum = all.values[4]
            sessions.fellShort = Int(all.values[5])
            programme.sessions.append(sessions)
        }

        // Surveys: the average of each question, per case, summed over cases.
        for group in steps(using: "survey") {
            let found = try totals(OutputQuery(steps: group.steps, measures: [], keysStartingWith: "avg_"))
            guard !found.byKey.isEmpty else { continue }
            var survey = ProgrammeReport.Survey(step: group.id, title: group.title)
            survey.questions = found.byKey.sorted { $0.key < $1.key }.map { (String($0.key.dropFirst(4)), $0.value.rows, $0.value.sum) }
            // Cases that answered: those with the most-answered question's average.
            survey.cases = found.byKey.values.map(\.rows).max() ?? 0
            programme.surveys.append(survey)
        }

        // Recognition decisions.
        let recognition = try totals(OutputQuery(steps: steps(using: "recognition").flatMap(\.steps), measures: [], countingBy: "decision"))
        programme.recognition = recognition.byText.sorted { $0.key < $1.key }.map { .init(name: $0.key, count: $0.value) }

        // Outcomes: completed outcome steps that said whether the employee is still employed.
        for group in steps(using: "outcome") {
            // Skipped ones count too: a case that ended because the employee left says so
            // at every outcome it had not reached.
            let found = try totals(OutputQuery(steps: group.steps, states: [.completed, .skipped], having: "still_employed",
                                               measures: [.yes("still_employed"), .no("still_employed"), .yes("promoted"), .yes("moved_role")], countingBy: "label"))
            let recorded = Int(found.values[0] + found.values[1])
            guard recorded > 0 else { continue }
            // The label most of them recorded, else the step's title.
            let label = found.byText.filter { !$0.key.isEmpty }.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? group.title
            var outcome = ProgrammeReport.Outcome(step: group.id, label: label)
            outcome.recorded = recorded
            outcome.stillEmployed = Int(found.values[0])
            outcome.promoted = Int(found.values[2])
            outcome.movedRole = Int(found.values[3])
            programme.outcomes.append(outcome)
        }

        // What each plugin declares, step by step, in the order the plugins are listed.
        for plugin in plugins.names {
            guard let figures = plugins.plugin(named: plugin)?.figures, !figures.isEmpty else { continue }
            for group in steps(using: plugin) {
                for figure in figures {
                    let output = figure.formula.output
                    let measures: [OutputQuery.Measure]
                    switch figure.formula {
                    case .cases: measures = [.rows, .rows]
                    case .sum(let key), .mean(let key): measures = [.numbers(key), .sum(key)]
                    case .share(let key): measures = [.yes(key), .no(key)]
                    }
                    let found = try totals(OutputQuery(steps: group.steps, having: output, measures: measures))
                    var cases = Int(found.values[0]), total = found.values[1]
                    if case .share = figure.formula {
                        cases = Int(found.values[0] + found.values[1])
                        total = found.values[0]
                    }
                    guard cases > 0 else { continue }
                    programme.figures.append(.init(step: group.id, title: group.title, plugin: plugin, figure: figure, cases: cases, total: total))
                }
            }
        }
    }
}
