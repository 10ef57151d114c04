import SojournKit

extension CaseService {
    /// One case's calendar (RFC 5545): its meetings' sessions and its steps' due dates,
    /// for import or subscription. Re-reading it gives the same `UID`s, with a higher
    /// `SEQUENCE` after each change to the schedule.
    public func calendar(caseID: String) throws -> String {
        try store.read { reader in
            guard let stored = try reader.loadCase(caseID) else { throw ServiceError(Self.noSuchCase(caseID, writer: reader)) }
            let workflow = try self.workflow(of: stored, reader: reader)
            let series = CaseCalendar.series(of: stored, workflow: workflow, roster: StoreRoster(reader: reader), sequence: try Self.scheduleChanges(stored.id, reader: reader))
            return CaseCalendar.folded(CaseCalendar.render(series, method: nil, stamp: clock.now(), name: "\(stored.label) · \(workflow.title)"))
        }
    }

    /// What `email` is invited to or owes across all their cases, in one calendar: the
    /// sessions of meetings they are in and the due dates of steps that are theirs.
    public func calendar(person email: String) throws -> String {
        try store.read { reader in
            let key = email.lowercased()
            let caseIDs = Set(try reader.parts(of: email).map(\.caseID)).sorted()
            // Someone on the roster with no part now (a mentor replaced) gets an empty
            // calendar, so a subscription to it drops what they had.
            guard try !caseIDs.isEmpty || reader.rosterPerson(email: email) != nil else {
                throw ServiceError("\(email) has no part in any case and is not on the roster; check the address (sojourn people list shows the roster)")
            }
            let roster = StoreRoster(reader: reader)
            var all: [CalendarSeries] = []
            for id in caseIDs {
                guard let stored = try reader.loadCase(id) else { continue }
                let workflow = try self.workflow(of: stored, reader: reader)
                let sequence = try Self.scheduleChanges(id, reader: reader)
                all += CaseCalendar.series(of: stored, workflow: workflow, roster: roster, sequence: sequence).filter { series in
                    series.attendees.contains { (PersonText.email($0) ?? $0).lowercased() == key }
                }
            }
            return CaseCalendar.folded(CaseCalendar.render(all, method: nil, stamp: clock.now(), name: "Sojourn: \(email)"))
        }
    }

    /// How many times a case's schedule changed (see `CaseCalendar.changes`).
    static func scheduleChanges(_ caseID: String, reader: any CaseStoreReader) throws -> Int {
        try reader.events(of: caseID).filter { CaseCalendar.changes.contains($0.event.kind) }.count
    }
}
