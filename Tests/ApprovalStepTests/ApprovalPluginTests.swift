import ApprovalStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct ApprovalConfigurationTests {
    @Test func acceptsApproversAndEscalation() {
        let result = PluginHarness<ApprovalPlugin>.configure("approvers: [manager, hr]\nrequired: 2\nsubject: the assignment budget\nescalate_after: 5bd\nescalate_to: lead\n")
        #expect(result.diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<ApprovalPlugin>.configure("approvers: [manager, hr, manager]\nrequired: 4\nescalate_after: 5 days\n")
        #expect(result.diagnostics == [
            "with.yaml:1:26: error: approver 'manager' appears twice",
            "with.yaml:2:11: error: 'required' must be from 1 to the number of approvers (3), not 4",
            "with.yaml:3:17: error: unknown unit ' days' in duration '5 days'; use d (days), w (weeks), mo (months), y (years) or bd (business days)",
            "with.yaml:3:17: error: 'escalate_after' and 'escalate_to' go together",
        ])
    }
}

@Suite struct ApprovalRunTests {
    let day = CalendarDate("2027-01-04")!
    let fields: [String: PluginValue] = ["employee": .text("Ana Lima <ana@example.com>")]

    @Test func twoOfTwoApprove() throws {
        var run = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager, hr]\nrequired: 2\nsubject: the assignment budget", started: day, fields: fields,
                                                people: ["manager": "Max Mueller <max@example.com>", "hr": "Hana Ho <hana@example.com>"])
        let started = try run.start()
        #expect(started.request?.prompt == "2 more approvals of the assignment budget from manager or hr")
        let one = try run.record("decision: approve\nas: manager", by: "Max Mueller <max@example.com>")
        #expect(one.status == .waiting)
        #expect(one.request?.prompt == "1 more approval of the assignment budget from hr")
        let two = try run.record("decision: approve\nas: hr", by: "Hana Ho <hana@example.com>")
        #expect(two == .completed([
            "approved": .bool(true), "approved_by": .list([.text("Hana Ho <hana@example.com>"), .text("Max Mueller <max@example.com>")]),
            "rejection": .null, "escalated": .bool(false),
        ]))
    }

    /// A decider is a person: only the holder of the role decides as it, one person
    /// cannot make two of two approvals by holding both roles, and nobody decides about
    /// themselves. Each refusal says who may decide.
    @Test func approvalsComeFromTheDistinctPeopleHoldingTheRoles() throws {
        let both = ["manager": "Hana Ho <hana@example.com>", "hr": "Hana Ho <hana@example.com>"]
        var run = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager, hr]\nrequired: 2", started: day, fields: fields, people: both)
        _ = try run.start()
        _ = try run.record("decision: approve\nas: manager", by: "Hana Ho <hana@example.com>")
        #expect(throws: InputProblem("Hana Ho <hana@example.com> has already approved as manager; 2 approvals need 2 different people", key: "as")) {
            try run.record("decision: approve\nas: hr", by: "Hana Ho <hana@example.com>")
        }
        var other = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager, hr]\nrequired: 2", started: day, fields: fields,
                                                  people: ["manager": "Max Mueller <max@example.com>", "hr": "Hana Ho <hana@example.com>", "mentor": "Bo Berg <bo@example.com>"])
        _ = try other.start()
        #expect(throws: InputProblem("Bo Berg <bo@example.com> does not hold the role hr here: only Hana Ho <hana@example.com> decides as hr; those who may: Max Mueller <max@example.com> as manager, Hana Ho <hana@example.com> as hr", key: "as")) {
            try other.record("decision: approve\nas: hr", by: "Bo Berg <bo@example.com>")
        }
        // The same person, written differently (the address in capitals), is the same person.
        let approved = try other.record("decision: approve\nas: hr", by: "Hana Ho <HANA@example.com>")
        #expect(approved.status == .waiting)
    }

    @Test func refusesSelfApprovalAndRejectionsWithoutAReason() throws {
        var run = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager, hr]", started: day, fields: fields,
                                                people: ["manager": "Ana Lima <ana@example.com>", "hr": "Hana Ho <hana@example.com>"])
        _ = try run.start()
        #expect(throws: InputProblem("Ana Lima <ana@example.com> cannot decide about themselves; someone else in the role manager must", key: "as")) {
            try run.record("decision: approve\nas: manager", by: "Ana Lima <ana@example.com>")
        }
        #expect(throws: InputProblem("a rejection needs a reason: --set reason=\"…\"", key: "reason")) {
            try run.record("decision: reject\nas: hr", by: "Hana Ho <hana@example.com>")
        }
        #expect(throws: InputProblem("'coach' is not an approver here; the approvers are 'manager' or 'hr'", key: "as")) {
            try run.record("decision: approve\nas: coach", by: "Hana Ho <hana@example.com>")
        }
        let rejected = try run.record("decision: reject\nas: hr\nreason: no budget this year", by: "Hana Ho <hana@example.com>")
        #expect(rejected.status == .completed)
        #expect(rejected.outputs["approved"] == .bool(false))
        #expect(rejected.outputs["rejection"] == .text("no budget this year"))
    }

    @Test func escalatesOnceWhenNoDecisionComes() throws {
        var run = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager]\nescalate_after: 5bd\nescalate_to: lead", started: day, fields: fields)
        let started = try run.start()
        #expect(started.wakeUp == CalendarDate("2027-01-11"))
        #expect(try run.pass(to: CalendarDate("2027-01-08")!) == nil)
        let escalated = try #require(try run.pass(to: CalendarDate("2027-01-11")!))
        #expect(escalated.status == .waiting)
        #expect(escalated.outputs["escalated"] == .bool(true))
        #expect(escalated.messages == [OutgoingMessage(to: ["lead"], subject: "Approval waiting since 2027-01-04", body: "An approval for case test-case has had no decision since 2027-01-04. Please follow up.")])
        #expect(escalated.wakeUp == nil)
        #expect(try run.pass(to: CalendarDate("2027-01-20")!) == nil)
    }

    @Test func countsBusinessDaysInTheCasesCalendar() throws {
        // Five business days from Monday 4 January, with a holiday on Wednesday the 6th,
        // end on Tuesday the 12th, not Monday the 11th.
        var run = try PluginRun<ApprovalPlugin>(configuration: "approvers: [manager]\nescalate_after: 5bd\nescalate_to: lead", started: day, fields: fields)
        run.businessCalendar = BusinessCalendar(name: "XX", holidays: [CalendarDate("2027-01-06")!], years: 2027...2027)
        #expect(try run.start().wakeUp == CalendarDate("2027-01-12"))
    }
}
