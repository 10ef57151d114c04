import Foundation
import GRDB
import Testing

/// What the plugin contract gives a plugin, seen through the binary with the `visa` step:
/// a date expression in its settings, worked out for the case, and a reminder after the
/// step has completed.
@Suite(.serialized) struct PluginContractTests {
    static let workflow = """
        workflow: visa-check
        fields:
          employee: {type: person, required: true}
          departure: {type: date, required: true}
          return: {type: date, required: true}
        roles: [employee, hr]
        phases:
          - id: before
            start: departure - 8w
            steps:
              - id: visa
                uses: visa
                owner: employee
                due: departure - 2w
                with:
                  documents:
                    - {id: passport, name: Passport}
                    - {id: permit, name: Work permit}
                  valid_until: return + 30d
                  renew_before: 8w
                  notify: [employee, hr]
          - id: abroad
            start: departure
            steps:
              - {id: settle, uses: task, owner: employee, due: start + 2w}
          - id: back
            start: return
            steps:
              - {id: debrief, uses: task, owner: employee, due: start + 12w}
              - {id: renew, uses: task, owner: employee, after: [], start: visa.renew_by}
        """

    @Test func aVisaStepWorksOutItsDateAndRemindsAfterItCompletes() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=2027-03-01", "--field", "return=2028-03-01",
                                  "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04", "--json", "--by", "hana@example.com"], environment: environment)
        // A start read from what a step records cannot be dated before a case has it: the
        // plan says so and starts it as soon as it may; open accepts it.
        let plan = try CLI.run(["plan", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=2027-03-01", "--field", "return=2028-03-01"])
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("assumed: step 'renew' starts on visa.renew_by, which is known only once a case has it; the plan starts it as soon as it may"), "\(plan.output)")
        let status = try CLI.run(["status", id], environment: environment)
        #expect(status.output.contains("visa: Record the expiry of: passport, permit, each valid until 2028-03-31"), "\(status.output)")

        let early = try CLI.run(["record", id, "visa", "--set", "document=permit", "--set", "expires=2028-03-15", "--as-of", "2027-01-11", "--by", "ana@example.com"], environment: environment)
        #expect(early.status == 1)
        #expect(early.error.contains("the permit expires on 2028-03-15, before 2028-03-31 (return + 30d); renew it, then record the new expiry"), "\(early.error)")
        for (document, expires) in [("permit", "2028-06-30"), ("passport", "2031-05-01")] {
            let recorded = try CLI.run(["record", id, "visa", "--by", "ana@example.com", "--set", "document=\(document)", "--set", "expires=\(expires)", "--set", "number=X\(document.count)77",
                                        "--as-of", "2027-01-11"], environment: environment)
            #expect(recorded.status == 0, "\(recorded.error)")
            #expect(!recorded.output.contains("77"), "a document number is private")
        }
        #expect(CaseChangesTests.state(try CaseChangesTests.status(id, environment), of: "visa") == "completed")
        // The report shows the figures the plugin declares, with their formulas and counts;
        // the engine knows nothing of the plugin.
        let report = ReportLines.figures(try CLI.run(["report"], environment: environment).output)
        #expect(report.contains("visa: cases with every document 1 over 1 case (cases whose step has earliest_expiry)"), "\(report)")
        #expect(report.contains("visa: documents recorded 2 over 1 case (sum of documents)"), "\(report)")
        let figures = try CanonicalJSON.parse(try CLI.run(["report", "--json"], environment: environment).output)["programmes"]?.items.first?["pluginFigures"]?.items ?? []
        #expect(figures.map { "\($0["name"]!.text) \($0["value"]!.rendered()) \($0["cases"]!.rendered())" } == ["cases with every document 1 1", "documents recorded 2 1"])
        // The case goes on; eight weeks before the permit expires the reminder is queued,
        // and the step stays completed.
        _ = try CLI.run(["record", id, "settle", "--set", "note=done", "--as-of", "2027-03-02", "--by", "ana@example.com"], environment: environment)
        let advanced = try CLI.run(["advance", id, "--as-of", "2028-05-10"], environment: environment)
        #expect(advanced.output.contains("2028-05-05  message to Ana Lima <ana@example.com>, Hana Ho <hana@example.com>: Renew your work permit\n"), "\(advanced.output)")
        #expect(advanced.output.contains("2028-03-01  renew ready; starts on 2028-05-05\n"), "\(advanced.output)")
        #expect(advanced.output.contains("2028-05-05  renew started\n"), "\(advanced.output)")
        let outbox = try CanonicalJSON.parse(try CLI.run(["outbox", "--format", "json"], environment: environment).output).items
        #expect(outbox.filter { $0["subject"]?.text == "Renew your work permit" }.count == 1)
        #expect(CaseChangesTests.state(try CaseChangesTests.status(id, environment), of: "visa") == "completed")
    }

    /// A plugin marks input private: the history says it was given, not what it was; the
    /// value is stored apart.
    @Test func privateInputStaysOutOfTheHistory() throws {
        let path = try CLI.temporaryFile("""
            workflow: notes
            fields:
              employee: {type: person, required: true}
            roles: [employee, mentor]
            phases:
              - id: one
                steps:
                  - {id: session, uses: meeting, owner: mentor, with: {between: [employee, mentor], minutes: 60}}
            """)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--role", "mentor=Bo Berg <bo@example.com>",
                                  "--as-of", "2027-03-01", "--json"], environment: environment)
        let recorded = try CLI.run(["record", id, "session", "--set", "held=true", "--set", "notes=struggling; thinking of resigning", "--as-of", "2027-03-01"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        #expect(recorded.output.contains("session: input recorded (held: yes, notes: (private))"), "\(recorded.output)")
        for format in [["history", id], ["history", id, "--json"]] {
            let history = try CLI.run(format, environment: environment)
            #expect(history.status == 0)
            #expect(!history.output.contains("resigning"), "\(history.output)")
        }
        let database = try #require(environment["SOJOURN_DB"])
        let rows = try DatabaseQueue(path: database).read { db in
            try String.fetchAll(db, sql: "SELECT data FROM events WHERE data LIKE '%resigning%' UNION ALL SELECT 'private: ' || data FROM private_inputs")
        }
        #expect(rows == [#"private: {"notes":"struggling; thinking of resigning"}"#])
    }

    /// A 360° round through the binary: dotted answers, private in the history, averages
    /// only once three have answered.
    @Test func aFeedbackRoundPublishesAveragesOnlyFromThreeAnswers() throws {
        let path = try CLI.temporaryFile("""
            workflow: round
            fields:
              employee: {type: person, required: true}
            roles: [employee, manager, mentor, mentee, hr]
            phases:
              - id: one
                steps:
                  - id: peer-feedback
                    uses: feedback
                    owner: hr
                    with:
                      from: [manager, mentor, mentee]
                      questions: [{id: impact, text: Impact (1 to 5)?, kind: scale}]
                      anonymous: true
            """)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--role", "manager=Max Mueller <max@example.com>",
                                  "--role", "mentor=Bo Berg <bo@example.com>", "--role", "mentee=Eli Evans <eli@example.com>", "--role", "hr=Hana Ho <hana@example.com>",
                                  "--as-of", "2028-04-03", "--json"], environment: environment)
        for (role, person, impact) in [("manager", "Max Mueller <max@example.com>", 4), ("mentor", "Bo Berg <bo@example.com>", 5)] {
            let recorded = try CLI.run(["record", id, "peer-feedback", "--set", "as=\(role)", "--set", "answers.impact=\(impact)", "--by", person, "--as-of", "2028-04-03"], environment: environment)
            #expect(recorded.status == 0, "\(recorded.error)")
            #expect(recorded.output.contains("answers: (private)"), "\(recorded.output)")
        }
        func outputs() throws -> String? { try CaseChangesTests.status(id, environment)["phases"]?.items.first?["steps"]?.items.first?["outputs"]?.rendered() }
        #expect(try outputs() == #"{"answered":2,"asked":3}"#)
        _ = try CLI.run(["record", id, "peer-feedback", "--set", "as=mentee", "--set", "answers.impact=3", "--by", "Eli Evans <eli@example.com>", "--as-of", "2028-04-04"], environment: environment)
        #expect(try outputs() == #"{"answered":3,"asked":3,"avg_impact":4}"#)
    }

    /// `plugins list NAME` shows one plugin, with dates, conditions and date expressions
    /// named as such, and every input key (those after a date too).
    @Test func listsOnePluginWithTheTypesOfItsKeys() throws {
        let listed = try CLI.run(["plugins", "list", "visa"], environment: ["NO_COLOR": "1"])
        #expect(listed.status == 0, "\(listed.error)")
        #expect(listed.output == """
            visa  Documents the assignment needs, each valid until a date the workflow gives, with a reminder to renew before the first expires.
              settings (with:)
                documents (list of mapping, required): Each {id, name, when}: the documents to hold, such as {id: passport, name: Passport}; when: a condition over the case, for one needed only sometimes.
                documents.id (text, required)
                documents.name (text, required)
                documents.when (condition)
                valid_until (date expression, required): A date every document must be valid until, such as return + 30d.
                renew_before (text): How long before the earliest expiry to remind about renewing (default 60d).
                notify (list of text): Roles reminded to renew (default [employee]).
              input (sojourn record --set)
                document (text, required)
                expires (date, required)
                number (text, private)

            """)
        let unknown = try CLI.run(["plugins", "list", "visas"])
        #expect(unknown.status == 1)
        #expect(unknown.error.hasPrefix("error: no plugin is named 'visas'; did you mean 'visa'? the plugins are 'agreement', 'approval', "))
    }
}
