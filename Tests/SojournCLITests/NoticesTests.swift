import Foundation
import Testing

/// Reminders, overdue notices and escalations reach the person who owes a step (and the
/// roles an escalation names), worded from the workflow's templates in the recipient's
/// language, one by one or gathered into a daily digest; end to end, from `advance` to a
/// message a real SMTP server received, once, even when sojourn is killed in between.
@Suite(.serialized) struct NoticesTests {
    static let workflow = """
        workflow: messages
        title: Mentoring abroad
        roles: [employee, mentor, hr]
        operators: [hr]
        fields:
          employee: {type: person, required: true}
          departure: {type: date, required: true}
        messages:
          reminder:
            de: {subject: "Erinnerung: {step} bis {due}", body: "Hallo {person},\\n\\n{prompt}\\n"}
        phases:
          - id: before
            steps:
              - id: questionnaire
                title: Eligibility questionnaire
                uses: task
                owner: employee
                due: departure - 2w
                remind: [due - 3d]
                escalate: {after: 1w, to: [hr]}
        """

    static let hana = "Hana Ho <hana@example.com>"

    /// A database with a roster (Ana reads German) and one case per employee, opened on
    /// 4 January 2027 for a departure on 1 March.
    static func database(_ text: String = workflow, employees: [String] = ["Ana Lima <ana@example.com>"]) throws -> (environment: [String: String], ids: [String]) {
        let environment = try LateAndNonBlockingTests.database()
        let roster = try CLI.temporaryFile("name,email,locale\nAna Lima,ana@example.com,de-CH\nHana Ho,hana@example.com,\n", name: "roster.csv")
        #expect(try CLI.run(["people", "import", roster], environment: environment).status == 0)
        let path = try CLI.temporaryFile(text)
        let ids = try employees.map { employee in
            try CLI.openCase(["open", path, "--field", "employee=\(employee)", "--field", "departure=2027-03-01", "--role", "hr=\(hana)",
                              "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        }
        return (environment, ids)
    }

    static func outbox(_ environment: [String: String]) throws -> [CanonicalJSON] {
        try CanonicalJSON.parse(try CLI.run(["outbox", "--all", "--format", "json"], environment: environment).output).items
    }

    static func advance(_ ids: [String], to date: String, _ environment: [String: String]) throws {
        let advanced = try CLI.run(["advance"] + ids + ["--as-of", date], environment: environment)
        #expect(advanced.status == 0, "\(advanced.error)")
    }

    @Test func theOwnerIsRemindedAndToldItIsOverdueThenHRIsTold() throws {
        let (environment, ids) = try Self.database()
        try Self.advance(ids, to: "2027-02-22", environment)
        let entries = try Self.outbox(environment)
        let seen = entries.map { entry in
            [entry["kind"], entry["date"], entry["to"], entry["subject"], entry["body"]].map { $0?.rendered() ?? "-" }.joined(separator: " | ")
        }
        #expect(seen == [
            // Ana reads German, and the workflow has a German reminder…
            #""reminder" | "2027-02-12" | ["Ana Lima <ana@example.com>"] | "Erinnerung: Eligibility questionnaire bis 2027-02-15" | "Hallo Ana Lima,\n\nMark the task done\n""#,
            // …but no German overdue notice: the built-in English.
            #""overdue" | "2027-02-16" | ["Ana Lima <ana@example.com>"] | "Overdue: Eligibility questionnaire was due 2027-02-15" | "Hello Ana Lima,\n\nEligibility questionnaire for Ana Lima was due on 2027-02-15 and is not done yet (1 day late).\n\nMark the task done\n""#,
            #""escalation" | "2027-02-22" | ["Hana Ho <hana@example.com>"] | "Escalation: Eligibility questionnaire for Ana Lima is 7 days late" | "Hello Hana Ho,\n\nEligibility questionnaire for Ana Lima was due on 2027-02-15 and is still not done (7 days late). It is Ana Lima's to do.\n""#,
        ])
        // Advancing again changes nothing; once done, nothing more is sent about it.
        try Self.advance(ids, to: "2027-02-22", environment)
        #expect(try Self.outbox(environment).count == 3)
        #expect(try CLI.run(["record", ids[0], "questionnaire", "--as-of", "2027-02-23", "--by", "ana@example.com"], environment: environment).status == 0)
        try Self.advance(ids, to: "2027-06-01", environment)
        #expect(try Self.outbox(environment).count == 3)
    }

    @Test func aStepDoneBeforeItsReminderGetsNone() throws {
        let (environment, ids) = try Self.database()
        #expect(try CLI.run(["record", ids[0], "questionnaire", "--as-of", "2027-02-01", "--by", "ana@example.com"], environment: environment).status == 0)
        try Self.advance(ids, to: "2027-03-01", environment)
        #expect(try Self.outbox(environment).isEmpty)
    }

    @Test func aTemplateIsCheckedWhereItIsWritten() throws {
        let path = try CLI.temporaryFile(Self.workflow.replacing("Erinnerung: {step}", with: "Erinnerung: {stepp}") + "\nlanguage: DE_de\n")
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.error == """
            \(path):10:32: error: unknown placeholder '{stepp}' in the reminder message; did you mean '{step}'?; it can use '{person}', '{step}', '{due}', '{prompt}', '{case}', '{workflow}', '{employee}', '{departure}', '{mentor}' or '{hr}'
                de: {subject: "Erinnerung: {stepp} bis {due}", body: "Hallo {person},\\n\\n{prompt}\\n"}
                                           ^~~~~~~
            \(path):21:11: error: 'DE_de' is not a language tag; write one such as en, de or pt-br
            language: DE_de
                      ^~~~~

            """, "\(result.error)")
    }

