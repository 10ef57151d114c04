import GoalsStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct GoalsConfigurationTests {
    @Test func acceptsLimits() {
        #expect(PluginHarness<GoalsPlugin>.configure("minimum: 2\nmaximum: 5\ninstructions: Goals for the first quarter back\n").diagnostics == [])
    }

    @Test func reportsLimitsThatCannotBeMet() {
        #expect(PluginHarness<GoalsPlugin>.configure("minimum: 3\nmaximum: 2\n").diagnostics == [
            "with.yaml:2:10: error: 'maximum' (2) is below 'minimum' (3)",
        ])
        #expect(PluginHarness<GoalsPlugin>.configure("minimum: 0\n").diagnostics == [
            "with.yaml:1:10: error: 'minimum' must be at least 1",
        ])
        #expect(PluginHarness<GoalsPlugin>.configure("minimum: two\n").diagnostics == [
            "with.yaml:1:10: error: expected a whole number, found text 'two'",
        ])
    }
}

@Suite struct GoalsRunTests {
    let day = CalendarDate("2027-01-04")!
    let twoGoals = """
        goals:
          - {id: network, goal: Meet the host country's key clients, measure: 10 client meetings, target: 2027-03-31}
          - {id: language, goal: Reach B1 in Portuguese, measure: B1 certificate, target: 2027-06-30}
        """

    @Test func waitsForGoalsThenCompletesWhenEachIsMetOrClosed() throws {
        var run = try PluginRun<GoalsPlugin>(configuration: "minimum: 2", started: day)
        let started = try run.start()
        #expect(started.request?.prompt == "Set at least 2 SMART goals, each with a measure and a target date")
        let set = try run.record(twoGoals)
        #expect(set.status == .waiting)
        #expect(set.request?.prompt == "2 open goals: report progress, mark met, or close with a reason")
        #expect(set.wakeUp == CalendarDate("2027-04-01"))
        #expect(set.outputs["set"] == .number(2))
        let progress = try run.record("progress: {network: 40}", on: CalendarDate("2027-02-01")!)
        guard case .list(let goals)? = progress.outputs["goals"], case .object(let network)? = goals.first else {
            Issue.record("no goals in \(progress.outputs)")
            return
        }
        #expect(network["progress"] == .number(40))
        #expect(network["status"] == .text("open"))
        _ = try run.record("met: [network]", on: CalendarDate("2027-03-20")!)
        let done = try run.record("close: {language: the course was cancelled}", on: CalendarDate("2027-05-02")!)
        #expect(done.status == .completed)
        #expect(done.outputs["met"] == .number(1))
        #expect(done.outputs["closed"] == .number(1))
        #expect(done.outputs["overdue"] == .number(0))
    }

    @Test func anOpenGoalPastItsTargetIsOverdue() throws {
        var run = try PluginRun<GoalsPlugin>(started: day)
        _ = try run.start()
        _ = try run.record(twoGoals)
        let overdue = try #require(try run.pass(to: CalendarDate("2027-04-01")!))
        #expect(overdue.status == .waiting)
        #expect(overdue.outputs["overdue"] == .number(1))
        #expect(overdue.request?.prompt == "overdue: network (target 2027-03-31); report progress, mark met, or close with a reason")
        #expect(overdue.wakeUp == CalendarDate("2027-07-01"))
    }

    @Test func refusesBadGoalsAndChangesNothing() throws {
        var run = try PluginRun<GoalsPlugin>(configuration: "maximum: 1", started: day)
        _ = try run.start()
        #expect(throws: InputProblem("goal 'x': 'soon' is not a date; write YYYY-MM-DD", key: "goals")) {
            try run.record("goals: [{id: x, goal: g, measure: m, target: soon}]")
        }
        #expect(throws: InputProblem("goal 'x': the target 2027-01-04 must be after today (2027-01-04)", key: "goals")) {
            try run.record("goals: [{id: x, goal: g, measure: m, target: 2027-01-04}]")
        }
        #expect(throws: InputProblem("at most 1 goal; this would make 2", key: "goals")) { try run.record(twoGoals) }
        #expect(run.state.goals.isEmpty)
        _ = try run.record("goals: [{id: network, goal: g, measure: m, target: 2027-02-01}]")
        #expect(throws: InputProblem("there is no goal 'netwrk'; did you mean 'network'?", key: "met")) { try run.record("met: [netwrk]") }
        #expect(throws: InputProblem("progress of 'network' is a percentage from 0 to 100, not 140", key: "progress")) { try run.record("progress: {network: 140}") }
        #expect(throws: InputProblem("closing 'network' needs a reason", key: "close")) { try run.record("close: {network: ' '}") }
        #expect(throws: InputProblem("record goals, progress, met or close")) { try run.record("{}") }
        _ = try run.record("met: [network]")
    }
}
