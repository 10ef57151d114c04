import Foundation
import HeapModule
import SojournKit

/// The engine's timer index: for every slot of a case (a phase, a step, the case) the
/// next moment it would produce, and a heap to find the earliest one. After a moment is
/// processed only the slots it can affect are looked at again (`EngineLayout`'s
/// dependents), so a case with ten thousand steps side by side advances in time
/// proportional to what happens, not to its size times what happens.
///
/// The earliest moment is the one the engine has always taken: by date, then priority
/// (completions first), then the order the workflow lists things in.
struct MomentIndex {
    /// A candidate moment of one slot.
    struct Candidate {
        var moment: CaseEngine.Moment
        var position: Int
        var sub: Int

        var key: Key { Key(date: moment.date.dayNumber, priority: moment.priority, position: position, sub: sub) }
    }

    struct Key: Comparable {
        var date: Int
        var priority: Int
        var position: Int
        var sub: Int

        static func < (a: Key, b: Key) -> Bool {
            (a.date, a.priority, a.position, a.sub) < (b.date, b.priority, b.position, b.sub)
        }
    }

    private struct Entry: Comparable {
        var key: Key
        var slot: Int
        var version: Int

        static func < (a: Entry, b: Entry) -> Bool { a.key < b.key }
        static func == (a: Entry, b: Entry) -> Bool { a.key == b.key && a.slot == b.slot && a.version == b.version }
    }

    /// The date the index was built for: candidates depend on the case's date.
    private(set) var builtFor: CalendarDate?
    private var candidates: [Candidate?] = []
    private var versions: [Int] = []
    private var heap = Heap<Entry>()
    /// Slots whose candidates must be worked out again before the next query.
    private var stale: Set<Int> = []

    /// Per phase: how many of its steps are not finished, and the latest finish of those
    /// that are (a phase completes when the count reaches zero).
    private(set) var unfinishedSteps: [Int] = []
    private(set) var latestStepFinish: [CalendarDate?] = []
    private var stepFinished: [Bool] = []
    /// The same for the case and its phases.
    private(set) var unfinishedPhases = 0
    private(set) var latestPhaseFinish: CalendarDate?
    private var phaseFinished: [Bool] = []

    var isBuilt: Bool { builtFor != nil }

    /// Forgets everything; the next query rebuilds.
    mutating func reset() {
        builtFor = nil
    }

    /// The case's date moved after a run brought it there: what the index holds is
    /// still true.
    mutating func move(from old: CalendarDate, to new: CalendarDate) {
        if builtFor == old, stale.isEmpty { builtFor = new }
    }

    /// Works out every slot for the case's date `asOf`.
    mutating func build(_ layout: EngineLayout, progress: CaseProgress, asOf: CalendarDate, candidate: (Int, MomentIndex) throws(EngineError) -> Candidate?) throws(EngineError) {
        builtFor = asOf
        stepFinished = layout.stepIDs.map { progress.steps[$0]?.isFinished ?? false }
        unfinishedSteps = Array(repeating: 0, count: layout.phaseCount)
        latestStepFinish = Array(repeating: nil, count: layout.phaseCount)
        for (s, finished) in stepFinished.enumerated() {
            let p = layout.phaseOfStep[s]
            // A phase waits only for its blocking steps.
            guard layout.stepBlocking[s] else { continue }
            if finished {
                if let date = progress.steps[layout.stepIDs[s]]?.finished { latestStepFinish[p] = max(latestStepFinish[p] ?? date, date) }
            } else {
                unfinishedSteps[p] += 1
            }
        }
        phaseFinished = layout.phaseIDs.map { progress.phases[$0]?.isFinished ?? false }
        unfinishedPhases = phaseFinished.filter { !$0 }.count
        latestPhaseFinish = nil
        for (p, finished) in phaseFinished.enumerated() where finished {
            if let date = progress.phases[layout.phaseIDs[p]]?.finished { latestPhaseFinish = max(latestPhaseFinish ?? date, date) }
        }
        candidates = Array(repeating: nil, count: layout.slotCount)
        versions = Array(repeating: 0, count: layout.slotCount)
        heap = Heap()
        stale = []
        for slot in 0..<layout.slotCount {
            try refresh(slot, candidate)
        }
    }

