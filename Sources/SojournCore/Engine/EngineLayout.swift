import Foundation
import SojournKit
import SojournLanguage

/// A workflow as the engine's timer index sees it, worked out once per workflow: every
/// phase and step numbered, what each follows, what each date or condition of it
/// mentions, and so which others must be looked at again when one changes.
///
/// Moments come from *slots*: one per phase (it starts, or completes), one per step (it
/// becomes ready or starts; for a started step, its occurrences, due date, reminders and
/// wake-up), and one for the case (it completes). Slot numbers are phases first, then
/// steps in file order, then the case.
final class EngineLayout: Sendable {
    /// A name an expression mentions that the engine tracks: a step or a phase, with
    /// the member read (`done`, `started`, an output).
    struct Reference: Sendable {
        enum Target: Sendable { case step(Int), phase(Int) }
        var target: Target
        var member: String
    }

    let phaseIDs: [String]
    let stepIDs: [String]
    /// Whether each step holds its phase until it finishes (`blocking:`).
    let stepBlocking: [Bool]
    let phaseIndex: [String: Int]
    let stepIndex: [String: Int]
    /// The phase each step belongs to.
    let phaseOfStep: [Int]
    /// The steps of each phase, in order.
    let stepsOfPhase: [[Int]]
    let phasePredecessors: [[Int]]
    let stepPredecessors: [[Int]]
    /// What a phase's or step's start and condition (and a step's plugin conditions)
    /// wait for: `x.done`, `x.started`, an output of `x`.
    let phaseAwaits: [[Reference]]
    let stepAwaits: [[Reference]]
    /// Slots to look at again when a phase or step changes.
    let phaseDependents: [[Int]]
    let stepDependents: [[Int]]
    /// The order moments of one day and priority happen in: the order the workflow
    /// lists them (a phase's start before its steps, its completion after them).
    let phaseStartPosition: [Int]
    let phaseCompletePosition: [Int]
    let stepPosition: [Int]
    let casePosition: Int
    /// Whether an expression a slot's moments depend on reads `today` (its moments then
    /// move with the case's date, and the index is rebuilt when the date moves).
    let readsToday: Bool

    var phaseCount: Int { phaseIDs.count }
    var stepCount: Int { stepIDs.count }
    var slotCount: Int { phaseIDs.count + stepIDs.count + 1 }
    var caseSlot: Int { phaseIDs.count + stepIDs.count }
    func slot(ofPhase index: Int) -> Int { index }
    func slot(ofStep index: Int) -> Int { phaseIDs.count + index }

