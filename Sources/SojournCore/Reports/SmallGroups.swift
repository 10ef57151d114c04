/// Keeps a small group's figures from being read, or worked out, from a breakdown. A
/// group of fewer cases than the threshold is not shown at all (`omitSmall`). A mean from
/// fewer respondents than the threshold is withheld (`Mean`); but with the programme's
/// mean and every other group's shown, one withheld group's mean could be recomputed by
/// subtraction. So, for each mean, when the groups withheld together count fewer than the
/// threshold of respondents, the smallest shown groups are withheld too, until they count
/// enough (complementary suppression, as statistics offices do).
public enum SmallGroups {
    /// Groups of a breakdown not shown, and their cases.
    public struct Omitted: Sendable, Hashable {
        public var groups = 0
        public var cases = 0
    }

    /// Leaves out of a breakdown every group of fewer cases than `minimumCases`: its
    /// figures are about a few named people (`--by employee` would show each person's
    /// outcome). When the groups left out count fewer cases together than that, the
    /// smallest groups still shown are left out too, so the programme's figures minus the
    /// shown groups' do not give the small ones away.
    static func omitSmall(_ groups: inout [ProgrammeReport.Group], minimumCases: Int) -> Omitted {
        var omitted = Omitted()
        var kept: [ProgrammeReport.Group] = []
        for group in groups {
            if group.figures.cases.total < minimumCases {
                omitted.groups += 1
                omitted.cases += group.figures.cases.total
            } else {
                kept.append(group)
            }
        }
        if omitted.cases > 0 {
            while omitted.cases < minimumCases, let smallest = kept.indices.min(by: { kept[$0].figures.cases.total < kept[$1].figures.cases.total }) {
                omitted.groups += 1
                omitted.cases += kept[smallest].figures.cases.total
                kept.remove(at: smallest)
            }
        }
        groups = kept
        return omitted
    }

    /// One mean of the figures: a meeting step's rating, or a survey question.
    public enum Key: Hashable {
        case rating(step: String)
        case answer(step: String, question: String)
    }

    static func protect(_ groups: inout [ProgrammeReport.Group], minimumRespondents: Int) {
        var keys: [Key] = []
        for group in groups {
            for key in group.figures.meanKeys where !keys.contains(key) { keys.append(key) }
        }
        for key in keys {
            var withheld = 0
            var shown: [(index: Int, respondents: Int)] = []
            for (index, group) in groups.enumerated() {
                guard let mean = group.figures.mean(key) else { continue }
                if mean.withheld { withheld += mean.respondents } else if mean.respondents > 0 { shown.append((index, mean.respondents)) }
            }
            guard withheld > 0 else { continue }
            shown.sort { ($0.respondents, $0.index) < ($1.respondents, $1.index) }
            for next in shown where withheld < minimumRespondents {
                groups[next.index].figures.withhold(key)
                withheld += next.respondents
            }
        }
    }
}

extension ProgrammeFigures {
    var meanKeys: [SmallGroups.Key] {
        sessions.map { .rating(step: $0.step) } + surveys.flatMap { survey in survey.questions.map { .answer(step: survey.step, question: $0.name) } }
    }

    func mean(_ key: SmallGroups.Key) -> Mean? {
        switch key {
        case .rating(let step): sessions.first { $0.step == step }?.rating
        case .answer(let step, let question): surveys.first { $0.step == step }?.questions.first { $0.name == question }?.mean
        }
    }

    /// Withholds a mean that is large enough itself, to protect a smaller group's.
    mutating func withhold(_ key: SmallGroups.Key) {
        switch key {
        case .rating(let step):
            guard let index = sessions.firstIndex(where: { $0.step == step }) else { return }
            sessions[index].rating.withholdToProtectAnother()
        case .answer(let step, let question):
            guard let index = surveys.firstIndex(where: { $0.step == step }),
                  let at = surveys[index].questions.firstIndex(where: { $0.name == question }) else { return }
            surveys[index].questions[at].mean.withholdToProtectAnother()
        }
    }
}
