public import SojournKit

/// A case's steps as calendar events: the sessions of meetings (at their time of day
/// when the meeting gives one), the occurrences of other repeating steps, and the due
/// dates of steps that happen once, as all-day events.
public enum CaseCalendar {
    /// The kinds of event that change a case's schedule: each bumps the `SEQUENCE` of its
    /// calendar events, so clients take the newer version.
    public static let changes: Set<CaseEvent.Kind> = [
        .occurrencePostponed, .occurrenceSkipped, .duePostponed, .stepRescheduled, .caseAmended, .caseEnded,
        .caseCancelled, .caseResumed, .roleBound, .roleReleased, .caseMigrated,
    ]

    /// The series of one case. `roster` gives the time zone of a role a meeting's time
    /// is in; when the person has none, the sessions are all-day.
    public static func series(of stored: StoredCase, workflow: Workflow, roster: any RosterService, sequence: Int) -> [CalendarSeries] {
        var all: [CalendarSeries] = []
        let organizer = workflow.operators.lazy.compactMap { stored.people[$0.value] }.first
        // A role's time zone: its person's on the roster; for the person the case is about
        // (its first person field), else the case's own time zone field.
        let subject = workflow.fields.first { $0.type == .person }.flatMap { stored.fields[$0.name.value]?.text }.flatMap { PersonText.email($0) }?.lowercased()
        let caseZone = workflow.fields.first { $0.type == .timezone }.flatMap { stored.fields[$0.name.value]?.text }
        func zoneOf(_ role: String) -> String? {
            guard let person = stored.people[role] else { return nil }
            let email = PersonText.email(person) ?? person
            if let zone = roster.person(email: email)?.timezone { return zone }
            return email.lowercased() == subject ? caseZone : nil
        }
        for step in workflow.steps {
            guard let state = stored.progress.steps[step.id.value], state.state != .pending, state.state != .ready else { continue }
            let entry = step.configuration?.calendarEntry
            let owner = step.owner.flatMap { stored.people[$0.value] }
            let attendees = entry.map { $0.attendees.compactMap { stored.people[$0] } } ?? [owner].compactMap { $0 }
            let base = "\(stored.id).\(step.id.value)"
            let context = stored.label + " · " + workflow.title
            if state.occurrences.isEmpty {
                guard let due = state.due, state.state != .skipped else { continue }
                all.append(CalendarSeries(
                    uid: "\(base).due@sojourn", caseID: stored.id, step: step.id.value, summary: "Due: \(step.displayTitle)",
                    description: context + (step.summary.map { "\n\n" + $0 } ?? ""), attendees: attendees, organizer: organizer,
                    time: nil, dates: [due], rule: nil, isMeeting: false, sequence: sequence))
                continue
            }
            let firstDate = state.occurrences.map(\.date).min()
            let sessionTime = entry.flatMap { Self.time(of: $0, zoneOf: zoneOf, on: firstDate) }
            // Each session's first-scheduled date; two sessions may share one after an
            // amendment (one skipped, one not): a date is dropped only when all its are.
            let byOriginal = Dictionary(grouping: state.occurrences) { $0.postponedFrom ?? $0.date }
            let originals = byOriginal.keys.sorted()
            var first = 0
            for (index, run) in CalendarSeries.runs(originals).enumerated() {
                var series = CalendarSeries(
                    uid: "\(base).\(index + 1)@sojourn", caseID: stored.id, step: step.id.value, summary: step.displayTitle,
                    description: context + (step.summary.map { "\n\n" + $0 } ?? ""), attendees: attendees, organizer: organizer,
                    time: sessionTime, dates: run.expected, rule: run.rule, isMeeting: entry != nil, sequence: sequence)
                // The run covers originals[first...]: each has the date its rule gives.
                for (k, expected) in run.expected.enumerated() {
                    let sessions = byOriginal[originals[first + k]] ?? []
                    if let live = sessions.first(where: { $0.state != .skipped }) {
                        if live.date != expected { series.moved.append(CalendarSeries.Moved(from: expected, to: live.date)) }
                    } else {
                        series.excluded.append(expected)
                    }
                }
                first += run.expected.count
                all.append(series)
            }
        }
        return all
    }

