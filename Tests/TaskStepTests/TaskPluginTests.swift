import SojournKit
import SojournKitTesting
import TaskStep
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