    init(_ workflow: Workflow) {
        var phaseIDs: [String] = [], stepIDs: [String] = []
        var phaseIndex: [String: Int] = [:], stepIndex: [String: Int] = [:]
        var phaseOfStep: [Int] = [], stepsOfPhase: [[Int]] = []
        for (p, phase) in workflow.phases.enumerated() {
            phaseIDs.append(phase.id.value)
            phaseIndex[phase.id.value] = p
            var members: [Int] = []
            for step in phase.steps {
                stepIndex[step.id.value] = stepIDs.count
                members.append(stepIDs.count)
                stepIDs.append(step.id.value)
                phaseOfStep.append(p)
            }
            stepsOfPhase.append(members)
        }
        let steps = workflow.steps

        // What each follows.
        var phasePredecessors: [[Int]] = []
        for (p, phase) in workflow.phases.enumerated() {
            if let after = phase.after {
                phasePredecessors.append(after.compactMap { phaseIndex[$0.value] })
            } else {
                phasePredecessors.append(p > 0 ? [p - 1] : [])
            }
        }
        var stepPredecessors: [[Int]] = []
        for (p, phase) in workflow.phases.enumerated() {
            let members = stepsOfPhase[p]
            for (offset, step) in phase.steps.enumerated() {
                if let after = step.after {
                    stepPredecessors.append(after.compactMap { id in members.first { stepIDs[$0] == id.value } })
                } else {
                    stepPredecessors.append(offset > 0 ? [members[offset - 1]] : [])
                }
            }
        }

        // What expressions mention.
        func references(_ expressions: [SourceExpression?], twoPartOnly: Bool) -> [Reference] {
            expressions.compactMap { $0 }.flatMap { expression in
                expression.expression.references.compactMap { names -> Reference? in
                    guard !names.isEmpty, !twoPartOnly || names.count == 2 else { return nil }
                    let member = names.count > 1 ? names[1].text : ""
                    if let step = stepIndex[names[0].text] { return Reference(target: .step(step), member: member) }
                    if let phase = phaseIndex[names[0].text] { return Reference(target: .phase(phase), member: member) }
                    return nil
                }
            }
        }
        let phaseAwaits = workflow.phases.map { references([$0.start, $0.when], twoPartOnly: true) }
        let stepAwaits = steps.map { references([$0.start, $0.when] + $0.configurationConditions, twoPartOnly: true) }
        // Everything a slot's dates read, awaited or not (reminders read other steps too).
        let phaseReads = workflow.phases.map { references([$0.start, $0.when], twoPartOnly: false) }
        let stepReads = steps.map { references([$0.start, $0.when] + $0.configurationConditions + $0.remind.map(Optional.some), twoPartOnly: false) }

        // Who depends on whom.
        let phaseCount = phaseIDs.count
        let caseSlot = phaseCount + stepIDs.count
        var phaseDependents = (0..<phaseCount).map { [$0] + stepsOfPhase[$0].map { phaseCount + $0 } + [caseSlot] }
        var stepDependents = stepIDs.indices.map { [phaseCount + $0, phaseOfStep[$0]] }
        for (q, predecessors) in phasePredecessors.enumerated() {
            for p in predecessors { phaseDependents[p].append(q) }
        }
        for (t, predecessors) in stepPredecessors.enumerated() {
            for s in predecessors { stepDependents[s].append(phaseCount + t) }
        }
        func depend(_ reads: [Reference], slot: Int) {
            for reference in reads {
                switch reference.target {
                case .step(let s): stepDependents[s].append(slot)
                case .phase(let p): phaseDependents[p].append(slot)
                }
            }
        }
        for (p, reads) in phaseReads.enumerated() { depend(reads, slot: p) }
        for (s, reads) in stepReads.enumerated() { depend(reads, slot: phaseCount + s) }

        // The order of a day's moments.
        var position = 0
        var phaseStartPosition: [Int] = [], phaseCompletePosition: [Int] = [], stepPosition = [Int](repeating: 0, count: stepIDs.count)
        for p in 0..<phaseCount {
            phaseStartPosition.append(position)
            position += 1
            for s in stepsOfPhase[p] {
                stepPosition[s] = position
                position += 1
            }
            phaseCompletePosition.append(position)
            position += 1
        }

        self.phaseIDs = phaseIDs
        self.stepIDs = stepIDs
        self.stepBlocking = steps.map(\.blocking)
        self.phaseIndex = phaseIndex
        self.stepIndex = stepIndex
        self.phaseOfStep = phaseOfStep
        self.stepsOfPhase = stepsOfPhase
        self.phasePredecessors = phasePredecessors
        self.stepPredecessors = stepPredecessors
        self.phaseAwaits = phaseAwaits
        self.stepAwaits = stepAwaits
        self.phaseDependents = phaseDependents.map { Array(Set($0)).sorted() }
        self.stepDependents = stepDependents.map { Array(Set($0)).sorted() }
        self.phaseStartPosition = phaseStartPosition
        self.phaseCompletePosition = phaseCompletePosition
        self.stepPosition = stepPosition
        self.casePosition = position
        let expressions = workflow.phases.flatMap { [$0.start, $0.when] } + steps.flatMap { [$0.start, $0.when] + $0.configurationConditions.map(Optional.some) + $0.remind.map(Optional.some) }
        self.readsToday = expressions.compactMap { $0 }.contains { $0.expression.references.contains { $0.first?.text == "today" } }
    }
}

/// Where a workflow keeps its engine layout once worked out. Copies of a workflow share
/// it; a workflow is not changed once read, so neither is its layout.
final class EngineLayoutBox: @unchecked Sendable {
    private let lock = NSLock()
    private var layout: EngineLayout?

    init() {}

    func layout(of workflow: Workflow) -> EngineLayout {
        lock.lock()
        defer { lock.unlock() }
        if let layout { return layout }
        let made = EngineLayout(workflow)
        layout = made
        return made
    }
}

extension Workflow {
    /// The workflow's layout for the engine's timer index, worked out on first use.
    var engineLayout: EngineLayout { layoutBox.layout(of: self) }
}