    /// The time of day of a meeting's sessions, in an IANA zone, when it can be known.
    static func time(of entry: CalendarEntry, zoneOf zone: (String) -> String?, on date: CalendarDate?) -> CalendarSeries.Time? {
        switch entry.zone {
        case .named(let name)?:
            guard let time = entry.time else { return nil }
            return CalendarSeries.Time(hour: time.hour, minute: time.minute, minutes: entry.minutes, zone: name)
        case .role(let role)?:
            guard let time = entry.time, let identifier = zone(role) else { return nil }
            return CalendarSeries.Time(hour: time.hour, minute: time.minute, minutes: entry.minutes, zone: identifier)
        case .overlap?:
            let zones = entry.attendees.map(zone)
            guard let date, !zones.isEmpty, zones.allSatisfy({ $0 != nil }) else { return nil }
            return WorkingHours.overlap(zones.compactMap { $0 }, on: date, minutes: entry.minutes)
        case nil:
            return nil
        }
    }

    /// How an invitation is meant (RFC 5546): the series, or its cancellation. A file for
    /// subscription has no method.
    public enum Method: String, Sendable {
        case request = "REQUEST", cancel = "CANCEL"
    }

    /// `text` as it is written out: each line folded at 75 octets (RFC 5545 §3.1).
    public static func folded(_ text: String) -> String { ICalendarText.folded(text) }

    /// An iCalendar object (RFC 5545) holding `series`, its lines unfolded (see
    /// `folded`); `stamp` is when it was written.
    public static func render(_ series: [CalendarSeries], method: Method?, stamp: Timestamp, name: String? = nil) -> String {
        var out = ICalendarText()
        out.begin("VCALENDAR")
        out.line("VERSION", "2.0")
        out.line("PRODID", "-//Sojourn//Sojourn \(SojournVersion.current)//EN")
        out.line("CALSCALE", "GREGORIAN")
        if let method { out.line("METHOD", method.rawValue) }
        if let name { out.textLine("X-WR-CALNAME", name) }
        // One VTIMEZONE per zone, covering the years of its sessions.
        var years: [String: ClosedRange<Int>] = [:]
        for item in series {
            guard let zone = item.time?.zone else { continue }
            let dates = item.dates + item.moved.map(\.to)
            guard let first = dates.min()?.year, let last = dates.max()?.year else { continue }
            let range = years[zone].map { min($0.lowerBound, first)...max($0.upperBound, last) } ?? first...last
            years[zone] = range
        }
        var unknownZones = Set<String>()
        for (zone, range) in years.sorted(by: { $0.key < $1.key }) where !TimeZoneDefinition.write(zone, years: range, into: &out) {
            unknownZones.insert(zone)
        }
        let dtstamp = utc(stamp)
        // A file people subscribe to simply leaves out what no longer takes place.
        for item in series where method != nil || !item.isCancelled {
            var item = item
            if let zone = item.time?.zone, unknownZones.contains(zone) { item.time = nil }
            write(item, method: method, dtstamp: dtstamp, into: &out)
        }
        // RFC 5545 wants at least one component: an empty calendar holds UTC's zone.
        if !out.text.contains("\r\nBEGIN:V") {
            out.begin("VTIMEZONE")
            out.line("TZID", "UTC")
            out.begin("STANDARD")
            out.line("DTSTART", "19700101T000000")
            out.line("TZOFFSETFROM", "+0000")
            out.line("TZOFFSETTO", "+0000")
            out.end("STANDARD")
            out.end("VTIMEZONE")
        }
        out.end("VCALENDAR")
        return out.text
    }