    @Test func aPlaceholderInABlockIsFoundOnItsLine() throws {
        let path = try CLI.temporaryFile(Self.workflow.replacing("messages:\n  reminder:\n", with: """
            messages:
              overdue:
                subject: "{step} ist überfällig"
                body: |
                  Hallo {person},

                  {step} ist seit {days} Tagen überfällig: {host_contry}.
              reminder:

            """))
        let result = try CLI.run(["validate", path])
        #expect(result.error.hasPrefix("\(path):14:48: error: unknown placeholder '{host_contry}' in the overdue message; it can use"), "\(result.error)")
        let reminder = try CLI.temporaryFile(Self.workflow.replacing("bis {due}", with: "bis {due} ({days})"))
        let days = try CLI.run(["validate", reminder]).error
        #expect(days.hasPrefix("\(reminder):10:50: error: unknown placeholder '{days}' in the reminder message ('{days}' is for overdue and escalation messages); it can use"), "\(days)")
    }

    @Test func aTitleIsOneSafeLine() throws {
        let path = try CLI.temporaryFile(Self.workflow.replacing("title: Mentoring abroad", with: #"title: "Mentoring\r\nATTENDEE:mailto:x@evil.example""#)
            .replacing("title: Eligibility questionnaire", with: #"title: "Eligibility \u202Eeriannoitseuq""#))
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("\(path):2:8: error: 'title' has a line break at character 10; write it on one line\n"), "\(result.error)")
        #expect(result.error.contains("\(path):15:16: error: 'title' has the control character U+202E at character 13; remove it\n"), "\(result.error)")
    }

    @Test func aDigestGathersOnePersonsNoticesAcrossCasesOverdueFirst() throws {
        let text = Self.workflow.replacing("operators: [hr]\n", with: "operators: [hr]\ndigest: daily\n")
        let (environment, ids) = try Self.database(text, employees: ["Ana Lima <ana@example.com>", "Bo Berg <bo@example.com>"])
        try Self.advance(ids, to: "2027-02-22", environment)
        let sink = try Python.SMTPSink()
        let sent = try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)", "--from", "HR <hr@example.com>"], environment: environment)
        #expect(sent.status == 0, "\(sent.error)")
        #expect(sent.output == """
            sent #7 to ana@example.com: Sojourn: 2 waiting for you
            sent #8 to bo@example.com: Sojourn: 2 waiting for you
            sent #9 to hana@example.com: Sojourn: 2 waiting for you
            sent 3 messages, 3 digests made

            """, "\(sent.output)")
        try #require(sink.messages.count == 3)
        let hana = try Python.parseMail(sink.messages[2].path)
        #expect(hana["body"]?.text == """
            Hello Hana Ho,

            Here is what is waiting for you:

            - Escalation: Eligibility questionnaire for Ana Lima is 7 days late (Ana Lima, case \(ids[0]))
            - Escalation: Eligibility questionnaire for Bo Berg is 7 days late (Bo Berg, case \(ids[1]))

            """)
        let ana = try Python.parseMail(sink.messages[0].path)
        // Overdue first, then the reminder.
        #expect(ana["body"]?.text == """
            Hello Ana Lima,

            Here is what is waiting for you:

            - Overdue: Eligibility questionnaire was due 2027-02-15 (Ana Lima, case \(ids[0]))
            - Erinnerung: Eligibility questionnaire bis 2027-02-15 (Ana Lima, case \(ids[0]))

            """)
        let states = try Self.outbox(environment).map { "\($0["id"]?.rendered() ?? "") \($0["state"]?.text ?? "") \($0["digest"]?.rendered() ?? "")" }
        #expect(states == ["1 digested 7", "2 digested 7", "3 digested 9", "4 digested 8", "5 digested 8", "6 digested 9", "7 sent null", "8 sent null", "9 sent null"])
        // One digest a day: a run later the same day makes none.
        #expect(try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment).output == "sent 0 messages\n")
        #expect(sink.messages.count == 3)
    }

    /// The issue's end-to-end case: a case advanced past a reminder date, the message in
    /// a real SMTP server, sojourn killed with -9 after the server took it and before it
    /// could record that; the next runs never send it again.
    @Test func aReminderReachesTheMailServerOnceAcrossAKill() throws {
        let (environment, ids) = try Self.database()
        try Self.advance(ids, to: "2027-02-13", environment)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pidFile = folder.appendingPathComponent("pid").path
        // sojourn runs under its own pid, written first: the server kills exactly it.
        let wrapper = folder.appendingPathComponent("sojourn")
        try "#!/bin/sh\necho $$ > '\(pidFile)'\nexec '\(CLI.executable.path)' \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
        let killer = try Python.SMTPSink(killing: pidFile)
        let process = Process()
        process.executableURL = wrapper
        process.arguments = ["outbox", "send", "--smtp", "127.0.0.1:\(killer.port)", "--from", "HR <hr@example.com>"]
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

        // The server has the reminder, once.
        try #require(killer.messages.count == 1)
        let mail = try Python.parseMail(killer.messages[0].path)
        #expect(mail["subject"]?.text == "Erinnerung: Eligibility questionnaire bis 2027-02-15")
        #expect(mail["to"]?.rendered() == #"[{"address":"ana@example.com","name":"Ana Lima"}]"#)
        #expect(mail["defects"]?.items.isEmpty == true)
        let entry = try #require(try Self.outbox(environment).first)
        #expect(entry["state"]?.text == "uncertain")
        #expect(entry["messageID"]?.text == mail["messageID"]?.text)

        // Later runs, to a server that takes everything, do not send it again.
        let sink = try Python.SMTPSink()
        let next = try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment)
        #expect(next.output == "sent 0 messages, 1 uncertain\n")
        #expect(try CLI.run(["outbox", "settle", "1", "--sent"], environment: environment).status == 0)
        try Self.advance(ids, to: "2027-02-14", environment)
        #expect(try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment).output == "sent 0 messages\n")
        #expect(sink.messages.isEmpty)
        #expect(killer.messages.count == 1)
    }
}
