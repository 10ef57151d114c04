import Foundation
import SojournCore
import SojournKit
import Testing

/// A plan is what a case gets when every step is done on its due date: over generated
/// workflows, the plan's dates (phases, steps, due dates, occurrences, reminders) equal
/// the history of a case driven that way, day by day, through the engine.
@Suite struct PlanMatchesCaseTests {
    @Test(arguments: 1...40)
    func aPlanIsTheHistoryOfACaseDoneOnTime(seed: Int) throws {
        let text = TimerIndexTests.workflow(seed: UInt64(seed))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(seed)-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let workflow = TestSupport.workflow(text)
        let fields = ["employee": "Ana Lima <ana@example.com>", "departure": "2027-03-01", "return": "2027-09-01"]
        let opened = CalendarDate("2027-01-04")!
        let plan = try Planner(workflow: workflow, calendars: TestSupport.calendars).plan(fields: try FieldValues.check(fields, for: workflow), opened: opened)

        // Every step and occurrence done on its due date, or the day it starts without one.
        let cases = try CaseFixture()
        let id = try cases.open(path, fields: fields, on: opened.description)
        var day = opened
        while try cases.status(id).stored.progress.state == .open, day < CalendarDate("2029-01-01")! {
            try cases.advance(id, to: day.description)
            var recorded = true
            while recorded {
                recorded = false
                for item in try cases.status(id).agenda where (item.due ?? day) <= day {
                    try cases.record(id, item.occurrence.map { "\(item.step)#\($0)" } ?? item.step, on: day.description)
                    recorded = true
                    break
                }
            }
            day = day.adding(days: 1)
        }
        let view = try cases.status(id)
        #expect(view.stored.progress.state == .completed, "seed \(seed): \(path)")
        let history = try cases.service.history(id).map(\.event)

        for phase in plan.phases {
            let state = try #require(view.stored.progress.phases[phase.id])
            #expect(state.started == phase.start, "seed \(seed) phase \(phase.id) start")
            #expect(state.finished == phase.done, "seed \(seed) phase \(phase.id) done")
            #expect((state.state == .skipped) == phase.skipped, "seed \(seed) phase \(phase.id) skipped")
            for step in phase.steps {
                let state = try #require(view.stored.progress.steps[step.id])
                #expect((state.state == .skipped) == step.skipped, "seed \(seed) step \(step.id) skipped")
                #expect(state.started == step.start, "seed \(seed) step \(step.id) start")
                #expect(state.finished == step.done, "seed \(seed) step \(step.id) done")
                guard !step.skipped else { continue }
                #expect(state.due == step.due, "seed \(seed) step \(step.id) due")
                #expect(state.occurrences.map { "\($0.number) \($0.date) \($0.due)" } == step.occurrences.map { "\($0.number) \($0.date) \($0.due)" }, "seed \(seed) step \(step.id) occurrences")
                // Every reminder the case sent is in the plan on its date; the plan's others
                // fall after the step (or occurrence) was done, so they were never due.
                let sent = history.filter { $0.kind == .reminderDue && $0.step == step.id }.map { "\($0.date) \($0.data["rule"]?.displayText ?? "") \($0.occurrence ?? 0)" }
                let planned = step.reminders.map { "\($0.date) \($0.rule) \($0.occurrence ?? 0)" }
                #expect(Set(sent).isSubset(of: Set(planned)), "seed \(seed) step \(step.id) reminders")
                for reminder in step.reminders where !sent.contains("\(reminder.date) \(reminder.rule) \(reminder.occurrence ?? 0)") {
                    let done = reminder.occurrence.flatMap { n in state.occurrences.first { $0.number == n }?.finished } ?? state.finished
                    #expect(done.map { reminder.date > $0 } ?? false, "seed \(seed) step \(step.id) reminder \(reminder.rule) #\(reminder.occurrence ?? 0) on \(reminder.date) was not sent; done \(done.map { "\($0)" } ?? "never"), sent \(sent)")
                }
            }
        }
    }
}
