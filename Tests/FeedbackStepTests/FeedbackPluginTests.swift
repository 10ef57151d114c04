import FeedbackStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct FeedbackConfigurationTests {
    static let settings = """
        about: employee
        from: [manager, mentor, mentee]
        questions:
          - {id: impact, text: How much did the assignment change the team's work (1 to 5)?, kind: scale}
          - {id: comment, text: Anything to add?, kind: text, required: false}
        anonymous: true
        min_answers: 3
        remind_after: 1w
        """

    @Test func acceptsRolesQuestionsAndAnonymity() {
        #expect(PluginHarness<FeedbackPlugin>.configure(Self.settings).diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        #expect(PluginHarness<FeedbackPlugin>.configure("""
            from: [manager, mentr, manager]
            questions: []
            min_answers: 5
            remind_after: soon
            """).diagnostics == [
            "with.yaml:1:1: error: 'questions' needs at least one question",
            "with.yaml:1:17: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:1:24: error: role 'manager' appears twice",
            "with.yaml:3:14: error: 'min_answers' applies to an anonymous round; add 'anonymous: true' or remove it",
            "with.yaml:4:15: error: 'remind_after' is a duration such as 1w or 5bd, not 'soon'",
        ])
    }
}

@Suite struct FeedbackRunTests {
    let day = CalendarDate("2028-04-03")!
    let people = ["employee": "Ana Lima <ana@example.com>", "manager": "Max Mueller <max@example.com>", "mentor": "Bo Berg <bo@example.com>", "mentee": "Eli Evans <eli@example.com>"]

    @Test func anAnonymousRoundPublishesAveragesOnlyFromThreeAnswersAndRemindsTheRest() throws {
        var run = try PluginRun<FeedbackPlugin>(configuration: FeedbackConfigurationTests.settings, started: day, people: people)
        let started = try run.start()
        #expect(started.messages == [OutgoingMessage(to: ["manager", "mentor", "mentee"], subject: "Feedback about Ana Lima", body: "Please answer 2 question(s); answers are shown only as averages.")])
        #expect(started.wakeUp == CalendarDate("2028-04-10"))
        #expect(try run.record("as: manager\nanswers: {impact: 4}", by: "Max Mueller <max@example.com>").outputs == ["answered": .number(1), "asked": .number(3)])
        #expect(try run.record("as: mentor\nanswers: {impact: 5, comment: clear}", by: "Bo Berg <bo@example.com>").outputs == ["answered": .number(2), "asked": .number(3)])
        // A week on, the mentee has not answered: reminded, and again a week later.
        let reminder = try #require(try run.pass(to: CalendarDate("2028-04-10")!))
        #expect(reminder.messages == [OutgoingMessage(to: ["mentee"], subject: "Reminder: your feedback", body: "Your answers are still awaited.")])
        #expect(reminder.wakeUp == CalendarDate("2028-04-17"))
        let done = try run.record("as: mentee\nanswers: {impact: 3}", by: "Eli Evans <eli@example.com>")
        #expect(done == .completed(["answered": .number(3), "asked": .number(3), "avg_impact": .number(4)]))
    }

    @Test func refusesARoleNotAskedASecondAnswerAndThePersonItIsAbout() throws {
        var run = try PluginRun<FeedbackPlugin>(configuration: FeedbackConfigurationTests.settings, started: day, people: people)
        _ = try run.start()
        #expect(try run.check("as: coach\nanswers: {impact: 4}") == [InputProblem("'coach' is not asked for feedback; the roles asked are 'manager', 'mentor' and 'mentee'", key: "as")])
        #expect(throws: InputProblem("the feedback is about Ana Lima <ana@example.com>; they cannot answer it", key: "as")) {
            try run.record("as: manager\nanswers: {impact: 5}", by: "Ana Lima <ana@example.com>")
        }
        _ = try run.record("as: manager\nanswers: {impact: 4}", by: "Max Mueller <max@example.com>")
        #expect(throws: InputProblem("manager has already answered", key: "as")) { try run.record("as: manager\nanswers: {impact: 2}") }
    }
}
