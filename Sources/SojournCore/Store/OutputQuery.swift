public import SojournKit

/// How many cases of a pinned workflow are in each state.
public struct CaseCount: Sendable, Hashable {
    public var workflowHash: String
    public var state: CaseProgress.State
    public var count: Int
    /// Why these cases ended, for cases that ended early.
    public var ending: CaseEnding.Reason?

    public init(workflowHash: String, state: CaseProgress.State, count: Int, ending: CaseEnding.Reason? = nil) {
        self.workflowHash = workflowHash
        self.state = state
        self.ending = ending
        self.count = count
    }
}

/// A step of a pinned workflow.
public struct PinnedStep: Sendable, Hashable {
    public var workflowHash: String
    public var step: String

    public init(workflowHash: String, step: String) {
        self.workflowHash = workflowHash
        self.step = step
    }
}

/// Totals over what some steps published, computed by the store in one pass over their
/// rows (`sojourn report`), never by reading the cases back.
public struct OutputQuery: Sendable, Hashable {
    /// One figure over a step's rows.
    public enum Measure: Sendable, Hashable {
        /// How many rows match.
        case rows
        /// The sum of the output `key` where it is a number.
        case sum(String)
        /// Rows where the output `key` is a number.
        case numbers(String)
        /// Rows where the output `key` is yes (true).
        case yes(String)
        /// Rows where the output `key` is no (false).
        case no(String)
        /// Rows in one of `states` where the output `key` is yes.
        case yesWhen(String, states: [StepProgress.State])
    }

    /// The steps to total, each counted apart.
    public var steps: [PinnedStep]
    /// Only rows in these states (`nil`: any).
    public var states: [StepProgress.State]?
    /// Only rows that have this output.
    public var having: String?
    public var measures: [Measure]
    /// Also count rows by the text of this output (`decision`: awarded, declined…).
    public var countingBy: String?
    /// Also total every numeric output whose name starts with this (`avg_`).
    public var keysStartingWith: String?
    /// Whether the steps' workflows are all the workflows any case uses that have these
    /// step ids, so the store may find the rows by step id alone.
    public var unambiguous: Bool

    public init(steps: [PinnedStep], states: [StepProgress.State]? = nil, having: String? = nil, measures: [Measure], countingBy: String? = nil, keysStartingWith: String? = nil, unambiguous: Bool = false) {
        self.unambiguous = unambiguous
        self.steps = steps
        self.states = states
        self.having = having
        self.measures = measures
        self.countingBy = countingBy
        self.keysStartingWith = keysStartingWith
    }
}

/// What an `OutputQuery` found for one step.
public struct OutputTotals: Sendable {
    public var step: PinnedStep
    /// The measures' values, in the query's order (counts as whole numbers).
    public var values: [Double]
    /// Rows by the text of `countingBy`, when asked.
    public var byText: [String: Int]
    /// For `keysStartingWith`: each output name, how many rows have it as a number, and
    /// their sum.
    public var byKey: [String: (rows: Int, sum: Double)]

    public init(step: PinnedStep, values: [Double], byText: [String: Int] = [:], byKey: [String: (rows: Int, sum: Double)] = [:]) {
        self.step = step
        self.values = values
        self.byText = byText
        self.byKey = byKey
    }
}
