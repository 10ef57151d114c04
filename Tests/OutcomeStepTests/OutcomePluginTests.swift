import OutcomeStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct OutcomeTests {
    let day = CalendarDate("2028-06-01")!

    @Test func checksItsSettings() {
        #expect(PluginHarness<OutcomePlugin>.configure("label: 6 months after return\n").diagnostics == [])
        #expect(PluginHarness<OutcomePlugin>.configure("labl: 6 months\n").diagnostics == ["with.yaml:1:1: error: unknown key 'labl'; did you mean 'label'?"])
    }

    @Test func recordsRetentionAndPromotion() throws {
        var run = try PluginRun<OutcomePlugin>(configuration: "label: 6 months after return", started: day)
        #expect(try run.start().request?.prompt == "Record the outcome 6 months after return: still employed, promoted, moved role")
        #expect(try run.record("still_employed: true\npromoted: true") == .completed([
            "still_employed": .bool(true), "promoted": .bool(true), "moved_role": .bool(false), "label": .text("6 months after return"),
        ]))
    }

    @Test func refusesContradictions() throws {
        var run = try PluginRun<OutcomePlugin>(started: day)
        _ = try run.start()
        #expect(throws: InputProblem("someone no longer employed cannot be recorded as promoted; record promoted=false or still_employed=true", key: "promoted")) {
            try run.record("still_employed: false\npromoted: true")
        }
        let refusal = try #require(throws: PluginRun<OutcomePlugin>.Refusal.self) { try run.record("promoted: true") }
        #expect(refusal.diagnostics == ["input.yaml:1:1: error: missing required key 'still_employed'"])
    }
}
