import NudgeStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct NudgeConfigurationTests {
    @Test func acceptsTheProgrammesRules() {
        let result = PluginHarness<NudgePlugin>.configure("""
            watch: sessions
            since: match
            rules:
              - {after: 3w, first_only: true, notify: [employee, mentor], message: Your first session is overdue}
              - {after: 4w, notify: [employee, mentor]}
              - {after: 12w, notify: [lead]}
              - {after: 13w, release: mentor}

            """)
        #expect(result.diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<NudgePlugin>.configure("""
            watch: sesions
            rules:
              - {after: 4 weeks, notify: [mentr]}
              - {after: 2w}

            """)
        #expect(result.diagnostics == [
            "with.yaml:1:8: error: there is no step 'sesions'; did you mean 'sessions'?",
            "with.yaml:3:13: error: unknown unit ' weeks' in duration '4 weeks'; use d (days), w (weeks), mo (months), y (years) or bd (business days)",
            "with.yaml:3:31: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
            "with.yaml:4:13: error: a rule needs 'notify' or 'release', or it does nothing",
        ])
        #expect(PluginHarness<NudgePlugin>.configure("watch: step\nrules: [{after: 1w, notify: [hr]}]\n").diagnostics == [
            "with.yaml:1:8: error: a nudge cannot watch itself",
        ])
    }
}

@Suite struct NudgeRunTests {
    let matched = CalendarDate("2027-01-04")!
    let configuration = """
        watch: sessions
        since: match
        rules:
          - {after: 3w, first_only: true, notify: [employee, mentor], message: Your first session is overdue}
          - {after: 4w, notify: [employee, mentor]}
          - {after: 12w, notify: [lead]}
          - {after: 13w, release: mentor}
        """

    func sessions(_ state: String = "active", last: CalendarDate?) -> StepSnapshot {
        StepSnapshot(state: state, started: matched, finished: nil, count: last == nil ? 0 : 1, lastCompleted: last, outputs: [:])
    }

    @Test func remindsWarnsAndClosesAQuietPairing() throws {
        var run = try PluginRun<NudgePlugin>(configuration: configuration, started: matched, people: ["mentor": "Bo Berg <bo@example.com>"])
        run.steps = ["sessions": sessions(last: nil), "match": StepSnapshot(state: "completed", started: matched, finished: matched, count: 1, lastCompleted: matched, outputs: [:])]
        let started = try run.start()
        #expect(started.status == .waiting)
        #expect(started.wakeUp == CalendarDate("2027-01-11"))
        let first = try #require(try run.pass(to: CalendarDate("2027-01-25")!))
        #expect(first.messages == [OutgoingMessage(to: ["employee", "mentor"], subject: "sessions: none done since 2027-01-04", body: "Your first session is overdue")])
        // A session is held: the clock starts over and first_only no longer applies.
        run.steps["sessions"] = sessions(last: CalendarDate("2027-01-28")!)
        #expect(try run.pass(to: CalendarDate("2027-02-18")!)?.messages == [])
        let reminder = try #require(try run.pass(to: CalendarDate("2027-02-25")!))
        #expect(reminder.messages.map(\.to) == [["employee", "mentor"]])
        let warning = try #require(try run.pass(to: CalendarDate("2027-04-22")!))
        #expect(warning.messages.map(\.to) == [["lead"]])
        let closed = try #require(try run.pass(to: CalendarDate("2027-04-29")!))
        #expect(closed.release == ["mentor"])
        #expect(closed.outputs == ["nudges": .number(3), "released": .list([.text("mentor")])])
        run.steps["sessions"] = sessions("completed", last: CalendarDate("2027-01-28")!)
        #expect(try run.pass(to: CalendarDate("2027-05-06")!)?.status == .completed)
    }

    @Test func countsOnlyHeldSessionsWhenToldWhichOutputSaysSo() throws {
        var run = try PluginRun<NudgePlugin>(configuration: configuration + "\nactivity: last_held", started: matched)
        // Sessions passed unrecorded (missed): completed occurrences, but nothing held.
        run.steps = ["sessions": StepSnapshot(state: "active", started: matched, finished: nil, count: 3, lastCompleted: CalendarDate("2027-01-22")!, outputs: ["held": .number(0)])]
        let started = try run.start()
        #expect(started.request == nil, "a nudge puts nothing on the agenda")
        #expect(try run.pass(to: CalendarDate("2027-01-25")!)?.messages.map(\.subject) == ["sessions: none done since 2027-01-04"])
        run.steps["sessions"]?.outputs = ["held": .number(1), "last_held": .date(CalendarDate("2027-01-27")!)]
        #expect(try run.pass(to: CalendarDate("2027-02-23")!)?.messages == [])
        #expect(try run.pass(to: CalendarDate("2027-02-24")!)?.messages.map(\.subject) == ["sessions: none done since 2027-01-27"])
    }

    @Test func aRepeatingRuleNudgesEveryIntervalWhileThePairStaysQuietAndSaysWhatItWatches() throws {
        let repeating = "watch: sessions\nrules:\n  - {after: 4w, every: 2w, notify: [employee, mentor]}\n"
        var run = try PluginRun<NudgePlugin>(configuration: repeating, started: matched)
        var quiet = sessions(last: nil)
        quiet.title = "Mentoring session"
        run.steps = ["sessions": quiet]
        _ = try run.start()
        var sent: [String] = []
        var day = matched
        while day < CalendarDate("2027-04-05")! {
            day = day.adding(days: 1)
            if let outcome = try run.pass(to: day) { sent += outcome.messages.map { "\(day) \($0.subject)" } }
        }
        // Four weeks after the start, then every two weeks, for as long as nothing happens.
        #expect(sent == [
            "2027-02-01 Mentoring session: none done since 2027-01-04", "2027-02-15 Mentoring session: none done since 2027-01-04",
            "2027-03-01 Mentoring session: none done since 2027-01-04", "2027-03-15 Mentoring session: none done since 2027-01-04",
            "2027-03-29 Mentoring session: none done since 2027-01-04",
        ])
    }

    @Test func takesNoInput() throws {
        var run = try PluginRun<NudgePlugin>(configuration: configuration, started: matched)
        #expect(throws: InputProblem("a nudge takes no input; it watches 'sessions'")) { try run.record("{}") }
    }
}
