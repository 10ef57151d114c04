import QuestionnaireStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct QuestionnaireConfigurationTests {
    let questions = """
        questions:
          - {id: months, text: How many months is the assignment?, kind: number}
          - {id: wants_mentor, text: Would you like a mentor?, kind: yes-no}
          - {id: level, kind: choice, options: [analyst, manager]}
          - {id: comfort, kind: scale, required: false}
        eligible_if: months >= 6 and wants_mentor

        """

    @Test func acceptsQuestionsAndACondition() {
        let result = PluginHarness<QuestionnairePlugin>.configure(questions)
        #expect(result.diagnostics == [])
        #expect(result.configuration?.questions.map(\.id.value) == ["months", "wants_mentor", "level", "comfort"])
        #expect(result.configuration?.eligibleIf?.text == "months >= 6 and wants_mentor")
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<QuestionnairePlugin>.configure("""
            questions:
              - {id: months, kind: number}
              - {id: months, kind: yes-no}
              - {id: level, kind: choice}
              - {id: 2nd, kind: text, options: [a]}
              - {id: mood, kind: smiley}

            """)
        #expect(result.diagnostics == [
            "with.yaml:6:22: error: unknown value 'smiley'; expected 'yes-no', 'choice', 'scale', 'number', 'date' or 'text'",
        ])
        let second = PluginHarness<QuestionnairePlugin>.configure("""
            questions:
              - {id: months, kind: number}
              - {id: months, kind: yes-no}
              - {id: level, kind: choice}
              - {id: 2nd, kind: text, options: [a]}

            """)
        #expect(second.diagnostics == [
            "with.yaml:3:10: error: question id 'months' appears twice",
            "with.yaml:4:10: error: choice question 'level' needs 'options'",
            "with.yaml:5:10: error: '2nd' is not a valid question id; use letters, digits and '_', starting with a letter (it is a name in conditions)",
            "with.yaml:5:10: error: only choice questions have 'options'; '2nd' is text",
        ])
    }

    @Test func checksTheConditionAgainstTheAnswers() {
        let result = PluginHarness<QuestionnairePlugin>.configure("""
            questions:
              - {id: months, kind: number}
            eligible_if: monts >= 6

            """)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.hasPrefix("with.yaml:3:14: error: unknown name 'monts'") == true)
    }

    @Test func needsAQuestion() {
        #expect(PluginHarness<QuestionnairePlugin>.configure("questions: []\n").diagnostics == [
            "with.yaml:1:1: error: a questionnaire needs at least one question",
        ])
    }
}

@Suite struct QuestionnaireRunTests {
    let day = CalendarDate("2027-01-04")!
    let configuration = """
        questions:
          - {id: months, text: How many months is the assignment?, kind: number}
          - {id: wants_mentor, text: Would you like a mentor?, kind: yes-no}
          - {id: level, kind: choice, options: [analyst, manager]}
          - {id: comfort, kind: scale, required: false}
        eligible_if: months >= 6 and wants_mentor
        """

    @Test func eligibleWhenTheConditionHolds() throws {
        var run = try PluginRun<QuestionnairePlugin>(configuration: configuration, started: day)
        let started = try run.start()
        #expect(started.status == .waiting)
        #expect(started.request?.fields.map(\.name) == ["months", "wants_mentor", "level", "comfort"])
        #expect(started.request?.fields.map(\.kind) == ["number", "yes-no", "analyst|manager", "scale"])
        let done = try run.record("months: 18\nwants_mentor: true\nlevel: manager\ncomfort: 4")
        #expect(done == .completed(["months": .number(18), "wants_mentor": .bool(true), "level": .text("manager"), "comfort": .number(4), "eligible": .bool(true)]))
    }

    @Test func notEligibleWhenItDoesNot() throws {
        var run = try PluginRun<QuestionnairePlugin>(configuration: configuration, started: day)
        _ = try run.start()
        let done = try run.record("months: 4\nwants_mentor: true\nlevel: analyst")
        #expect(done.outputs["eligible"] == .bool(false))
        #expect(done.outputs["comfort"] == nil)
    }

    @Test func refusesWrongAnswersByName() throws {
        var run = try PluginRun<QuestionnairePlugin>(configuration: configuration, started: day)
        _ = try run.start()
        #expect(throws: InputProblem("'wants_mentor' needs an answer (Would you like a mentor?)")) {
            try run.record("months: 8\nlevel: analyst")
        }
        #expect(throws: InputProblem("'directr' is not an option of 'level'; choose 'analyst' or 'manager'", key: "level")) {
            try run.record("months: 8\nwants_mentor: true\nlevel: directr")
        }
        #expect(throws: InputProblem("'comfort' is a scale from 1 to 5, not 7", key: "comfort")) {
            try run.record("months: 8\nwants_mentor: true\nlevel: analyst\ncomfort: 7")
        }
        #expect(throws: InputProblem("'months' takes a number, not the text 'long'", key: "months")) {
            try run.record("months: long\nwants_mentor: true\nlevel: analyst")
        }
        #expect(throws: InputProblem("there is no question 'month'; did you mean 'months'?; the questions are 'months', 'wants_mentor', 'level' or 'comfort'", key: "month")) {
            try run.record("month: 8\nwants_mentor: true\nlevel: analyst")
        }
        // Checked without a case: every problem, each naming its answer.
        #expect(try run.check("months: [12]\nwants_mentor: perhaps\nlevel: analyst\ncomfort: 9") == [
            InputProblem("'months' takes a number, not the list [12]", key: "months"),
            InputProblem("'wants_mentor' takes true or false, not the text 'perhaps'", key: "wants_mentor"),
            InputProblem("'comfort' is a scale from 1 to 5, not 9", key: "comfort"),
        ])
    }
}
