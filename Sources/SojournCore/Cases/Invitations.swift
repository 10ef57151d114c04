import SojournKit

/// Keeps the people of a meeting informed in their own calendars (RFC 5546): when its
/// sessions are laid out, an invitation (`METHOD:REQUEST`) to the pair; when a session
/// moves or is dropped, the case is amended, a role changes hands or the case ends, the
/// updated series with a higher `SEQUENCE`, or its cancellation (`METHOD:CANCEL`) when no
/// session of it is left. One message per series, as iTIP wants one event per message.
struct Invitations {
    let workflow: Workflow
    /// The case after the change.
    let stored: StoredCase
    let roster: any RosterService
    let recordedAt: Timestamp

    /// The invitations the change's `events` call for.
    func entries(for events: [CaseEvent], history: () throws -> [StoredEvent]) rethrows -> [OutboxEntry] {
        let meetings = workflow.steps.filter { $0.configuration?.calendarEntry != nil }
        guard !meetings.isEmpty else { return [] }
        var affected = Set<String>()
        // Sessions a change names: only the series holding them is sent again.
        var sessions: [String: Set<CalendarDate>] = [:]
        var wholeSteps = Set<String>()
        var caseWide = false
        for event in events {
            switch event.kind {
            case .occurrencePostponed, .occurrenceSkipped:
                guard let step = event.step else { continue }
                affected.insert(step)
                if let number = event.occurrence, let session = stored.progress.steps[step]?.occurrences.first(where: { $0.number == number }) {
                    sessions[step, default: []].insert(session.postponedFrom ?? session.date)
                } else {
                    wholeSteps.insert(step)
                }
            case .stepStarted, .stepRescheduled, .duePostponed:
                if let step = event.step { affected.insert(step); wholeSteps.insert(step) }
            case .roleBound, .roleReleased:
                guard let role = event.data["role"]?.text else { continue }
                for step in meetings where step.configuration?.calendarEntry?.attendees.contains(role) == true {
                    affected.insert(step.id.value)
                    wholeSteps.insert(step.id.value)
                }
            case .caseAmended, .caseEnded, .caseCancelled, .caseResumed, .caseMigrated:
                caseWide = true
            default:
                continue
            }
        }
        let wanted = caseWide ? Set(meetings.map(\.id.value)) : affected.intersection(meetings.map(\.id.value))
        guard !wanted.isEmpty else { return [] }
        let sequence = try history().filter { CaseCalendar.changes.contains($0.event.kind) }.count
        let series = CaseCalendar.series(of: stored, workflow: workflow, roster: roster, sequence: sequence).filter { series in
            guard series.isMeeting, wanted.contains(series.step) else { return false }
            return caseWide || wholeSteps.contains(series.step) || !(sessions[series.step] ?? []).isDisjoint(with: series.dates)
        }
        guard !series.isEmpty else { return [] }
        let date = events.last?.date ?? stored.progress.asOf
        return series.compactMap { item -> OutboxEntry? in
            guard !item.attendees.isEmpty else { return nil }
            let method: CaseCalendar.Method = item.isCancelled ? .cancel : .request
            let first = sequence == 0 && events.contains { $0.kind == .stepStarted && $0.step == item.step }
            let subject: String
            let what = "\(item.summary) (\(stored.label)), \(Self.pace(item))"
            switch method {
            case .cancel: subject = "Cancelled: " + what
            default: subject = (first ? "Invitation: " : "Updated: ") + what
            }
            var entry = OutboxEntry(
                caseID: stored.id, step: item.step, to: item.attendees, subject: subject,
                body: Self.body(item, method: method), date: date, queuedAt: recordedAt)
            entry.kind = .invitation
            entry.calendar = CaseCalendar.render([item], method: method, stamp: recordedAt)
            return entry
        }
    }

    /// `weekly from 2027-03-01`, `every 2 weeks from 2027-04-05`, `on 2027-03-01`.
    static func pace(_ series: CalendarSeries) -> String {
        let start = series.dates.first.map { "\($0)" } ?? ""
        guard let rule = series.rule else { return "on " + (series.instances.first.map { "\($0)" } ?? start) }
        let unit = ["DAILY": "day", "WEEKLY": "week", "MONTHLY": "month"][rule.frequency] ?? "time"
        let every = rule.interval == 1 ? (unit == "day" ? "daily" : unit + "ly") : "every \(rule.interval) \(unit)s"
        return "\(every) from \(start)"
    }

    /// The sessions in words, for mail readers that do not show invitations.
    static func body(_ series: CalendarSeries, method: CaseCalendar.Method) -> String {
        if method == .cancel { return "\(series.summary) is cancelled: no session is left.\n\n\(series.description)\n" }
        let when = series.time.map { " at \(TimeZoneDefinition.two($0.hour)):\(TimeZoneDefinition.two($0.minute)) (\($0.zone)), \($0.minutes) minutes" } ?? " (all day)"
        let sessions = series.instances.map { "- \($0)" }.joined(separator: "\n")
        return "\(series.summary)\(when):\n\n\(sessions)\n\n\(series.description)\n"
    }
}
