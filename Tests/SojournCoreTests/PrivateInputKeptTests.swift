@testable import SojournCore
import SojournKit
import Testing

/// A plugin that copies private input into its state or outputs has its input refused:
/// those are stored with the case, where private input must never be.
@Suite struct PrivateInputKeptTests {
    let notes: [String: PluginValue] = ["notes": .text("struggling, thinking of resigning")]

    @Test func privateInputInTheStateOrOutputsIsRefused() {
        let message = "plugin 'diary' keeps the private input 'notes' in its state or outputs, where it would be stored with the case; the plugin must leave private input to the engine (StepPlugin.privateInputKeys)"
        for (state, outputs) in [(PluginValue.object(["log": .list([.text("struggling, thinking of resigning")])]), [String: PluginValue]()),
                                 (nil, ["summary": .text("struggling, thinking of resigning")])] {
            do {
                try CaseEngine.refuseKept(notes, plugin: "diary", state: state, outputs: outputs)
                Issue.record("the private input kept was not refused")
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test func otherValuesAndShortWordsPass() throws {
        try CaseEngine.refuseKept(notes, plugin: "diary", state: .object(["held": .number(2)]), outputs: ["rating": .number(4)])
        try CaseEngine.refuseKept(["number": .text("X12")], plugin: "visa", state: .object(["document": .text("X12")]), outputs: [:])
    }
}
