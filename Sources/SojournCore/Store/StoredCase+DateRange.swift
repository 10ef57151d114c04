public import SojournKit

extension StoredCase {
    /// The first date of the case outside the years 0001 to 9999, named (`step 'visa''s
    /// next moment`), or `nil`. Such a date could be written but never read back, so
    /// the store refuses a case that holds one; the engine's own checks (dates from
    /// fields, postponements) should refuse it first with a better message.
    public var firstDateOutOfRange: String? {
        func check(_ date: CalendarDate?, _ what: @autoclosure () -> String) -> String? {
            guard let date, !date.isInRange else { return nil }
            return what()
        }
        if let found = check(openedOn, "its opening date") ?? check(progress.asOf, "its date") ?? check(progress.hold?.since, "its hold") { return found }
        for (id, phase) in progress.phases.sorted(by: { $0.key < $1.key }) {
            for (date, what) in [(phase.started, "start"), (phase.finished, "end"), (phase.nextMoment, "next moment")] {
                if let found = check(date, "phase '\(id)''s \(what)") { return found }
            }
        }
        for (id, step) in progress.steps.sorted(by: { $0.key < $1.key }) {
            for (date, what) in [(step.ready, "ready date"), (step.started, "start"), (step.due, "due date"), (step.finished, "end"),
                                 (step.nextMoment, "next moment"), (step.wakeUp, "wake-up")] {
                if let found = check(date, "step '\(id)''s \(what)") { return found }
            }
            for occurrence in step.occurrences {
                for (date, what) in [(occurrence.date, "date"), (occurrence.due, "due date"), (occurrence.finished, "end"), (occurrence.postponedFrom, "first date")] {
                    if let found = check(date, "\(id)#\(occurrence.number)'s \(what)") { return found }
                }
            }
        }
        return nil
    }
}
