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
            "with.yaml:2:10: error: {employe} is neither a field nor a role; did you mean 'employee'?; placeholders are fields, roles, {case} and {today}",
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
}
