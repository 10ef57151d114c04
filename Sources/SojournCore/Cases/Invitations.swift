import SojournKit

/// Keeps the people of a meeting informed in their own calendars (RFC 5546). A change to
/// a case is compared, series by series, with the case as it was: a series that is new
/// goes out as an invitation (`METHOD:REQUEST`); one that changed (a session moved or
/// dropped, the case amended, someone new in the pair, the case ended) as its update,
/// with a higher `SEQUENCE`; one with no session left, or gone, as its cancellation
/// (`METHOD:CANCEL`). A change that leaves a series as it was sends nothing. One message
/// per series, as iTIP wants one event per message.
struct Invitations {
    let workflow: Workflow
    let roster: any RosterService
    let recordedAt: Timestamp

    /// The invitations a change from `before` (`nil` for a new case) to `after` calls for,
    /// each with the `UID` of its series. `events` are the change's: a new series is dated
    /// the day its step started, an update the day of the change.
    /// `wasSent` says whether a version of a series went to the same people: an update
    /// to people who never had the series is their invitation.
    func entries(from before: StoredCase?, to after: StoredCase, events: [CaseEvent], history: () throws -> [StoredEvent],
                 wasSent: (String, [String]) throws -> Bool) rethrows -> [(entry: OutboxEntry, uid: String)] {
        guard workflow.steps.contains(where: { $0.configuration?.calendarEntry != nil }) else { return [] }
        func meetings(_ stored: StoredCase) -> [CalendarSeries] {
            CaseCalendar.series(of: stored, workflow: workflow, roster: roster, sequence: 0).filter(\.isMeeting)
        }
        let old = Dictionary((before.map(meetings) ?? []).map { ($0.uid, $0) }, uniquingKeysWith: { first, _ in first })
        let new = meetings(after)
        var changed: [(series: CalendarSeries, method: CaseCalendar.Method, first: Bool, left: Bool)] = []
        for series in new {
            let previous = old[series.uid]
            guard previous != series else { continue }
            // Someone who left the pair (a mentor replaced) is told the series is off for them.
            if let previous, !previous.isCancelled {
                let stay = Set(series.attendees.map { (PersonText.email($0) ?? $0).lowercased() })
                let gone = previous.attendees.filter { !stay.contains((PersonText.email($0) ?? $0).lowercased()) }
                if !gone.isEmpty {
                    var off = previous
                    off.attendees = gone
                    changed.append((off, .cancel, false, true))
                }
            }
            if series.isCancelled {
                // Nothing to cancel for a series nobody was invited to.
                if let previous, !previous.isCancelled { changed.append((series, .cancel, false, false)) }
            } else {
                changed.append((series, .request, previous == nil, false))
            }
        }
        let kept = Set(new.map(\.uid))
        for (uid, series) in old.sorted(by: { $0.key < $1.key }) where !kept.contains(uid) && !series.isCancelled {
            changed.append((series, .cancel, false, false))
        }
        guard !changed.isEmpty else { return [] }
        let sequence = try history().filter { CaseCalendar.changes.contains($0.event.kind) }.count
        let changeDate = events.last?.date ?? after.progress.asOf
        return try changed.compactMap { item -> (entry: OutboxEntry, uid: String)? in
            var series = item.series
            series.sequence = sequence
            guard !series.attendees.isEmpty else { return nil }
            let what = "\(series.summary) (\(after.label)), \(Self.pace(series))"
            let first = try item.first || !wasSent(series.uid, series.attendees)
            let subject = item.method == .cancel ? "Cancelled: " + what : (first ? "Invitation: " : "Updated: ") + what
            let started = events.first { $0.kind == .stepStarted && $0.step == series.step }?.date
            var entry = OutboxEntry(
                caseID: after.id, step: series.step, to: series.attendees, subject: subject,
                body: item.left ? Self.leftBody(series) : Self.body(series, method: item.method), date: item.first ? started ?? changeDate : changeDate, queuedAt: recordedAt)
            entry.kind = .invitation
            // Stored unfolded, so an erasure finds an address on one line; folded when sent.
            entry.calendar = CaseCalendar.render([series], method: item.method, stamp: recordedAt)
            return (entry, series.uid)
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

    /// To someone who left the pair: the sessions go on without them.
    static func leftBody(_ series: CalendarSeries) -> String {
        "You are no longer in \(series.summary): its sessions go on without you and are taken out of your calendar.\n\n\(series.description)\n"
    }

    /// The sessions in words, for mail readers that do not show invitations.
    static func body(_ series: CalendarSeries, method: CaseCalendar.Method) -> String {
        if method == .cancel { return "\(series.summary) is cancelled: no session is left.\n\n\(series.description)\n" }
        let when = series.time.map { " at \(TimeZoneDefinition.two($0.hour)):\(TimeZoneDefinition.two($0.minute)) (\($0.zone)), \($0.minutes) minutes" } ?? " (all day)"
        let sessions = series.instances.map { "- \($0)" }.joined(separator: "\n")
        return "\(series.summary)\(when):\n\n\(sessions)\n\n\(series.description)\n"
    }
}
