import SojournKit
import SojournKitTesting
import SurveyStep
import Testing

@Suite struct SurveyTests {
    let day = CalendarDate("2027-04-01")!
    let configuration = """
        intro: Quarterly pulse
        questions:
          - {id: settled, text: How settled do you feel?, kind: scale}
          - {id: support, text: Is the support enough?, kind: yes-no}
          - {id: comment, kind: text, required: false}
        """

    @Test func checksItsQuestions() {
        #expect(PluginHarness<SurveyPlugin>.configure(configuration + "\n").diagnostics == [])
        #expect(PluginHarness<SurveyPlugin>.configure("questions: []\n").diagnostics == ["with.yaml:1:1: error: a survey needs at least one question"])
        #expect(PluginHarness<SurveyPlugin>.configure("questions:\n  - {id: mood, kind: scale, options: [a]}\n").diagnostics == [
            "with.yaml:2:10: error: only choice questions have 'options'; 'mood' is scale",
        ])
    }

    @Test func averagesScaleAnswersAcrossResponses() throws {
        var run = try PluginRun<SurveyPlugin>(configuration: configuration, started: day)
        #expect(try run.start(occurrence: 1).request?.prompt == "Quarterly pulse")
        _ = try run.record("settled: 2\nsupport: false\ncomment: the housing search is slow", occurrence: 1)
        _ = try run.start(occurrence: 2)
        let second = try run.record("settled: 4\nsupport: true", occurrence: 2)
        #expect(second == .completed(["settled": .number(4), "support": .bool(true), "avg_settled": .number(3), "responses": .number(2)]))
        _ = try run.record("settled: 4\nsupport: true", occurrence: 3)
        #expect(try run.record("settled: 5\nsupport: true", occurrence: 4).outputs["avg_settled"] == .number(3.8))
    }

    @Test func refusesWrongAnswers() throws {
        var run = try PluginRun<SurveyPlugin>(configuration: configuration, started: day)
        _ = try run.start()
        #expect(throws: InputProblem("'settled' is a scale from 1 to 5, not 6", key: "settled")) { try run.record("settled: 6\nsupport: true") }
        #expect(throws: InputProblem("'support' takes true or false, not the text 'maybe'", key: "support")) { try run.record("settled: 3\nsupport: maybe") }
        #expect(run.state.responses == 0)
    }
}
