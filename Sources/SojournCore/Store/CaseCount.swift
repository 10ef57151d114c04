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
