import MilestonesStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct MilestonesConfigurationTests {
    @Test func acceptsDatesAndDurations() {
        let result = PluginHarness<MilestonesPlugin>.configure("""
            milestones:
              - {id: pitch, text: Pitch the Brazil pilot, measure: approved by the board, target: 8w}
              - {id: team, text: Hire two analysts, measure: two signed contracts, target: 2027-06-01}
            feedback_from: [manager, mentee]
            feedback_needed: 2

            """)
        #expect(result.diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<MilestonesPlugin>.configure("""
            milestones:
              - {id: pitch, text: t, measure: m, target: soon}
              - {id: pitch, text: t, measure: m, target: 2w}
            feedback_needed: 2

            """)
        #expect(result.diagnostics == [
            "with.yaml:2:46: error: 'soon' is not a target; write a date (2027-06-01), a duration after the step starts (8w), or a date such as return + 30d",
            "with.yaml:3:10: error: milestone id 'pitch' appears twice",
            "with.yaml:4:18: error: 'feedback_needed' is 2 but 'feedback_from' names no one to ask",
        ])
        // A date expression names fields of the workflow (here, the harness's) or start.
        #expect(PluginHarness<MilestonesPlugin>.configure("milestones:\n  - {id: pitch, text: t, measure: m, target: retrun + 30d}\n", fields: ["return"]).diagnostics == [
            "with.yaml:2:46: error: unknown name 'retrun'; did you mean 'return'?",
        ])
        // A missing key does not stop the plugin's own checks: all three problems at once.
        #expect(PluginHarness<MilestonesPlugin>.configure("milestones:\n  - {id: pitch, text: t, target: soon}\n  - {id: pitch, text: u, measure: m, target: 2w}\nfeedback_needed: 2\n").diagnostics == [
            "with.yaml:2:5: error: missing required key 'measure'",
            "with.yaml:2:34: error: 'soon' is not a target; write a date (2027-06-01), a duration after the step starts (8w), or a date such as return + 30d",
            "with.yaml:3:10: error: milestone id 'pitch' appears twice",
            "with.yaml:4:18: error: 'feedback_needed' is 2 but 'feedback_from' names no one to ask",
        ])
        #expect(PluginHarness<MilestonesPlugin>.configure("milestones:\n  - {id: pitch, text: t, target: 2w}\n").diagnostics == [
            "with.yaml:2:5: error: missing required key 'measure'",
        ])
    }
}

@Suite struct MilestonesRunTests {
    let day = CalendarDate("2027-09-06")!
    let configuration = """
        milestones:
          - {id: pitch, text: Pitch the Brazil pilot, measure: approved by the board, target: 8w}
          - {id: team, text: Hire two analysts, measure: two signed contracts, target: 2027-12-01}
        feedback_from: [manager]
        feedback_needed: 1
        """

    @Test func asksForFeedbackAndCompletesWhenAllIsIn() throws {
        var run = try PluginRun<MilestonesPlugin>(configuration: configuration, started: day)
        let started = try run.start()
        #expect(started.request?.prompt == "open: pitch (approved by the board by 2027-11-01), team (two signed contracts by 2027-12-01); 1 more peer feedback")
        #expect(started.messages == [OutgoingMessage(to: ["manager"], subject: "Feedback requested", body: "Please give feedback on the coaching milestones: Pitch the Brazil pilot; Hire two analysts")])
        #expect(started.wakeUp == CalendarDate("2027-11-02"))
        _ = try run.record("met: {pitch: board minutes of 2027-10-20}", on: CalendarDate("2027-10-21")!)
        let late = try #require(try run.pass(to: CalendarDate("2027-12-02")!))
        #expect(late.outputs["late"] == .number(1))
        _ = try run.record("met: {team: contracts signed 2027-12-10}", on: CalendarDate("2027-12-10")!)
        let done = try run.record("feedback: {from: Max Mueller, text: 'Clear goals, well run'}", on: CalendarDate("2027-12-12")!)
        #expect(done == .completed(["met": .number(2), "total": .number(2), "feedback": .number(1), "late": .number(0)]))
    }

    @Test func aTargetWrittenFromTheCaseDatesIsWorkedOutForTheCase() throws {
        let yaml = "milestones:\n  - {id: settle, text: Settle back in, measure: a review held, target: return + 30d}\n  - {id: share, text: Share, measure: a talk, target: start + 10bd}\n"
        var run = try PluginRun<MilestonesPlugin>(configuration: yaml, started: day, fields: ["return": .date(CalendarDate("2027-09-01")!)])
        let started = try run.start()
        // 30 days after a 1 September return; ten business days after Monday 6 September.
        #expect(started.request?.prompt == "open: settle (a review held by 2027-10-01), share (a talk by 2027-09-20)")
        #expect(started.wakeUp == CalendarDate("2027-09-21"))
    }

    @Test func refusesUnknownMilestonesAndEmptyEvidence() throws {
        var run = try PluginRun<MilestonesPlugin>(configuration: configuration, started: day)
        _ = try run.start()
        #expect(throws: InputProblem("there is no milestone 'pich'; did you mean 'pitch'?", key: "met")) { try run.record("met: {pich: done}") }
        #expect(throws: InputProblem("milestone 'pitch' needs evidence: what shows it is met", key: "met")) { try run.record("met: {pitch: ''}") }
        #expect(throws: InputProblem("feedback needs text", key: "feedback")) { try run.record("feedback: {from: Max, text: ' '}") }
        #expect(throws: InputProblem("record met milestones (met: {id: evidence}) or feedback ({from, text})")) { try run.record("{}") }
        _ = try run.record("met: {pitch: approved}")
        #expect(throws: InputProblem("milestone 'pitch' is already met", key: "met")) { try run.record("met: {pitch: again}") }
    }
}
