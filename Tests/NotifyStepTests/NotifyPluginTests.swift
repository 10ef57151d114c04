import NotifyStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct NotifyTests {
    let day = CalendarDate("2027-01-04")!

    @Test func checksRolesAndPlaceholders() {
        #expect(PluginHarness<NotifyPlugin>.configure("to: [employee, mentor]\nsubject: Welcome, {employee}\nbody: Your mentor is {mentor}. Case {case}, {today}.\n").diagnostics == [])
        #expect(PluginHarness<NotifyPlugin>.configure("to: [employee, mentr]\nsubject: Hello {employe}\nbody: See you in {host_country}\n").diagnostics == [
            "with.yaml:1:16: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:2:10: error: {employe} is neither a field, a role nor a step's output; placeholders are fields, roles, {step.output}, {case} and {today}; did you mean 'employee'?",
        ])
        // {step.output} names a step of the workflow.
        #expect(PluginHarness<NotifyPlugin>.configure("to: [hr]\nsubject: Renew by {visa.renew_by}\nbody: Note {vsa.renew_by}\n", stepIDs: ["visa"]).diagnostics == [
            "with.yaml:3:7: error: {vsa.renew_by} is neither a field, a role nor a step's output; placeholders are fields, roles, {step.output}, {case} and {today}",
        ])
        #expect(PluginHarness<NotifyPlugin>.configure("to: [hr]\nsubject: Hi\n").diagnostics == [
            "with.yaml:1:1: error: missing required key 'body'",
        ])
    }

    @Test func queuesTheFilledInMessageAndCompletes() throws {
        var run = try PluginRun<NotifyPlugin>(
            configuration: "to: [employee, mentor]\nsubject: Welcome to {host_country}, {employee}\nbody: Your mentor is {mentor}. Case {case}, {today}.",
            started: day, fields: ["employee": .text("Ana Lima"), "host_country": .text("BR")], people: ["mentor": "Bo Berg <bo@example.com>"])
        let sent = try run.start()
        #expect(sent.status == .completed)
        #expect(sent.messages == [OutgoingMessage(to: ["employee", "mentor"], subject: "Welcome to BR, Ana Lima", body: "Your mentor is Bo Berg. Case test-case, 2027-01-04.")])
        // Only people in the roles: no one holds employee in this run.
        #expect(sent.outputs == ["sent_to": .list([.text("Bo Berg <bo@example.com>")]), "subject": .text("Welcome to BR, Ana Lima")])
        #expect(throws: InputProblem("a notification takes no input; it is sent when the step starts")) { try run.record("{}") }
    }

    @Test func fillsInWhatOtherStepsRecorded() throws {
        var run = try PluginRun<NotifyPlugin>(configuration: "to: [hr]\nsubject: Renew by {visa.renew_by}\nbody: '{visa.documents} documents; {visa.missing} stays as it is.'",
                                              started: day, stepIDs: ["visa"])
        run.steps["visa"] = StepSnapshot(state: "completed", started: day, finished: day, count: 1, lastCompleted: day,
                                         outputs: ["renew_by": .date(CalendarDate("2028-05-05")!), "documents": .number(2)])
        let sent = try run.start()
        #expect(sent.messages == [OutgoingMessage(to: ["hr"], subject: "Renew by 2028-05-05", body: "2 documents; {visa.missing} stays as it is.")])
    }
}