    /// A step changed: note whether it finished, and mark what depends on it.
    mutating func stepChanged(_ s: Int, _ layout: EngineLayout, progress: CaseProgress) {
        guard isBuilt else { return }
        let state = progress.steps[layout.stepIDs[s]]
        let finished = state?.isFinished ?? false
        let p = layout.phaseOfStep[s]
        if finished != stepFinished[s] {
            stepFinished[s] = finished
            if finished {
                // A phase counts only its blocking steps.
                if layout.stepBlocking[s] {
                    unfinishedSteps[p] -= 1
                    if let date = state?.finished { latestStepFinish[p] = max(latestStepFinish[p] ?? date, date) }
                }
            } else {
                // A step that stops being finished (never, today) needs a recount.
                reset()
                return
            }
        }
        stale.formUnion(layout.stepDependents[s])
    }

    /// A phase changed: note whether it finished, and mark what depends on it.
    mutating func phaseChanged(_ p: Int, _ layout: EngineLayout, progress: CaseProgress) {
        guard isBuilt else { return }
        let state = progress.phases[layout.phaseIDs[p]]
        let finished = state?.isFinished ?? false
        if finished != phaseFinished[p] {
            phaseFinished[p] = finished
            if finished {
                unfinishedPhases -= 1
                if let date = state?.finished { latestPhaseFinish = max(latestPhaseFinish ?? date, date) }
            } else {
                reset()
                return
            }
        }
        stale.formUnion(layout.phaseDependents[p])
    }

    /// The earliest candidate of all slots, after working out the stale ones again.
    mutating func earliest(_ candidate: (Int, MomentIndex) throws(EngineError) -> Candidate?) throws(EngineError) -> Candidate? {
        if !stale.isEmpty {
            for slot in stale.sorted() { try refresh(slot, candidate) }
            stale.removeAll(keepingCapacity: true)
        }
        while let top = heap.min {
            if versions[top.slot] == top.version, let found = candidates[top.slot] { return found }
            heap.removeMin()
        }
        return nil
    }

    /// The current candidate of every slot, for checking the index against a full scan.
    var allCandidates: [Candidate?] { candidates }

    private mutating func refresh(_ slot: Int, _ candidate: (Int, MomentIndex) throws(EngineError) -> Candidate?) throws(EngineError) {
        let found = try candidate(slot, self)
        versions[slot] += 1
        candidates[slot] = found
        if let found { heap.insert(Entry(key: found.key, slot: slot, version: versions[slot])) }
    }
}

extension CaseEngine.Moment: CustomStringConvertible {
    /// `2027-03-01 start step mentoring`, for messages about the timer index.
    var description: String {
        let what: String
        switch kind {
        case .completePhase(let phase): what = "complete phase \(phase.id.value)"
        case .finishRepeatingStep(let step): what = "finish step \(step.id.value)"
        case .completeCase: what = "complete the case"
        case .startPhase(let phase): what = "start phase \(phase.id.value)"
        case .stepReady(let step, _, _): what = "step \(step.id.value) ready"
        case .startStep(let step, _): what = "start step \(step.id.value)"
        case .openOccurrence(let step, let number): what = "open \(step.id.value)#\(number)"
        case .wakeUp(let step): what = "wake step \(step.id.value)"
        case .overdue(let step, let occurrence): what = "\(step.id.value)\(occurrence.map { "#\($0)" } ?? "") overdue"
        case .remind(let step, let occurrence, let rule): what = "remind \(step.id.value)\(occurrence.map { "#\($0)" } ?? "") (rule \(rule + 1))"
        case .graceEnded(let step, let occurrence): what = "\(step.id.value)\(occurrence.map { "#\($0)" } ?? "") grace ended"
        case .escalate(let step, let occurrence): what = "escalate \(step.id.value)\(occurrence.map { "#\($0)" } ?? "")"
        case .forecastDone(let step, let occurrence): what = "forecast \(step.id.value)\(occurrence.map { "#\($0)" } ?? "") done"
        }
        return "\(date) \(what)"
    }
}