    private static func write(_ series: CalendarSeries, method: Method?, dtstamp: String, into out: inout ICalendarText) {
        let cancelled = method == .cancel || series.isCancelled
        let single = series.rule == nil
        // A single event that moved simply takes its new date.
        let start = single ? (series.moved.first?.to ?? series.dates[0]) : series.dates[0]
        func common() {
            out.line("DTSTAMP", dtstamp)
            out.line("SEQUENCE", String(series.sequence))
            out.textLine("SUMMARY", series.summary)
            out.textLine("DESCRIPTION", series.description)
            if let organizer = series.organizer { out.line("ORGANIZER", mailto(organizer), [("CN", PersonText.name(organizer))]) }
            for attendee in series.attendees {
                out.line("ATTENDEE", mailto(attendee), [("CN", PersonText.name(attendee)), ("ROLE", "REQ-PARTICIPANT"), ("PARTSTAT", "NEEDS-ACTION"), ("RSVP", "FALSE")])
            }
            out.line("TRANSP", series.isMeeting ? "OPAQUE" : "TRANSPARENT")
        }
        out.begin("VEVENT")
        out.line("UID", series.uid)
        when("DTSTART", start, series.time, into: &out)
        length(series.time, start: start, into: &out)
        if let rule = series.rule {
            out.line("RRULE", rule.text)
            let excluded = series.excluded.sorted()
            if !excluded.isEmpty, !cancelled {
                for date in excluded { when("EXDATE", date, series.time, into: &out) }
            }
        }
        common()
        out.line("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
        out.end("VEVENT")
        guard !single, !cancelled else { return }
        // Each moved session overrides its first-scheduled one (RECURRENCE-ID).
        for move in series.moved.sorted(by: { $0.from < $1.from }) where !series.excluded.contains(move.from) {
            out.begin("VEVENT")
            out.line("UID", series.uid)
            when("RECURRENCE-ID", move.from, series.time, into: &out)
            when("DTSTART", move.to, series.time, into: &out)
            length(series.time, start: move.to, into: &out)
            common()
            out.line("STATUS", "CONFIRMED")
            out.end("VEVENT")
        }
    }

    /// `DTSTART;VALUE=DATE:20270308`, or `DTSTART;TZID=Europe/Oslo:20270308T090000`.
    private static func when(_ name: String, _ date: CalendarDate, _ time: CalendarSeries.Time?, into out: inout ICalendarText) {
        if let time {
            out.line(name, basic(date) + "T" + TimeZoneDefinition.two(time.hour) + TimeZoneDefinition.two(time.minute) + "00", [("TZID", time.zone)])
        } else {
            out.line(name, basic(date), [("VALUE", "DATE")])
        }
    }

    private static func length(_ time: CalendarSeries.Time?, start: CalendarDate, into out: inout ICalendarText) {
        if let time {
            out.line("DURATION", "PT\(time.minutes)M")
        } else {
            out.line("DTEND", basic(start.adding(days: 1)), [("VALUE", "DATE")])
        }
    }

    static func basic(_ date: CalendarDate) -> String {
        let (year, month, day) = date.components
        return TimeZoneDefinition.four(year) + TimeZoneDefinition.two(month) + TimeZoneDefinition.two(day)
    }

    /// `20270308T071500Z`.
    static func utc(_ stamp: Timestamp) -> String {
        let millisecondsPerDay: Int64 = 86_400_000
        let day = Int((stamp.milliseconds >= 0 ? stamp.milliseconds : stamp.milliseconds - millisecondsPerDay + 1) / millisecondsPerDay)
        let seconds = Int((stamp.milliseconds - Int64(day) * millisecondsPerDay) / 1000)
        return basic(CalendarDate(dayNumber: day)) + "T" + TimeZoneDefinition.two(seconds / 3600) + TimeZoneDefinition.two(seconds % 3600 / 60) + TimeZoneDefinition.two(seconds % 60) + "Z"
    }

    private static func mailto(_ person: String) -> String {
        "mailto:" + (PersonText.email(person) ?? person)
    }
}
