import SojournCore
import SojournKit
import Testing

/// A case of the bundled workflow, from opening to completion, checked at each point.
@Suite struct CaseLifecycleTests {
    @Test func fromOpeningToCompletion() throws {
        let cases = try CaseFixture()
        let id = try cases.open(people: ["mentor": "Bo Berg <bo@example.com>"])
        #expect(id == "000001")
        #expect(try cases.history(id) == ["2026-11-23 case-opened case"])

        // Before departure: the first phase starts eight weeks before departure.
        #expect(try cases.advance(id, to: "2027-01-20").lines == [
            "2027-01-04 phase-started pre-departure",
            "2027-01-04 step-started eligibility",
            "2027-01-04 step-waiting eligibility",
            "2027-01-15 reminder-due eligibility",
            "2027-01-19 step-overdue eligibility",
        ])
        #expect(try cases.step(id, "eligibility").due == CalendarDate("2027-01-18"))

        // Recording completes the task; the next step starts the same day, due five
        // Norwegian business days later.
        #expect(try cases.record(id, "eligibility", "note: read the guide", on: "2027-01-21").lines == [
            "2027-01-21 input-recorded eligibility",
            "2027-01-21 step-completed eligibility",
            "2027-01-21 step-started mentor-match",
            "2027-01-21 step-waiting mentor-match",
        ])
        let eligibility = try cases.step(id, "eligibility")
        #expect(eligibility.state == .completed)
        #expect(eligibility.outputs == ["note": .text("read the guide"), "done_by": .text("Ana Lima <ana@example.com>"), "checked": .number(2)])
        #expect(try cases.step(id, "mentor-match").due == CalendarDate("2027-01-28"))

        try cases.record(id, "mentor-match", on: "2027-01-22")
        try cases.record(id, "expectations", "checked: [Confidentiality]", on: "2027-01-25")
        #expect(try cases.step(id, "expectations").state == .active, "two of three items are still to tick")
        try cases.record(id, "expectations", "checked: [Meeting frequency and length, Channels and time zones]", on: "2027-01-25")
        try cases.record(id, "departure-goals", on: "2027-02-10")
        #expect(try cases.status(id).stored.progress.phases["pre-departure"] == {
            var phase = PhaseProgress()
            phase.state = .completed
            phase.started = CalendarDate("2027-01-04")
            phase.finished = CalendarDate("2027-02-10")
            return phase
        }())

        // On assignment: weekly sessions from departure; the survey every quarter.
        // The survey waits for its own start date, three months after departure.
        #expect(try cases.advance(id, to: "2027-03-09").lines == [
            "2027-03-01 phase-started on-assignment",
            "2027-03-01 step-ready pulse-survey",
            "2027-03-01 step-started mentoring",
            "2027-03-01 occurrence-opened mentoring#1",
            "2027-03-01 step-waiting mentoring#1",
            "2027-03-02 step-overdue mentoring#1",
            "2027-03-08 occurrence-opened mentoring#2",
            "2027-03-08 step-waiting mentoring#2",
            "2027-03-09 step-overdue mentoring#2",
        ])
        #expect(try cases.step(id, "mentoring").occurrences.count == 43)
        #expect(try cases.step(id, "pulse-survey").state == .ready)

        // Record every session and survey as it comes, a month at a time.
        var month = CalendarDate("2027-03-09")!
        while try cases.status(id).stored.progress.state == .open, month < CalendarDate("2030-01-01")! {
            try cases.advance(id, to: month.description)
            // Recording may start the next steps the same day: record until nothing waits.
            while let item = try cases.status(id).agenda.first {
                let target = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                try cases.record(id, target, on: month.description)
            }
            month = month.adding(months: 1)
        }
        #expect(try cases.step(id, "pulse-survey").occurrences.map(\.date) == ["2027-06-01", "2027-09-01", "2027-12-01", "2028-03-01", "2028-06-01"].map { CalendarDate($0)! })
        let view = try cases.status(id)
        #expect(view.stored.progress.state == .completed)
        #expect(view.workflow.steps.allSatisfy { view.stored.progress.steps[$0.id.value]?.state == .completed })
        #expect(view.stored.progress.phases["recognition"]?.state == .completed, "43 sessions held: recognition runs")
        #expect(view.agenda.isEmpty)
        let history = try cases.history(id)
        #expect(history.last == "2029-01-09 case-completed case")
        #expect(history.filter { $0.contains("occurrence-completed mentoring#") }.count == 43)
        #expect(history.filter { $0.hasSuffix("phase-completed closure") }.count == 1)
    }
}
