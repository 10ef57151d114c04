public import SojournKit

/// The figures that show whether a programme worked, per workflow: participation and
/// eligibility, matching, sessions and cadence, surveys, goals, milestones, knowledge
/// sharing, recognition, and retention and promotion after return against those who did
/// not take part. Computed from each case's events (`CaseFacts`) by `CaseService.report`;
/// every formula is in `Docs/kpis.md`.
public struct ProgrammeReport: Sendable {
    /// The figures of one workflow (all its versions).
    public struct Programme: Sendable {
        public var workflow: String
        public var title: String
        /// The latest date any of its cases has reached.
        public var reportDate: CalendarDate?
        public var figures: ProgrammeFigures
        /// `--by`: the figures again for each value, in value order.
        public var breakdown: [Group] = []
        /// The groups of `--by` left out of `breakdown` for having too few cases, and
        /// their cases (`SmallGroups.omitSmall`).
        public var omitted = SmallGroups.Omitted()
        public var trends: [Trend] = []
        /// The figures plugins declare (`StepPlugin.figures`), per step using them.
        public var pluginFigures: [Figure] = []
    }

    /// The figures of the cases sharing one value of `--by`.
    public struct Group: Sendable {
        public var value: String
        public var figures: ProgrammeFigures
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

    /// What was asked for.
    public var options: ReportOptions
    /// One entry per workflow id, in id order.
    public var programmes: [Programme] = []

    public init(options: ReportOptions) {
        self.options = options
    }
}
