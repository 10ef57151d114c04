public import SojournKit

/// A case put on hold (leave, a frozen project) and resumed.
///
/// The rule for dates, as `Docs/workflow-language.md` states it:
///
/// - While a case is on hold nothing happens to it: no step starts, no occurrence opens,
///   nothing falls due or reminds, and it takes no input. It can still be amended,
///   reassigned or ended.
/// - On resume, the hold's length in days is given back to the work that was under way:
///   a started step's due date on or after the first day of the hold moves later by the
///   length of the hold, and so does an open occurrence's.
/// - Occurrences dated during the hold are withdrawn: they did not happen, they are not
///   missed, and they owe no make-up. Occurrences after it keep their dates.
/// - Dates written from the case's own dates (`start: return + 2w`) do not move: the
///   assignment's dates are the case's facts; change them with `amend`. Anything that
///   fell on a day of the hold (a step's start, a reminder) happens on the day the case
///   resumes.
extension CaseEngine {
    /// Puts the case on hold from `date`.
    ///
    /// - Throws: `EngineError` when the case is not open, already on hold, or no reason
    ///   is given; nothing changes then.
    public mutating func hold(reason: String, by actor: String, on date: CalendarDate) throws(EngineError) {
        guard !reason.allSatisfy(\.isWhitespace) else { throw EngineError("say why with --reason \"…\"; a hold is part of the case's history") }
        guard progress.state == .open else { throw EngineError("case \(caseID) is \(progress.state.rawValue); only an open case can be put on hold") }
        if let hold = progress.hold { throw EngineError("case \(caseID) is already on hold since \(hold.since) (\(hold.reason)); resume it with: sojourn resume \(caseID)") }
        progress.hold = CaseHold(since: date, reason: reason)
        emit(CaseEvent(.caseHeld, on: date, actor: actor, data: ["message": .text(reason)]))
    }

    /// Ends the hold on `date` (see the rule above), then lets the case move on that day.
    ///
    /// - Throws: `EngineError` when the case is not on hold.
    public mutating func resume(note: String? = nil, by actor: String?, on date: CalendarDate) throws(EngineError) {
        guard progress.state == .open else { throw EngineError("case \(caseID) is \(progress.state.rawValue); only an open case can be resumed") }
        guard let hold = progress.hold else { throw EngineError("case \(caseID) is not on hold") }
        let days = max(0, date.dayNumber - hold.since.dayNumber)
        progress.hold = nil
        var moved: [PluginValue] = [], withdrawn: [PluginValue] = []
        for step in workflow.steps {
            let id = step.id.value
            guard var state = progress.steps[id], state.state == .active else { continue }
            var changed = false, dueMoved = false
            if let due = state.due, due >= hold.since, days > 0 {
                state.due = due.adding(days: days)
                changed = true
                dueMoved = true
            }
            for index in state.occurrences.indices {
                let occurrence = state.occurrences[index]
                switch occurrence.state {
                case .scheduled where occurrence.date >= hold.since && occurrence.date < date:
                    state.occurrences[index].state = .skipped
                    state.occurrences[index].finished = occurrence.date
                    state.occurrences[index].skipReason = "on hold from \(hold.since) to \(date)"
                    withdrawn.append(.text("\(id)#\(occurrence.number)"))
                    changed = true
                case .open where occurrence.due >= hold.since && days > 0:
                    state.occurrences[index].due = occurrence.due.adding(days: days)
                    changed = true
                    dueMoved = true
                default:
                    break
                }
            }
            guard changed else { continue }
            if dueMoved { moved.append(.text(id)) }
            progress.steps[id] = state
            touched(step: id)
        }
        var data: [String: PluginValue] = [
            "since": .date(hold.since), "days": .number(Double(days)), "reason": .text(hold.reason),
            "moved": .list(moved), "withdrawn": .list(withdrawn),
        ]
        if let note, !note.allSatisfy(\.isWhitespace) { data["message"] = .text(note) }
        emit(CaseEvent(.caseResumed, on: date, actor: actor, data: data))
        // What fell on a day of the hold happens today, not on its own date.
        resumedOn = date
        defer { resumedOn = nil }
        index = MomentIndex()
        try run(until: date)
    }
}
