import Foundation
import SojournCore
import SojournKit
import Testing

@Suite struct CaseFailureTests {
    static func temporaryWorkflow(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("workflow.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let exploding = """
        workflow: exploding
        fields: {start_on: {type: date, required: true}}
        phases:
          - id: only
            start: start_on
            steps:
              - {id: payroll, uses: exploding, with: {explode: true}}
              - {id: survey, uses: exploding, with: {explode: false}}
              - {id: wrap-up, uses: task}

        """

    @Test func aFailingPluginFailsItsStepAndTheCaseStaysUsable() throws {
        let cases = try CaseFixture(plugins: TestSupport.pluginsWithExploding)
        let path = try Self.temporaryWorkflow(Self.exploding)
        let id = try cases.open(path, fields: ["start_on": "2027-01-04"])
        #expect(try cases.advance(id, to: "2027-01-05").lines == [
            "2027-01-04 phase-started only",
            "2027-01-04 step-started payroll",
            "2027-01-04 step-failed payroll",
        ])
        let payroll = try cases.step(id, "payroll")
        #expect(payroll.state == .failed)
        #expect(payroll.failure == "the payroll service did not answer")
        #expect(try cases.status(id).agenda.map(\.prompt) == ["failed: the payroll service did not answer; run 'sojourn retry 000001 payroll'"])

        // Retrying runs the plugin again (it fails again); skipping lets the case go on.
        let retried = try cases.service.apply(.retry(step: "payroll"), to: id, by: "hr", on: nil)
        #expect(retried.events.lines == ["2027-01-05 step-retried payroll", "2027-01-05 step-failed payroll"])
        _ = try cases.service.apply(.skip(CaseEngine.Target("payroll")!, reason: "done by hand"), to: id, by: "hr", on: nil)
        #expect(try cases.step(id, "survey").state == .active)

        // A plugin that throws while recording fails the step; the input is kept in history.
        #expect(try cases.record(id, "survey", "boom: true", on: "2027-01-06").lines == [
            "2027-01-06 input-recorded survey",
            "2027-01-06 step-failed survey",
        ])
        #expect(try cases.step(id, "survey").failure == "the plugin crashed on this input")
        let notFailed = try #require(throws: ServiceError.self) { try cases.service.apply(.retry(step: "wrap-up"), to: id, by: "hr", on: nil) }
        #expect(notFailed.message == "step 'wrap-up' has not failed (it is pending); only failed steps can be retried")
    }

    static let versionOne = """
        workflow: edited
        version: 1
        fields: {start_on: {type: date, required: true}}
        phases:
          - id: first
            start: start_on
            steps:
              - {id: kickoff, uses: task, due: start + 1w}
              - {id: review, uses: task}
          - id: second
            steps:
              - {id: follow-up, uses: task}

        """

    @Test func editingAWorkflowDoesNotChangeRunningCases() throws {
        let cases = try CaseFixture()
        let path = try Self.temporaryWorkflow(Self.versionOne)
        let id = try cases.open(path, fields: ["start_on": "2027-01-04"])
        try Self.versionOne.replacing("due: start + 1w", with: "due: start + 3w").write(toFile: path, atomically: true, encoding: .utf8)
        try cases.advance(id, to: "2027-01-05")
        #expect(try cases.step(id, "kickoff").due == CalendarDate("2027-01-11"), "the case keeps the text it opened with")
        let second = try cases.open(path, fields: ["start_on": "2027-01-04"])
        try cases.advance(second, to: "2027-01-05")
        #expect(try cases.step(second, "kickoff").due == CalendarDate("2027-01-25"), "a new case takes the new text")
    }

    @Test func migrationIsAcceptedWhenEveryStartedStepMaps() throws {
        let cases = try CaseFixture()
        let path = try Self.temporaryWorkflow(Self.versionOne)
        let id = try cases.open(path, fields: ["start_on": "2027-01-04"])
        try cases.record(id, "kickoff", on: "2027-01-05")
        // Version 2 adds a step to the second phase, which has not started.
        let newPath = try Self.temporaryWorkflow(Self.versionOne
            .replacing("version: 1", with: "version: 2")
            .replacing("- {id: follow-up, uses: task}", with: "- {id: follow-up, uses: task}\n      - {id: survey, uses: task}"))
        let events = try cases.service.migrate(id, to: try cases.service.opening(workflowAt: newPath, calendars: TestSupport.calendars), by: "hr")
        #expect(events.lines == ["2027-01-05 case-migrated case"])
        #expect(events[0].data["from"] == .text("1"))
        #expect(events[0].data["to"] == .text("2"))
        let view = try cases.status(id)
        #expect(view.workflow.version == 2)
        #expect(view.stored.progress.steps["survey"]?.state == .pending)
        #expect(view.stored.progress.steps["kickoff"]?.state == .completed)
        try cases.record(id, "review", on: "2027-01-06")
        try cases.record(id, "follow-up", on: "2027-01-06")
        try cases.record(id, "survey", on: "2027-01-06")
        #expect(try cases.status(id).stored.progress.state == .completed)
    }

    @Test func migrationIsRefusedWithEverythingThatDoesNotMap() throws {
        let cases = try CaseFixture()
        let path = try Self.temporaryWorkflow(Self.versionOne)
        let id = try cases.open(path, fields: ["start_on": "2027-01-04"])
        try cases.record(id, "kickoff", on: "2027-01-05")
        let before = try cases.history(id)
        let newPath = try Self.temporaryWorkflow(Self.versionOne
            .replacing("- {id: kickoff, uses: task, due: start + 1w}", with: "- {id: kick-off, uses: task, due: start + 1w}")
            .replacing("- {id: review, uses: task}", with: "- {id: review, uses: task, repeat: {every: 1w, count: 2}}"))
        let error = try #require(throws: ServiceError.self) {
            try cases.service.migrate(id, to: try cases.service.opening(workflowAt: newPath, calendars: TestSupport.calendars), by: "hr")
        }
        #expect(error.message == """
            case 000001 cannot move to \(newPath):
              - step 'kickoff' is completed but the new workflow has no such step
              - step 'review' does not repeat but in the new workflow it does
            nothing was changed
            """)
        #expect(try cases.history(id) == before)
    }
}

/// Private input named by a dotted key stays out of the history, the rest of its mapping
/// does not.
@Suite struct NestedPrivateInputTests {
    @Test func aDottedPrivateKeyIsKeptApart() throws {
        let cases = try CaseFixture(plugins: TestSupport.pluginsWithNestedSecret)
        let path = try CaseFailureTests.temporaryWorkflow("""
            workflow: secrets
            fields: {start_on: {type: date, required: true}}
            phases:
              - id: only
                start: start_on
                steps:
                  - {id: document, uses: nested-secret}

            """)
        let id = try cases.open(path, fields: ["start_on": "2027-01-04"])
        try cases.advance(id, to: "2027-01-04")
        let events = try cases.record(id, "document", "details: {number: X1234567, issuer: Oslo}", on: "2027-01-05")
        let recorded = try #require(events.first { $0.kind == .inputRecorded })
        #expect(recorded.data["input"] == .object(["details": .object(["number": .text("(private)"), "issuer": .text("Oslo")])]))
        #expect(recorded.privateInput == ["details.number": .text("X1234567")])
        let stored = try cases.service.history(id).map(\.event).first { $0.kind == .inputRecorded }
        #expect(stored?.data["input"] == recorded.data["input"])
        #expect(try cases.service.history(id).allSatisfy { !"\($0.event.data)".contains("X1234567") })
    }
}
