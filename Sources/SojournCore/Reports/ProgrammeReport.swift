public import SojournKit

/// The figures that show whether a programme worked, per workflow: how many took part and
/// were eligible, how often pairs met and how they rated it, what surveys said, who was
/// recognised, and retention and promotion after return. Totalled by the store from the
/// outputs of each case's steps, by the kind of step (`meeting`, `survey`, `outcome`, …),
/// so it works for any workflow that uses those plugins (`CaseService.report`).
public struct ProgrammeReport: Sendable {
    /// The figures of one workflow (all its versions).
    public struct Programme: Sendable {
        public var workflow: String
        public var title: String
        public var cases = 0
        public var open = 0
        public var completed = 0
        public var cancelled = 0
        /// Cases that ended early (`sojourn end`), by reason, in `CaseEnding.Reason` order.
        public var ended: [Count] = []
        /// How many cases ended early.
        public var endedCount: Int { ended.reduce(0) { $0 + $1.count } }
        /// Questionnaires answered with an `eligible` output, and how many were eligible.
        public var answered = 0
        public var eligible = 0
        /// Percent of those who answered who were eligible.
        public var eligiblePercent: Double? { answered == 0 ? nil : Double(eligible) * 100 / Double(answered) }
        /// Cases in which each match step (by title) bound someone.
        public var matched: [Count] = []
        public var sessions: [Sessions] = []
        public var surveys: [Survey] = []
        /// Recognition decisions: awarded, declined, not-eligible, nominated.
        public var recognition: [Count] = []
        public var outcomes: [Outcome] = []
        /// The figures plugins declare (`StepPlugin.figures`), per step using them.
        public var figures: [Figure] = []
    }

    /// One figure a plugin declares, for one step: its value and the counts behind it.
    public struct Figure: Sendable, Hashable {
        public var step: String
        public var title: String
        public var plugin: String
        public var figure: ReportFigure
        /// The cases counted (those whose step has the output; for a share, those with
        /// yes or no).
        public var cases: Int
        /// The total: a count, a sum, or the yes count of a share.
        public var total: Double

        /// What is shown: the count or sum, the mean, or the percentage.
        public var value: Double? {
            switch figure.formula {
            case .cases, .sum: total
            case .mean: cases == 0 ? nil : total / Double(cases)
            case .share: cases == 0 ? nil : total * 100 / Double(cases)
            }
        }
    }

    /// A named count.
    public struct Count: Sendable, Hashable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// A `meeting` step across cases.
    public struct Sessions: Sendable {
        public var step: String
        public var title: String
        public var cases = 0
        public var held = 0
        public var missed = 0
        /// Cases with rated sessions, and the sum of their average ratings.
        public var ratedCases = 0
        /// The sum of those cases' average ratings.
        public var ratingSum = 0.0
        /// Cases whose attendance fell below `min_attendance`.
        public var fellShort = 0

        /// Percent of sessions held.
        public var attendance: Double? { held + missed == 0 ? nil : Double(held) * 100 / Double(held + missed) }
        /// The mean of the cases' average ratings.
        public var averageRating: Double? { ratedCases == 0 ? nil : ratingSum / Double(ratedCases) }
    }

    /// A `survey` step across cases: the mean of each question's average per case.
    public struct Survey: Sendable {
        public var step: String
        public var title: String
        public var cases = 0
        public var questions: [(name: String, cases: Int, sum: Double)] = []

        public var averages: [(name: String, average: Double)] {
            questions.map { ($0.name, $0.sum / Double(Swift.max(1, $0.cases))) }
        }
    }

    /// An `outcome` step across cases.
    public struct Outcome: Sendable {
        public var step: String
        /// Its `label`, else the step's title.
        public var label: String
        public var recorded = 0
        public var stillEmployed = 0
        public var promoted = 0
        public var movedRole = 0

        public var retention: Double? { recorded == 0 ? nil : Double(stillEmployed) * 100 / Double(recorded) }
        public var promotion: Double? { recorded == 0 ? nil : Double(promoted) * 100 / Double(recorded) }
    }

    /// One entry per workflow id, in id order.
    public var programmes: [Programme] = []

    public init() {}
}
