import AgreementStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct AgreementConfigurationTests {
    @Test func acceptsPartiesAndTerms() {
        let result = PluginHarness<AgreementPlugin>.configure("""
            parties: [employee, mentor]
            frequency: weekly for 12 weeks, then every other week
            length_minutes: 45
            channels: [video, chat]
            time_zones: alternate early and late slots

            """)
        #expect(result.diagnostics == [])
        #expect(result.configuration?.parties.map(\.value) == ["employee", "mentor"])
    }

    @Test func reportsUnknownAndRepeatedPartiesAndBadLengths() {
        let result = PluginHarness<AgreementPlugin>.configure("""
            parties: [employee, mentr, employee]
            length_minutes: 0

            """)
        #expect(result.diagnostics == [
            "with.yaml:1:21: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:1:28: error: party 'employee' appears twice",
            "with.yaml:2:17: error: 'length_minutes' must be more than 0",
        ])
    }

    @Test func needsATerm() {
        #expect(PluginHarness<AgreementPlugin>.configure("parties: [employee]\n").diagnostics == [
            "with.yaml:1:1: error: an agreement needs at least one term: frequency, length_minutes, confidentiality, channels, agenda, time_zones or communication",
        ])
        #expect(PluginHarness<AgreementPlugin>.configure("frequency: weekly\n").diagnostics == [
            "with.yaml:1:1: error: missing required key 'parties'",
        ])
    }
}

@Suite struct AgreementRunTests {
    let day = CalendarDate("2027-01-04")!
    let configuration = "parties: [employee, mentor]\nfrequency: weekly\nlength_minutes: 45\nconfidentiality: what is said stays between us"

    @Test func completesWhenEveryPartyHasConfirmed() throws {
        var run = try PluginRun<AgreementPlugin>(configuration: configuration, started: day)
        let started = try run.start()
        #expect(started.request?.prompt == "employee and mentor to confirm: frequency: weekly; length: 45 minutes; confidentiality: what is said stays between us")
        let half = try run.record("role: mentor", on: day.adding(days: 1))
        #expect(half.status == .waiting)
        #expect(half.request?.prompt.hasPrefix("employee to confirm:") == true)
        #expect(half.outputs["confirmed_by"] == .list([.text("mentor")]))
        let done = try run.record("role: employee\nnote: fine by me", on: day.adding(days: 3))
        #expect(done == .completed([
            "confirmed_by": .list([.text("employee"), .text("mentor")]),
            "terms": .text("frequency: weekly; length: 45 minutes; confidentiality: what is said stays between us"),
            "agreed_on": .date(CalendarDate("2027-01-07")!),
        ]))
    }

    @Test func refusesStrangersAndSecondConfirmations() throws {
        var run = try PluginRun<AgreementPlugin>(configuration: configuration, started: day)
        _ = try run.start()
        #expect(throws: InputProblem("'mentr' is not a party to this agreement; did you mean 'mentor'?; the parties are 'employee' and 'mentor'", key: "role")) {
            try run.record("role: mentr")
        }
        _ = try run.record("role: mentor")
        #expect(throws: InputProblem("mentor has already confirmed", key: "role")) { try run.record("role: mentor") }
        #expect(throws: PluginRun<AgreementPlugin>.Refusal.self) { try run.record("note: no role") }
    }
}
