import Foundation
import Testing

/// `sojourn calendar` and the invitations in the outbox, read by Python's `icalendar`
/// with every recurrence expanded by `recurring-ical-events`, and compared instance by
/// instance with `sojourn plan`.
@Suite(.serialized) struct CalendarTests {
    static let workflow = """
        workflow: sessions
        title: Mentoring abroad
        roles: [employee, mentor, hr]
        operators: [hr]
        fields:
          employee: {type: person, required: true}
          departure: {type: date, required: true}
        phases:
          - id: abroad
            steps:
              - id: goals
                title: Agree goals
                uses: task
                owner: employee
                due: departure - 1w
              - id: mentoring
                title: Mentoring session
                uses: meeting
                after: []
                owner: mentor
                start: departure
                repeat:
                  - {every: 1w, count: 4}
                  - {every: 2w, count: 3}
                with: {between: [employee, mentor], minutes: 45, at: "09:00", time_zone: mentor}
        """

    static let fields = ["--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=2027-03-01"]

    /// A case whose mentor (in New York) starts meeting Ana on 1 March 2027, the day its
    /// sessions are laid out.
    static func database() throws -> (environment: [String: String], id: String, workflow: String) {
        let environment = try LateAndNonBlockingTests.database()
        let roster = try CLI.temporaryFile("name,email,timezone\nCy Chen,cy@example.com,America/New_York\n", name: "roster.csv")
        #expect(try CLI.run(["people", "import", roster], environment: environment).status == 0)
        let path = try CLI.temporaryFile(workflow)
        let id = try CLI.openCase(["open", path] + fields + ["--role", "mentor=Cy Chen <cy@example.com>", "--role", "hr=Hana Ho <hana@example.com>",
                                                              "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        let advanced = try CLI.run(["advance", id, "--as-of", "2027-03-01"], environment: environment)
        #expect(advanced.status == 0, "\(advanced.error)")
        return (environment, id, path)
    }

    /// The session dates `sojourn plan` gives the same case.
    static func plannedSessions(_ workflow: String) throws -> [String] {
        let plan = try CanonicalJSON.parse(try CLI.run(["plan", workflow, "--opened", "2027-01-04", "--format", "json"] + fields).output)
        let steps = plan["phases"]?.items.flatMap { $0["steps"]?.items ?? [] } ?? []
        let mentoring = try #require(steps.first { $0["id"]?.text == "mentoring" })
        return mentoring["occurrences"]?.items.compactMap { $0["date"]?.text } ?? []
    }

    /// 09:00 in New York on `date`, as Python writes it: -05:00 before the clocks go
    /// forward on 14 March 2027, -04:00 after.
    static func nineInNewYork(_ date: String) -> String {
        "\(date)T09:00:00" + (date < "2027-03-14" ? "-05:00" : "-04:00")
    }

    static func instances(_ calendar: CanonicalJSON, uidPrefix: String) -> [String] {
        calendar["instances"]?.items.filter { $0["uid"]?.text.hasPrefix(uidPrefix) == true }.compactMap { $0["start"]?.text } ?? []
    }

    static func invitations(_ environment: [String: String]) throws -> [CanonicalJSON] {
        try CanonicalJSON.parse(try CLI.run(["outbox", "--all", "--format", "json"], environment: environment).output).items.filter { $0["kind"]?.text == "invitation" }
    }

    /// Writes an outbox entry's calendar to a file and reads it back with Python.
    static func expand(_ entry: CanonicalJSON) throws -> CanonicalJSON {
        let path = try CLI.temporaryFile(try #require(entry["calendar"]?.text), name: "invitation.ics")
        return try Python.expandCalendar(path)
    }

    @Test func aCaseCalendarHasEverySessionThePlanHas() throws {
        let (environment, id, workflow) = try Self.database()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-\(UUID().uuidString).ics").path
        let written = try CLI.run(["calendar", id, "-o", file], environment: environment)
        #expect(written.status == 0, "\(written.error)")
        #expect(written.error == "wrote \(file)\n")
        let calendar = try Python.expandCalendar(file)
        let planned = try Self.plannedSessions(workflow)
        #expect(planned == ["2027-03-01", "2027-03-08", "2027-03-15", "2027-03-22", "2027-04-05", "2027-04-19", "2027-05-03"])
        #expect(Self.instances(calendar, uidPrefix: "\(id).mentoring.") == planned.map(Self.nineInNewYork))
        // Two paces, two repeating events; the due date all day.
        #expect(calendar["events"]?.items.compactMap { $0["rrule"]?.text } == ["null", "FREQ=WEEKLY;COUNT=4", "FREQ=WEEKLY;COUNT=3;INTERVAL=2"])
        #expect(Self.instances(calendar, uidPrefix: "\(id).goals.") == ["2027-02-22"])
        #expect(calendar["timezones"]?.rendered() == #"["America/New_York"]"#)
        // Written again, the same events (an import updates rather than duplicates).
        let again = try Python.expandCalendar(try CLI.temporaryFile(try CLI.run(["calendar", id], environment: environment).output, name: "again.ics"))
        #expect(again["events"]?.rendered() == calendar["events"]?.rendered())
        // A person's calendar: what they are invited to, across their cases.
        let cy = try Python.expandCalendar(try CLI.temporaryFile(try CLI.run(["calendar", "--person", "cy@example.com"], environment: environment).output, name: "cy.ics"))
        #expect(Self.instances(cy, uidPrefix: "") == planned.map(Self.nineInNewYork))
    }

    @Test func aPostponedSessionSendsAnUpdatedInvitationThatMatchesThePlan() throws {
        let (environment, id, workflow) = try Self.database()
        let first = try Self.invitations(environment)
        #expect(first.map { $0["subject"]?.text ?? "" } == [
            "Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01",
            "Invitation: Mentoring session (Ana Lima), every 2 weeks from 2027-04-05",
        ])
        #expect(first.first?["to"]?.rendered() == #"["Ana Lima <ana@example.com>","Cy Chen <cy@example.com>"]"#)
        let invited = try Self.expand(first[0])
        #expect(invited["method"]?.text == "REQUEST")

        let postponed = try CLI.run(["record", id, "mentoring#3", "--postpone", "2027-03-17", "--as-of", "2027-03-02", "--by", "cy@example.com"], environment: environment)
        #expect(postponed.status == 0, "\(postponed.error)")
        let all = try Self.invitations(environment)
        try #require(all.count == 3)
        let update = all[2]
        // Nothing went out yet: to the pair, this is the invitation.
        #expect(update["subject"]?.text == "Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01")
        let updated = try Self.expand(update)
        #expect(updated["method"]?.text == "REQUEST")
        // The same event, a higher SEQUENCE, and the moved session as an override.
        let uid = "\(id).mentoring.1@sojourn"
        #expect(invited["events"]?.items.map { "\($0["uid"]?.text ?? "") \($0["sequence"]?.rendered() ?? "")" } == ["\(uid) 0"])
        #expect(updated["events"]?.items.map { "\($0["uid"]?.text ?? "") \($0["sequence"]?.rendered() ?? "") \($0["recurrenceId"]?.text ?? "-")" }
                == ["\(uid) 1 null", "\(uid) 1 2027-03-15T09:00:00-04:00"])
        // Every instance is the plan's, with the third session on its new date.
        var expected = Array(try Self.plannedSessions(workflow).prefix(4))
        expected[2] = "2027-03-17"
        #expect(Self.instances(updated, uidPrefix: "") == expected.map(Self.nineInNewYork))
        // The calendar file says the same.
        let file = try Python.expandCalendar(try CLI.temporaryFile(try CLI.run(["calendar", id], environment: environment).output, name: "case.ics"))
        #expect(Self.instances(file, uidPrefix: uid) == expected.map(Self.nineInNewYork))

        // The update replaced the first invitation, not yet sent: the pair gets one.
        #expect(all.map { $0["state"]?.text ?? "" } == ["withdrawn", "unsent", "unsent"])
        // Through a real SMTP server (after the overdue notice of the goals, due the week
        // before), the invitation is a text/calendar part with its method.
        let sink = try Python.SMTPSink()
        #expect(try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)", "--from", "HR <hr@example.com>"], environment: environment).status == 0)
        try #require(sink.messages.count == 3)
        let mailed = try Python.expandCalendar(sink.messages[2].path)
        #expect(Self.instances(mailed, uidPrefix: "") == expected.map(Self.nineInNewYork))
        let mail = try Python.parseMail(sink.messages[2].path)
        #expect(mail["defects"]?.items.isEmpty == true)
        #expect(mail["subject"]?.text == "Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01")
        // Once it went, the next change is an update.
        #expect(try CLI.run(["record", id, "mentoring#4", "--postpone", "2027-03-24", "--as-of", "2027-03-02", "--by", "cy@example.com"], environment: environment).status == 0)
        #expect(try Self.invitations(environment).last?["subject"]?.text == "Updated: Mentoring session (Ana Lima), weekly from 2027-03-01")
    }

