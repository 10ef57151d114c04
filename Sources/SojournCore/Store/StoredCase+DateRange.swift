public import SojournKit

extension StoredCase {
    /// The first date of the case outside the years 0001 to 9999, named (`step 'visa''s
    /// next moment`), or `nil`. Such a date could be written but never read back, so
    /// the store refuses a case that holds one; the engine's own checks (dates from
    /// fields, postponements) should refuse it first with a better message.
    public var firstDateOutOfRange: String? {
        // Every write asks this: a first pass in storage order, naming nothing, since
        // nearly every case has no such date; then, for one that has, the same walk in
        // id order, so that the message names the same date every time.
        guard firstDate(outOfRangeSorted: false) != nil else { return nil }
        return firstDate(outOfRangeSorted: true)
    }

    private func firstDate(outOfRangeSorted sorted: Bool) -> String? {
        func bad(_ date: CalendarDate?) -> Bool { date.map { !$0.isInRange } ?? false }
        if bad(openedOn) { return "its opening date" }
        if bad(progress.asOf) { return "its date" }
        if bad(progress.hold?.since) { return "its hold" }
        let phases = sorted ? progress.phases.sorted { $0.key < $1.key } : Array(progress.phases)
        for (id, phase) in phases {
            for (date, what) in [(phase.started, "start"), (phase.finished, "end"), (phase.nextMoment, "next moment")] where bad(date) {
                return "phase '\(id)''s \(what)"
            }
        }
        let steps = sorted ? progress.steps.sorted { $0.key < $1.key } : Array(progress.steps)
        for (id, step) in steps {
            for (date, what) in [(step.ready, "ready date"), (step.started, "start"), (step.due, "due date"), (step.finished, "end"),
                                 (step.nextMoment, "next moment"), (step.wakeUp, "wake-up")] where bad(date) {
                return "step '\(id)''s \(what)"
            }
            for occurrence in step.occurrences {
                for (date, what) in [(occurrence.date, "date"), (occurrence.due, "due date"), (occurrence.finished, "end"), (occurrence.postponedFrom, "first date")] where bad(date) {
                    return "\(id)#\(occurrence.number)'s \(what)"
                }
            }
        }
        return nil
    }
}
