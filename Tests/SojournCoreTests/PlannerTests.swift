@testable import SojournCore
import SojournKit
import Testing

@Suite struct PlannerTests {
    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    static let assignmentFields: [String: String] = [
        "employee": "Ana Lima <ana@example.com>", "home_country": "FR", "host_country": "NO",
        "departure": "2027-03-01", "return": "2028-09-01",
    ]

    func plan(_ workflow: Workflow, _ fields: [String: String], opened: String = "2026-11-23") throws -> Plan {
        let values = try FieldValues.check(fields, for: workflow)
        return try Planner(workflow: workflow, calendars: TestSupport.calendars).plan(fields: values, opened: date(opened))
    }

    func step(_ plan: Plan, _ id: String) -> StepPlan {
        plan.phases.flatMap(\.steps).first { $0.id == id }!
    }

    @Test func theBundledWorkflowFromDepartureToClosure() throws {
        let plan = try plan(TestSupport.file(TestSupport.tasksFixture), Self.assignmentFields)
        #expect(plan.phases.map(\.id) == ["pre-departure", "on-assignment", "reintegration", "reverse-mentoring", "coaching", "recognition", "closure"])
        #expect(plan.phases.map(\.start) == ["2027-01-04", "2027-03-01", "2028-09-01", "2028-10-27", "2028-10-27", "2029-01-05", "2029-01-19"].map(date))
        #expect(plan.businessCalendar == "NO public holidays and weekends")

        let eligibility = step(plan, "eligibility")
        #expect(eligibility.start == date("2027-01-04"))
        #expect(eligibility.due == date("2027-01-18"))
        #expect(eligibility.reminders.map(\.date) == [date("2027-01-15"), date("2027-01-25")])
        // Five Norwegian business days after Monday 2027-01-18.
        #expect(step(plan, "mentor-match").due == date("2027-01-25"))

        // Weekly for 12 weeks from departure, then every other week until four weeks before
        // return, the first fortnightly session two weeks after the last weekly one.
        let mentoring = step(plan, "mentoring")
        #expect(mentoring.occurrences.count == 43)
        #expect(mentoring.occurrences[11].date == date("2027-05-17"))
        #expect(mentoring.occurrences[12].date == date("2027-05-31"))
        #expect(mentoring.occurrences.last?.date == date("2028-07-24"))
        #expect(step(plan, "pulse-survey").occurrences.map(\.date) == ["2027-06-01", "2027-09-01", "2027-12-01", "2028-03-01", "2028-06-01"].map(date))
        #expect(step(plan, "return-check-in").occurrences.map(\.date) == ["2028-09-01", "2028-09-08", "2028-09-15", "2028-09-22"].map(date))
        #expect(plan.phases.last?.done == date("2029-02-02"))
        #expect(plan.assumptions == [])
    }

    static let conditional = """
        workflow: conditional
        fields:
          start_on: {type: date, required: true}
          level: {type: choice, options: [analyst, manager]}
        phases:
          - id: one
            start: start_on
            steps:
              - {id: survey, uses: task, due: start + 1w}
              - {id: sessions, uses: task, repeat: {every: 1mo, count: 4}}
          - id: two
            when: level == "manager"
            steps:
              - {id: award, uses: task, due: start + 3d}
          - id: three
            after: [one]
            steps:
              - {id: follow-up, uses: task, when: survey.note == "again", due: start + 2d}
              - {id: wrap-up, uses: task, after: [], start: survey.done + 20w}
              - {id: close, uses: task, after: [], start: survey.done + 1w}

        """

    @Test func conditionsSkipOrAreAssumed() throws {
        let workflow = TestSupport.workflow(Self.conditional)
        let plan = try plan(workflow, ["start_on": "2027-01-31", "level": "analyst"])
        #expect(step(plan, "sessions").occurrences.map(\.date) == ["2027-02-07", "2027-03-07", "2027-04-07", "2027-05-07"].map(date))
        #expect(plan.phases[1].skipped)
        #expect(step(plan, "award").skipped)
        #expect(!step(plan, "follow-up").skipped)
        #expect(plan.assumptions == [#"step 'follow-up' runs only if survey.note == "again"; the plan assumes it does"#])
        // Phase three starts when phase one is done (2027-05-07); a later start: wins.
        #expect(step(plan, "wrap-up").start == date("2027-06-27"))
        #expect(step(plan, "close").start == date("2027-05-07"))

        let manager = try self.plan(workflow, ["start_on": "2027-01-31", "level": "manager"])
        #expect(!manager.phases[1].skipped)
        #expect(step(manager, "award").due == date("2027-05-10"))
    }

    @Test func monthlyRepeatsKeepTheMonthEnd() throws {
        let workflow = TestSupport.workflow("""
            workflow: monthly
            fields: {first: {type: date, required: true}}
            phases:
              - id: only
                start: first
                steps:
                  - {id: check-in, uses: task, repeat: [{every: 1mo, count: 3}, {every: 2w, for: 4w}, {every: 1w, until: first + 20w}]}
            """)
        let plan = try plan(workflow, ["first": "2027-01-31"])
        #expect(step(plan, "check-in").occurrences.map(\.date) == [
            "2027-01-31", "2027-02-28", "2027-03-31",  // monthly from the 31st, clamped in February
            "2027-04-14", "2027-04-28",  // the next segment starts two weeks (its interval) after the last
            "2027-05-05", "2027-05-12", "2027-05-19", "2027-05-26", "2027-06-02", "2027-06-09", "2027-06-16",  // weekly until first + 20w, 2027-06-20
        ].map(date))
    }

    @Test func missingDateFieldIsReportedAtTheExpression() throws {
        let workflow = TestSupport.workflow("""
            workflow: optional-date
            fields: {kickoff: {type: date}}
            phases:
              - id: only
                start: kickoff + 1w
                steps: [{id: a, uses: task}]
            """)
        #expect(throws: (any Error).self) { try plan(workflow, [:]) }
        do {
            _ = try plan(workflow, [:])
        } catch let problem as Planner.Problem {
            #expect(problem.diagnostic.description == "wf.yaml:5:12: error: 'kickoff + 1w' needs field 'kickoff', which has no value; give it with --field")
        }
    }

    @Test func fieldValuesAreCheckedByType() {
        let workflow = TestSupport.file(TestSupport.tasksFixture)
        #expect(throws: FieldValues.Problems(problems: [
            .init(field: "retrun", message: "unknown field 'retrun'; did you mean 'return'?"),
            .init(field: "employee", message: "field 'employee': 'ana@example.com' has no name; write 'Name <ana@example.com>'"),
            .init(field: "home_country", message: "field 'home_country': 'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?"),
            .init(field: "host_country", message: "field 'host_country': 'Norway' is not an ISO 3166-1 country code; did you mean 'NO'?"),
            .init(field: "departure", message: "field 'departure': '2027-02-30' is not a date; write YYYY-MM-DD, for example 2027-03-01"),
            .init(field: "return", message: "field 'return' is required: give a date, YYYY-MM-DD"),
            .init(field: "level", message: "field 'level': 'manger' is not an option; did you mean 'manager'?; choose 'analyst', 'manager' or 'director'"),
        ])) {
            try FieldValues.check([
                "employee": "ana@example.com", "home_country": "UK", "host_country": "Norway",
                "departure": "2027-02-30", "retrun": "2028-09-01", "level": "manger",
            ], for: workflow)
        }
    }
}
