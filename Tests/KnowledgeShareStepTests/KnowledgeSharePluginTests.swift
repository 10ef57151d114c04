import KnowledgeShareStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct KnowledgeShareTests {
    let day = CalendarDate("2027-09-06")!

    @Test func checksItsSettings() {
        #expect(PluginHarness<KnowledgeSharePlugin>.configure("topics: [the market, customers, regulation]\naudience: the sales team\nmin_attendance: 5\n").diagnostics == [])
        #expect(PluginHarness<KnowledgeSharePlugin>.configure("min_attendance: 0\n").diagnostics == [
            "with.yaml:1:17: error: 'min_attendance' must be at least 1",
        ])
        #expect(PluginHarness<KnowledgeSharePlugin>.configure("topic: [the market]\n").diagnostics == [
            "with.yaml:1:1: error: unknown key 'topic'; did you mean 'topics'?",
        ])
    }

    @Test func recordsTheSession() throws {
        var run = try PluginRun<KnowledgeSharePlugin>(configuration: "topics: [the market, regulation]\naudience: the sales team\nmin_attendance: 5", started: day)
        #expect(try run.start().request?.prompt == "Hold a knowledge-sharing session for the sales team (the market, regulation), then record it")
        let done = try run.record("""
            topic: Brazilian payments regulation
            date: 2027-09-20
            attendance: 14
            materials: [https://wiki.example.com/br-payments]
            confidentiality_acknowledged: true
            """, on: CalendarDate("2027-09-21")!)
        #expect(done == .completed([
            "topic": .text("Brazilian payments regulation"), "held_on": .date(CalendarDate("2027-09-20")!), "attendance": .number(14),
            "materials": .list([.text("https://wiki.example.com/br-payments")]),
        ]))
    }

    @Test func refusesWhatDidNotHappenYet() throws {
        var run = try PluginRun<KnowledgeSharePlugin>(configuration: "min_attendance: 5", started: day)
        _ = try run.start()
        #expect(throws: InputProblem("the session is recorded once held; 2027-09-30 is after today (2027-09-06)", key: "date")) {
            try run.record("topic: t\ndate: 2027-09-30\nattendance: 9\nconfidentiality_acknowledged: true")
        }
        #expect(throws: InputProblem("3 attended; the session counts from 5", key: "attendance")) {
            try run.record("topic: t\ndate: 2027-09-01\nattendance: 3\nconfidentiality_acknowledged: true")
        }
        #expect(throws: InputProblem("acknowledge that nothing confidential was shared: confidentiality_acknowledged=true", key: "confidentiality_acknowledged")) {
            try run.record("topic: t\ndate: 2027-09-01\nattendance: 9")
        }
        #expect(throws: InputProblem("'last week' is not a date; write YYYY-MM-DD", key: "date")) {
            try run.record("topic: t\ndate: last week\nattendance: 9")
        }
        let refusal = try #require(throws: PluginRun<KnowledgeSharePlugin>.Refusal.self) { try run.record("topic: t\ndate: 2027-09-01") }
        #expect(refusal.diagnostics == ["input.yaml:1:1: error: missing required key 'attendance'"])
    }
}
