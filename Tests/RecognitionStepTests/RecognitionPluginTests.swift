import RecognitionStep
import SojournKit
import SojournKitTesting
import Testing

@Suite struct RecognitionConfigurationTests {
    @Test func acceptsCriteriaAndAnAward() {
        let result = PluginHarness<RecognitionPlugin>.configure("""
            criteria:
              - {name: ten sessions held with feedback, condition: sessions.with_feedback >= 10}
            visibility: public
            award: {kind: certificate, name: Global Mentor}
            approvers: [hr, lead]
            required: 1
            citation: "{employee} and {mentor} met all year."

            """)
        #expect(result.diagnostics == [])
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let result = PluginHarness<RecognitionPlugin>.configure("""
            criteria: []
            award: {kind: badge, name: Bridge builder}
            approvers: [hr]
            required: 2
            citation: "{employe} built bridges"

            """)
        #expect(result.diagnostics == [
            "with.yaml:1:1: error: recognition needs at least one criterion, so everyone can see why it is given",
            "with.yaml:4:11: error: 'required' must be from 1 to the number of approvers (1), not 2",
            "with.yaml:5:11: error: the citation uses {employe}, which is neither a field nor a role; did you mean 'employee'?",
        ])
        // Conditions over the case name fields and steps; the harness checks names and
        // types with the language's rules (steps' outputs are checked by a workflow).
        #expect(PluginHarness<RecognitionPlugin>.configure("criteria: [{name: n, condition: sesions.held >= 3 and levl == 2}]\naward: {kind: badge, name: B}\napprovers: [hr]\n").diagnostics == [
            "with.yaml:1:33: error: unknown name 'sesions'; did you mean 'sessions'?",
            "with.yaml:1:55: error: unknown name 'levl'; conditions and dates in settings can use fields, '<step>.<output>' and '<step>.done'",
        ])
        #expect(PluginHarness<RecognitionPlugin>.configure("criteria: [{name: n, condition: unit > 3}, {name: m, condition: sessions.count}]\naward: {kind: badge, name: B}\napprovers: [hr]\n").diagnostics == [
            "with.yaml:1:38: error: '>' on text compares letters, not numbers (\"10\" comes before \"7\"); make 'unit' a number field to compare numbers, or test its choices with == or in",
            "with.yaml:1:65: error: the 'when' of step 'step' must be a condition such as level != \"analyst\"; this is a number",
        ])
        #expect(PluginHarness<RecognitionPlugin>.configure("criteria: [{name: n, condition: 'true'}]\naward: {kind: trophy, name: T}\napprovers: [hr]\n").diagnostics == [
            "with.yaml:2:15: error: unknown value 'trophy'; expected 'badge', 'certificate' or 'incentive'",
        ])
    }
}

@Suite struct RecognitionRunTests {
    let day = CalendarDate("2028-01-10")!
    let configuration = """
        criteria:
          - {name: ten sessions held with feedback, condition: sessions.with_feedback >= 10}
          - {name: knowledge shared, condition: share.attendance >= 5}
        award: {kind: incentive, name: Global Mentor, value: a book voucher}
        approvers: [hr, lead]
        citation: "{employee} and {mentor} kept up their sessions all year."
        """

    func run(criteriaHold: Bool, of role: String? = nil, hr: String = "Hana Ho <hana@example.com>") throws -> PluginRun<RecognitionPlugin> {
        // As the engine does, the employee field is also the employee role.
        var run = try PluginRun<RecognitionPlugin>(configuration: configuration + (role.map { "\nof: \($0)" } ?? ""), started: day, fields: ["employee": .text("Ana Lima <ana@example.com>")],
                                                   people: ["employee": "Ana Lima <ana@example.com>", "mentor": "Bo Berg <bo@example.com>", "hr": hr, "lead": "Lee Lund <lee@example.com>"],
                                                   stepIDs: ["share"])
        // The criteria read these steps' outputs, as the engine would give them.
        run.steps["sessions"] = StepSnapshot(state: "active", started: day, finished: nil, count: 12, lastCompleted: day, outputs: ["with_feedback": .number(criteriaHold ? 10 : 9)])
        run.steps["share"] = StepSnapshot(state: "completed", started: day, finished: day, count: 1, lastCompleted: day, outputs: ["attendance": .number(5)])
        return run
    }

