import Foundation
import SojournCore
import SojournKit
import Testing

@Suite struct CaseRulesTests {
    @Test func advancingTwiceToTheSameDateWritesNothing() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        #expect(try cases.advance(id, to: "2027-01-20").count == 5)
        let before = try cases.status(id).stored.version
        #expect(try cases.advance(id, to: "2027-01-20") == [])
        #expect(try cases.status(id).stored.version == before)
        #expect(try cases.history(id).count == 6)
    }

    @Test func simulatingForwardWritesNothing() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        let simulated = try cases.service.simulate(id, to: CalendarDate("2027-01-20")!)
        #expect(simulated.count == 5)
        #expect(try cases.history(id) == ["2026-11-23 case-opened case"])
        #expect(try cases.advance(id, to: "2027-01-20").lines == simulated.lines)
    }

    @Test func dailyAndMonthlyAdvancingGiveTheSameHistory() throws {
        let cases = try CaseFixture()
        let daily = try cases.open(reference: "daily")
        let monthly = try cases.open(reference: "monthly")
        // The same input on the same days; one case advanced every day between, the
        // other only when input comes and at month ends.
        let inputs = [("2027-01-21", "eligibility"), ("2027-01-22", "mentor-match"), ("2027-02-03", "expectations"), ("2027-02-20", "departure-goals"), ("2027-03-20", "mentoring#2")]
        var day = CalendarDate("2026-11-24")!
        while day <= CalendarDate("2027-04-30")! {
            try cases.advance(daily, to: day.description)
            for (date, step) in inputs where date == day.description { try cases.record(daily, step, on: date) }
            day = day.adding(days: 1)
        }
        for (date, step) in inputs {
            try cases.record(monthly, step, on: date)
        }
        try cases.advance(monthly, to: "2027-04-30")
        #expect(try cases.history(daily) == cases.history(monthly))
        let history = try cases.history(daily)
        #expect(history.count == 54)
        #expect(history.contains("2027-01-30 step-overdue expectations"))
        #expect(history.contains("2027-03-20 occurrence-completed mentoring#2"))
    }

    @Test func aCaseNeverGoesBackInTime() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        try cases.advance(id, to: "2027-02-01")
        #expect(throws: ServiceError.self) { try cases.advance(id, to: "2027-01-31") }
        let report = try cases.service.advance(.cases([id]), to: CalendarDate("2027-01-31")!)
        #expect(report.failures.map(\.message) == ["case 000001 is already at 2027-02-01; it cannot go back to 2027-01-31"])
        let error = try #require(throws: ServiceError.self) { try cases.record(id, "eligibility", on: "2027-01-10") }
        #expect(error.message == "case 000001 is already at 2027-02-01; it cannot go back to 2027-01-10")
    }

    @Test func invalidInputIsRefusedAndStoresNothing() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        try cases.advance(id, to: "2027-01-05")
        let version = try cases.status(id).stored.version
        let events = try cases.history(id)

        let unknownKey = try #require(throws: ServiceError.self) { try cases.record(id, "eligibility", "noet: hi", on: "2027-01-05") }
        #expect(unknownKey.message == "input for eligibility refused: unknown key 'noet'; did you mean 'note'?")
        #expect(unknownKey.diagnostics.map(\.description) == ["input.yaml:1:1: error: unknown key 'noet'; did you mean 'note'?"])

        let wrongType = try #require(throws: ServiceError.self) { try cases.record(id, "eligibility", "note: [a, b]", on: "2027-01-05") }
        #expect(wrongType.diagnostics.map(\.description) == ["input.yaml:1:7: error: expected text, found a list"])

        let notOnChecklist = try #require(throws: ServiceError.self) { try cases.record(id, "eligibility", "checked: [Read the guide]", on: "2027-01-05") }
        #expect(notOnChecklist.message == "input for eligibility refused: 'Read the guide' is not on the checklist; the items are 'Read the programme guide', 'Fill in the questionnaire'")
        #expect(notOnChecklist.diagnostics.map(\.description) == ["input.yaml:1:10: error: 'Read the guide' is not on the checklist; the items are 'Read the programme guide', 'Fill in the questionnaire'"])

        let notStarted = try #require(throws: ServiceError.self) { try cases.record(id, "mentor-match", on: "2027-01-05") }
        #expect(notStarted.message == "step 'mentor-match' has not started; it waits for what comes before it")
        let typo = try #require(throws: ServiceError.self) { try cases.record(id, "eligibilty", on: "2027-01-05") }
        #expect(typo.message == "workflow 'international-assignment' has no step 'eligibilty'; did you mean 'eligibility'?")
        let noCase = try #require(throws: ServiceError.self) { try cases.record("zzzzzz", "eligibility", on: "2027-01-05") }
        #expect(noCase.message == "there is no case 'zzzzzz'; 'sojourn list' shows the cases")

        #expect(try cases.status(id).stored.version == version)
        #expect(try cases.history(id) == events)
    }

    @Test func occurrencesArePostponedSkippedAndRecordedByNumber() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        for step in ["eligibility", "mentor-match", "expectations", "departure-goals"] {
            try cases.advance(id, to: "2027-02-01")
            try cases.record(id, step, on: "2027-02-01")
        }
        try cases.advance(id, to: "2027-03-01")
        try cases.record(id, "mentoring#1", on: "2027-03-01")

        // #2 moves to the Wednesday; #3 stays on its Monday.
        let postponed = try cases.service.apply(.postpone(CaseEngine.Target("mentoring#2")!, to: CalendarDate("2027-03-10")!), to: id, by: "Bo Berg", on: CalendarDate("2027-03-02")!)
        #expect(postponed.events.lines == ["2027-03-02 occurrence-postponed mentoring#2"])
        let mentoring = try cases.step(id, "mentoring")
        #expect(mentoring.occurrences[1].date == CalendarDate("2027-03-10"))
        #expect(mentoring.occurrences[1].postponedFrom == CalendarDate("2027-03-08"))
        #expect(mentoring.occurrences[2].date == CalendarDate("2027-03-15"))
        #expect(try cases.advance(id, to: "2027-03-10").lines == [
            "2027-03-10 occurrence-opened mentoring#2",
            "2027-03-10 step-waiting mentoring#2",
        ])
        let early = try #require(throws: ServiceError.self) { try cases.record(id, "mentoring#3", on: "2027-03-10") }
        #expect(early.message == "mentoring#3 is scheduled for 2027-03-15; it opens then (to move it, use --postpone DATE)")

        let skipped = try cases.service.apply(.skip(CaseEngine.Target("mentoring#2")!, reason: "mentor ill"), to: id, by: "Bo Berg", on: CalendarDate("2027-03-11")!)
        #expect(skipped.events.lines == ["2027-03-11 step-overdue mentoring#2", "2027-03-11 occurrence-skipped mentoring#2"])
        #expect(try cases.step(id, "mentoring").occurrences[1].skipReason == "mentor ill")
        let again = try #require(throws: ServiceError.self) {
            try cases.service.apply(.skip(CaseEngine.Target("mentoring#2")!, reason: "again"), to: id, by: "Bo", on: nil)
        }
        #expect(again.message == "mentoring#2 is already skipped")
        let noReason = try #require(throws: ServiceError.self) {
            try cases.service.apply(.skip(CaseEngine.Target("mentoring#3")!, reason: " "), to: id, by: "Bo", on: nil)
        }
        #expect(noReason.message == "say why with --reason \"…\"; a skip is part of the case's history")
    }

    @Test func postponingAStepMovesItsDueDate() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        try cases.advance(id, to: "2027-01-05")
        let result = try cases.service.apply(.postpone(CaseEngine.Target("eligibility")!, to: CalendarDate("2027-02-01")!), to: id, by: "hr", on: CalendarDate("2027-01-05")!)
        #expect(result.events.lines == ["2027-01-05 due-postponed eligibility"])
        // The reminder follows the new due date (three days before it).
        #expect(try cases.advance(id, to: "2027-02-02").lines == ["2027-01-29 reminder-due eligibility", "2027-02-02 step-overdue eligibility"])
    }

    @Test func cancelledCasesTakeNoMoreInput() throws {
        let cases = try CaseFixture()
        let id = try cases.open()
        let result = try cases.service.apply(.cancel(reason: "assignment withdrawn"), to: id, by: "hr", on: CalendarDate("2026-12-01")!)
        #expect(result.events.lines == ["2026-12-01 case-cancelled case"])
        #expect(try cases.advance(id, to: "2027-06-01") == [])
        let error = try #require(throws: ServiceError.self) { try cases.record(id, "eligibility", on: "2027-06-01") }
        #expect(error.message == "case 000001 is cancelled; it takes no more input")
        #expect(try cases.status(id).agenda.isEmpty)
    }
}