    @Test func aReplacedMentorIsToldTheSessionsAreOffAndTheNewOneIsInvited() throws {
        let (environment, id, _) = try Self.database()
        let sink = try Python.SMTPSink()
        #expect(try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment).status == 0)
        let reassigned = try CLI.run(["reassign", id, "mentor", "--to", "Di Dorn <di@example.com>", "--reason", "Cy left", "--as-of", "2027-03-10",
                                      "--by", "hana@example.com"], environment: environment)
        #expect(reassigned.status == 0, "\(reassigned.error)")
        let after = try Self.invitations(environment).filter { $0["state"]?.text == "unsent" }
        #expect(after.map { "\($0["subject"]?.text ?? "") → \($0["to"]?.rendered() ?? "")" } == [
            #"Cancelled: Mentoring session (Ana Lima), weekly from 2027-03-01 → ["Cy Chen <cy@example.com>"]"#,
            #"Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01 → ["Ana Lima <ana@example.com>","Di Dorn <di@example.com>"]"#,
            #"Cancelled: Mentoring session (Ana Lima), every 2 weeks from 2027-04-05 → ["Cy Chen <cy@example.com>"]"#,
            #"Invitation: Mentoring session (Ana Lima), every 2 weeks from 2027-04-05 → ["Ana Lima <ana@example.com>","Di Dorn <di@example.com>"]"#,
        ])
        let cancel = try Self.expand(after[0])
        #expect(cancel["method"]?.text == "CANCEL")
        #expect(cancel["events"]?.items.first?["attendees"]?.rendered() == #"["mailto:cy@example.com"]"#)
        #expect(after[0]["body"]?.text.hasPrefix("You are no longer in Mentoring session: its sessions go on without you") == true)
        // Ended before it was sent, the case still tells Cy: cancellations are not withdrawn.
        #expect(try CLI.run(["end", id, "--reason", "withdrew", "--as-of", "2027-03-11", "--by", "hana@example.com"], environment: environment).status == 0)
        let toCy = try Self.invitations(environment).filter { $0["to"]?.rendered() == #"["Cy Chen <cy@example.com>"]"# }
        #expect(toCy.map { $0["state"]?.text ?? "" } == ["unsent", "unsent"])
    }

    @Test func endingTheCaseDropsTheSessionsLeft() throws {
        let (environment, id, _) = try Self.database()
        // The first session was due on 1 March and is missed on the 2nd, the day the case
        // ends: it stays in the calendar; the rest go.
        let ended = try CLI.run(["end", id, "--reason", "assignment-cancelled", "--as-of", "2027-03-02", "--by", "hana@example.com"], environment: environment)
        #expect(ended.status == 0, "\(ended.error)")
        let all = try Self.invitations(environment)
        #expect(all.map { "\($0["subject"]?.text ?? "") · \($0["state"]?.text ?? "")" } == [
            "Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01 · withdrawn",
            "Invitation: Mentoring session (Ana Lima), every 2 weeks from 2027-04-05 · withdrawn",
            "Invitation: Mentoring session (Ana Lima), weekly from 2027-03-01 · unsent",
            "Cancelled: Mentoring session (Ana Lima), every 2 weeks from 2027-04-05 · unsent",
        ])
        let update = try Self.expand(all[2])
        #expect(update["method"]?.text == "REQUEST")
        #expect(Self.instances(update, uidPrefix: "") == [Self.nineInNewYork("2027-03-01")])
        let cancel = try Self.expand(all[3])
        #expect(cancel["method"]?.text == "CANCEL")
        #expect(cancel["events"]?.items.map { "\($0["uid"]?.text ?? "") \($0["status"]?.text ?? "") \($0["sequence"]?.rendered() ?? "")" } == ["\(id).mentoring.2@sojourn CANCELLED 1"])
        #expect(cancel["instances"]?.items.isEmpty == true)
    }
}
