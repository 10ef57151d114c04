import MeetingStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct MeetingConfigurationTests {
    @Test func acceptsACadenceSetting() {
        let result = PluginHarness<MeetingPlugin>.configure("""
            between: [employee, mentor]
            minutes: 45
            make_up: true
            min_attendance: 75
            feedback:
              - {id: useful, text: How useful was it?, kind: scale}

            """)
        #expect(result.diagnostics == [])
        #expect(result.configuration?.minutes.value == 45)
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<MeetingPlugin>.configure("""
            between: [employee, mentro]
            minutes: 0
            min_attendance: 120
            feedback:
              - {id: useful, kind: choice}

            """)
        #expect(result.diagnostics == [
            "with.yaml:1:21: error: unknown role 'mentro'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:2:10: error: 'minutes' is the length of a session, from 1 to 1440 (a day), not 0",
            "with.yaml:3:17: error: 'min_attendance' is a percentage from 0 to 100, not 120",
            "with.yaml:5:10: error: choice question 'useful' needs 'options'",
        ])
        #expect(PluginHarness<MeetingPlugin>.configure("between: [employee, mentor]\n").diagnostics == [
            "with.yaml:1:1: error: missing required key 'minutes'",
        ])
    }
}

@Suite struct MeetingRunTests {
    let day = CalendarDate("2027-01-04")!
    let configuration = """
        between: [employee, mentor]
        minutes: 60
        make_up: true
        min_attendance: 75
        feedback:
          - {id: useful, kind: scale}
        """

    @Test func countsSessionsMinutesAndRatings() throws {
        var run = try PluginRun<MeetingPlugin>(configuration: configuration, started: day)
        let first = try run.start(occurrence: 1)
        #expect(first.request?.prompt == "Record the session of employee and mentor: 60 minutes, held or missed")
        _ = try run.record("held: true\nrating: 4\nfeedback: {useful: 5}\nnotes: talked about housing", occurrence: 1)
        _ = try run.record("held: true\nminutes: 50\nrating: 5\nfeedback: {useful: 4}", occurrence: 2, on: day.adding(days: 7))
        let third = try run.record("held: true\nrating: 4", occurrence: 3, on: day.adding(days: 14))
        #expect(third == .completed([
            "held": .number(3), "missed": .number(0), "minutes": .number(170), "with_feedback": .number(2), "attendance": .number(100),
            "fell_short": .bool(false), "owed_minutes": .number(0), "average_rating": .number(4.3), "last_held": .date(CalendarDate("2027-01-18")!),
        ]))
        // The notes are private: the engine keeps them apart, and the step keeps none of them.
        #expect(!String(describing: run.state).contains("housing"))
    }

    @Test func aMissedSessionIsMadeUpAtTheNext() throws {
        var run = try PluginRun<MeetingPlugin>(configuration: configuration, started: day)
        _ = try run.start(occurrence: 1)
        let missed = try run.record("held: false\nreason: mentor travelling", occurrence: 1)
        #expect(missed.outputs["owed_minutes"] == .number(60))
        #expect(missed.outputs["fell_short"] == .bool(true))
        #expect(try run.start(occurrence: 2).request?.prompt == "Record the session of employee and mentor: 60 minutes + 60 make-up, held or missed")
        let madeUp = try run.record("held: true\nminutes: 120", occurrence: 2)
        #expect(madeUp.outputs["owed_minutes"] == .number(0))
        #expect(madeUp.outputs["minutes"] == .number(120))
        #expect(madeUp.outputs["attendance"] == .number(50))
    }

    @Test func anUnrecordedSessionPastItsDateIsMissed() throws {
        let pair = ["employee": "Ana Lima <ana@example.com>", "mentor": "Bo Berg <bo@example.com>"]
        var run = try PluginRun<MeetingPlugin>(configuration: configuration, started: day, people: pair)
        _ = try run.start(occurrence: 1)
        let passed = try #require(try run.pass(to: day.adding(days: 8), occurrence: 1))
        #expect(passed.status == .missed)
        #expect(passed.outputs["missed"] == .number(1))
        #expect(passed.outputs["owed_minutes"] == .number(60))
        // Owed minutes stop at one session's length, however many are missed.
        _ = try run.start(occurrence: 2)
        let again = try #require(try run.pass(to: day.adding(days: 15), occurrence: 2))
        #expect(again.outputs["missed"] == .number(2))
        #expect(again.outputs["owed_minutes"] == .number(60))
        // The mentor has left and nobody is in the role yet: nothing is owed.
        run.people["mentor"] = nil
        _ = try run.start(occurrence: 3)
        let alone = try #require(try run.pass(to: day.adding(days: 22), occurrence: 3))
        #expect(alone.outputs["owed_minutes"] == .number(0))
        var manual = try PluginRun<MeetingPlugin>(configuration: configuration + "\nauto_miss: false", started: day)
        _ = try manual.start(occurrence: 1)
        #expect(try manual.pass(to: day.adding(days: 8), occurrence: 1) == nil)
    }

    @Test func refusesInconsistentRecords() throws {
        var run = try PluginRun<MeetingPlugin>(configuration: configuration, started: day)
        _ = try run.start(occurrence: 1)
        #expect(throws: InputProblem("a rating is from 1 to 5, not 9", key: "rating")) { try run.record("held: true\nrating: 9", occurrence: 1) }
        #expect(throws: InputProblem("a missed session has no minutes; leave minutes out, or record held=true", key: "minutes")) { try run.record("held: false\nminutes: 30", occurrence: 1) }
        #expect(throws: InputProblem("a session lasts at most a day (1440 minutes), not 9223372036854775807", key: "minutes")) { try run.record("held: true\nminutes: 9223372036854775807", occurrence: 1) }
        // Every problem at once, each at its own key, before any case is read.
        #expect(try run.check("held: false\nminutes: 30\nrating: 4") == [
            InputProblem("a missed session has no minutes; leave minutes out, or record held=true", key: "minutes"),
            InputProblem("a missed session has no rating; leave rating out, or record held=true", key: "rating"),
        ])
        #expect(throws: InputProblem("minutes must be more than 0 for a held session", key: "minutes")) { try run.record("held: true\nminutes: 0", occurrence: 1) }
        #expect(throws: InputProblem("'useful' is a scale from 1 to 5, not 0", key: "feedback")) { try run.record("held: true\nfeedback: {useful: 0}", occurrence: 1) }
        #expect(run.state.held == 0)
        var plain = try PluginRun<MeetingPlugin>(configuration: "between: [coach, employee]\nminutes: 30", started: day)
        #expect(throws: InputProblem("this meeting asks no feedback questions", key: "feedback")) { try plain.record("held: true\nfeedback: {useful: 4}") }
        let refusal = try #require(throws: PluginRun<MeetingPlugin>.Refusal.self) { try plain.record("held: maybe") }
        #expect(refusal.diagnostics == ["input.yaml:1:7: error: expected true or false, found text 'maybe'"])
    }
}
