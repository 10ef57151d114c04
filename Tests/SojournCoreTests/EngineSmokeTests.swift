import SojournCore
import SojournKit
import Testing

@Suite struct EngineSmokeTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test func runsTheBundledWorkflow() throws {
        let workflow = TestSupport.bundled("international-assignment.yaml")
        let values = try FieldValues.check(PlannerTests.assignmentFields, for: workflow)
        let calendar = try #require(try TestSupport.calendars.calendar(for: "NO"))
        var engine = CaseEngine(caseID: "abc123", workflow: workflow, fields: values.mapValues(PluginValue.init), people: [:], businessCalendar: calendar, progress: CaseEngine.newProgress(for: workflow, openedOn: date("2026-11-23")))
        try engine.open(by: "hr")
        try engine.advance(to: date("2027-01-10"))
        for event in engine.events { print("EVENT", event.date, event.summary) }
        #expect(engine.progress.steps["eligibility"]?.state == .active)
        let input = try YAMLLoader().loadDocument(SourceFile(path: "input", text: "note: done\n"))
        try engine.record(input, for: .init(step: "eligibility"), by: "Ana", on: date("2027-01-10"))
        try engine.advance(to: date("2027-04-01"))
        for event in engine.events.suffix(20) { print("EVENT", event.date, event.summary) }
    }
}
