public import SojournKit

/// The dates a case will keep from here if every step is done on its due date.
public struct CaseForecast: Sendable, Hashable {
    /// The planned dates of one step, or of one occurrence of a repeating step.
    public struct Entry: Sendable, Hashable {
        public var target: CaseEngine.Target
        /// When it starts (for an occurrence: the day it opens).
        public var starts: CalendarDate?
        public var due: CalendarDate?
        /// Its condition is false with the case's values: it will be skipped.
        public var skipped: Bool

        public init(target: CaseEngine.Target, starts: CalendarDate?, due: CalendarDate?, skipped: Bool = false) {
            self.target = target
            self.starts = starts
            self.due = due
            self.skipped = skipped
        }
    }

    /// Every step and occurrence not finished yet, in the workflow's order.
    public var entries: [Entry]
    /// The day the case would complete, if it does.
    public var completes: CalendarDate?
    /// When each phase not started yet would start.
    public var phaseStarts: [String: CalendarDate] = [:]

    /// The entry of a step or occurrence, if it has one.
    public func entry(_ target: CaseEngine.Target) -> Entry? {
        entries.first { $0.target == target }
    }
}

extension CaseEngine {
    /// What happens from the case's date on if every step is done on its due date (on
    /// the day it starts when it has none, or when it completes by itself as it starts,
    /// as a notification does), every occurrence on its own, and every condition nobody
    /// has answered yet holds. The engine itself runs forward on a copy, so these are the
    /// dates the case will keep: nothing is stored, and no plugin is called but to start.
    public func forecast() throws(EngineError) -> CaseForecast {
        var copy = self
        copy.forecasting = true
        copy.events = []
        copy.index = MomentIndex()
        // A case on hold is forecast as if it resumed on its date.
        if copy.progress.hold != nil { try copy.resume(by: nil, on: progress.asOf) }
        if progress.state == .open {
            try copy.run(until: progress.asOf.adding(days: 366 * 50))
        }
        var entries: [CaseForecast.Entry] = []
        for step in workflow.steps {
            let id = step.id.value
            guard let now = progress.steps[id], !now.isFinished, now.state != .failed, let later = copy.progress.steps[id] else { continue }
            if later.occurrences.isEmpty {
                guard later.started != nil || later.state == .skipped else { continue }
                entries.append(.init(target: Target(step: id), starts: later.started, due: later.due, skipped: later.state == .skipped))
                continue
            }
            for occurrence in later.occurrences {
                let before = now.occurrences.first { $0.number == occurrence.number }
                if let before, before.isFinished { continue }
                if occurrence.state == .skipped { continue }
                entries.append(.init(target: Target(step: id, occurrence: occurrence.number), starts: occurrence.date, due: occurrence.due))
            }
        }
        let completes = copy.events.last { $0.kind == .caseCompleted }?.date
        var forecast = CaseForecast(entries: entries, completes: completes)
        for phase in workflow.phases where progress.phases[phase.id.value]?.state == .pending {
            if let started = copy.progress.phases[phase.id.value]?.started { forecast.phaseStarts[phase.id.value] = started }
        }
        return forecast
    }

    /// In a forecast: a step or occurrence is done on `date`.
    mutating func forecastDone(_ step: Step, occurrence: Int?, on date: CalendarDate) {
        let id = step.id.value
        if let occurrence, let index = progress.steps[id]?.occurrences.firstIndex(where: { $0.number == occurrence }) {
            progress.steps[id]?.occurrences[index].state = .completed
            progress.steps[id]?.occurrences[index].finished = date
            emit(CaseEvent(.occurrenceCompleted, on: date, step: id, occurrence: occurrence))
        } else {
            progress.steps[id]?.state = .completed
            progress.steps[id]?.finished = date
            emit(CaseEvent(.stepCompleted, on: date, step: id))
        }
    }
}

extension CaseEngine {
    /// For each phase that has not started, what it waits for: the steps not finished in
    /// the phases it follows that are under way, and `phase ID` for those not started.
    public func phaseWaits() -> [String: [String]] {
        var waits: [String: [String]] = [:]
        for (p, phase) in workflow.phases.enumerated() where progress.phases[phase.id.value]?.state == .pending {
            var steps: [String] = []
            for q in layout.phasePredecessors[p] {
                let before = workflow.phases[q]
                guard progress.phases[before.id.value]?.state == .active else {
                    if progress.phases[before.id.value]?.state == .pending { steps.append("phase \(before.id.value)") }
                    continue
                }
                for step in before.steps where step.blocking && !(progress.steps[step.id.value]?.isFinished ?? true) {
                    steps.append(step.id.value)
                }
            }
            if !steps.isEmpty { waits[phase.id.value] = steps }
        }
        return waits
    }
}

extension CaseEngine {
    /// Opens a new case and runs it to its end as a forecast, strictly: a date that
    /// cannot be worked out throws. What `Planner` makes a plan of.
    mutating func runPlan() throws(EngineError) {
        forecasting = true
        strictDates = true
        try open(by: nil)
        try run(until: planHorizon)
    }

    /// How far a plan looks: fifty years past the opening or the latest date the case
    /// gives (a departure decades away still gets its plan), within the years 0001-9999.
    var planHorizon: CalendarDate {
        let latest = fields.values.compactMap { value -> CalendarDate? in
            if case .date(let date) = value { return date }
            return nil
        }.max()
        let horizon = max(progress.asOf, latest ?? progress.asOf).adding(days: 366 * 50)
        return min(horizon, CalendarDate.latest)
    }
}