    @Test func awardsWhenEveryCriterionHoldsAndItIsApproved() throws {
        var run = try run(criteriaHold: true)
        let nominated = try run.start()
        #expect(nominated.status == .waiting)
        #expect(nominated.request?.prompt == "Eligible (ten sessions held with feedback; knowledge shared): 1 approval(s) from hr or lead to award Global Mentor")
        let awarded = try run.record("decision: approve\nas: lead", by: "Lee Lund <lee@example.com>")
        #expect(awarded == StepOutcome(status: .completed, outputs: [
            "decision": .text("awarded"), "criteria_met": .list([.text("ten sessions held with feedback"), .text("knowledge shared")]),
            "citation": .text("Ana Lima and Bo Berg kept up their sessions all year."), "award": .text("Global Mentor (a book voucher)"), "visibility": .text("public"),
            "recognised": .text("Ana Lima <ana@example.com>"),
        ], messages: [
            OutgoingMessage(to: ["employee"], subject: "You are recognised: Global Mentor", body: "Ana Lima and Bo Berg kept up their sessions all year."),
            OutgoingMessage(to: ["hr"], subject: "Recognition: Global Mentor", body: "Ana Lima and Bo Berg kept up their sessions all year."),
        ]))
    }

    @Test func recognisesTheRoleItSaysAndTellsThatPerson() throws {
        // The mentor is recognised; the mentor also holds hr here, and cannot approve as hr.
        var run = try run(criteriaHold: true, of: "mentor", hr: "Bo Berg <bo@example.com>")
        _ = try run.start()
        #expect(throws: InputProblem("Bo Berg <bo@example.com> cannot decide about themselves; someone else in the role hr must", key: "as")) {
            try run.record("decision: approve\nas: hr", by: "Bo Berg <bo@example.com>")
        }
        let awarded = try run.record("decision: approve\nas: lead", by: "Lee Lund <lee@example.com>")
        #expect(awarded.outputs["recognised"] == .text("Bo Berg <bo@example.com>"))
        #expect(awarded.messages.first?.to == ["mentor"])
        #expect(PluginHarness<RecognitionPlugin>.configure(configuration + "\nof: mentr", stepIDs: ["sessions", "share"]).diagnostics == [
            "with.yaml:7:5: error: unknown role 'mentr'; the workflow's roles are 'employee', 'mentor', 'manager', 'coach', 'mentee', 'hr' and 'lead'; did you mean 'mentor'?",
        ])
    }

    @Test func notEligibleWhenACriterionFails() throws {
        var run = try run(criteriaHold: false)
        let outcome = try run.start()
        #expect(outcome.status == .completed)
        #expect(outcome.outputs["decision"] == .text("not-eligible"))
        #expect(outcome.outputs["criteria_met"] == .list([.text("knowledge shared")]))
    }

    @Test func aRejectionNeedsAReasonAndSelfApprovalIsRefused() throws {
        var own = try run(criteriaHold: true, hr: "Ana Lima <ana@example.com>")
        _ = try own.start()
        #expect(throws: InputProblem("Ana Lima <ana@example.com> cannot decide about themselves; someone else in the role hr must", key: "as")) {
            try own.record("decision: approve\nas: hr", by: "Ana Lima <ana@example.com>")
        }
        var run = try run(criteriaHold: true)
        _ = try run.start()
        #expect(throws: InputProblem("a rejection needs a reason: --set reason=\"…\"", key: "reason")) { try run.record("decision: reject\nas: hr", by: "Hana Ho <hana@example.com>") }
        let declined = try run.record("decision: reject\nas: hr\nreason: the criteria were met late", by: "Hana Ho")
        #expect(declined.outputs["decision"] == .text("declined"))
        #expect(declined.messages == [])
    }
}
