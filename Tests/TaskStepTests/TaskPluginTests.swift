import SojournKit
import SojournKitTesting
import TaskStep
import SojournKit
import Testing

@Suite struct TaskPluginTests {
    @Test func acceptsAChecklist() {
        let result = PluginHarness<TaskPlugin>.configure("checklist: [Read the programme guide, Fill in the questionnaire]\n")
        #expect(result.diagnostics == [])
        #expect(result.configuration?.checklist?.map(\.value) == ["Read the programme guide", "Fill in the questionnaire"])
    }

    @Test func anEmptyWithIsFine() {
        #expect(PluginHarness<TaskPlugin>.configure("{}\n").diagnostics == [])
    }

    @Test func reportsDuplicateItemsAndUnknownKeys() {
        #expect(PluginHarness<TaskPlugin>.configure("checklist: [a, b, a]\n").diagnostics == [
            "with.yaml:1:19: error: checklist item 'a' appears twice",
        ])
        #expect(PluginHarness<TaskPlugin>.configure("checklst: [a]\n").diagnostics == [
            "with.yaml:1:1: error: unknown key 'checklst'; did you mean 'checklist'?",
        ])
        #expect(PluginHarness<TaskPlugin>.configure("checklist: Read the guide\n").diagnostics == [
            "with.yaml:1:12: error: expected a list, found text 'Read the guide'",
        ])
    }

    @Test func shapeListsItsKeys() {
        #expect(TaskPlugin.configurationShape == .mapping([
            ShapeKey(name: "checklist", shape: .list(.text), required: false),
            ShapeKey(name: "instructions", shape: .text, required: false),
            ShapeKey(name: "link", shape: .text, required: false),
        ]))
    }
}

@Suite struct TaskPluginRunTests {
    let day = CalendarDate("2027-01-04")!

    @Test func waitsThenCompletesWithOutputs() throws {
        var run = try PluginRun<TaskPlugin>(configuration: "checklist: [Read the guide, Fill in the form]", started: day)
        let started = try run.start()
        #expect(started.status == .waiting)
        #expect(started.request?.prompt == "Mark the task done: Read the guide; Fill in the form")
        #expect(started.request?.fields.map(\.name) == ["note", "checked"])
        // One item of two: still waiting, for the other.
        let half = try run.record("note: easy\nchecked: [Read the guide]", by: "Ana")
        #expect(half.status == .waiting)
        #expect(half.request?.prompt == "Still to do: Fill in the form")
        #expect(half.outputs["checked"] == .number(1))
        let done = try run.record("checked: [Fill in the form]", by: "Ana")
        #expect(done == .completed(["checked": .number(2), "done_by": .text("Ana")]))
        #expect(try run.pass(to: day.adding(days: 10)) == nil)
    }

    @Test func refusesWhatIsNotOnTheChecklist() throws {
        var run = try PluginRun<TaskPlugin>(configuration: "checklist: [Read the guide]", started: day)
        _ = try run.start()
        #expect(throws: InputProblem("'Read it' is not on the checklist; the items are 'Read the guide'", key: "checked")) {
            try run.record("checked: [Read it]")
        }
        #expect(throws: PluginRun<TaskPlugin>.Refusal.self) { try run.record("notes: typo") }
    }
}
