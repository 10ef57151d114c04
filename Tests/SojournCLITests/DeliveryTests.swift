import Foundation
import Testing

/// `sojourn outbox send`: every message handed over once, through a `sendmail` program
/// or a real SMTP server, even when sojourn is killed between the hand-over and
/// recording it; refusals tried again or given up, and said.
@Suite(.serialized) struct DeliveryTests {
    /// A database with one case whose welcome message to Ana is queued.
    static func database() throws -> (environment: [String: String], caseID: String) {
        let environment = try LateAndNonBlockingTests.database()
        let workflow = try CLI.temporaryFile("""
            workflow: hello
            fields:
              employee: {type: person, required: true}
            roles: [employee]
            phases:
              - id: only
                steps:
                  - {id: hello, uses: notify, with: {to: [employee], subject: "Willkommen, {employee}", body: "Hello {employee}, welcome to the programme."}}
            """)
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Zoë Quartermaine <zoe@example.com>", "--as-of", "2027-01-04", "--by", "zoe@example.com"],
                                  environment: environment)
        return (environment, id)
    }

    /// A `sendmail` that keeps each message it is given in a folder, then exits with
    /// `status`; `killing` kills its caller first (sojourn, between hand-over and record).
    static func sendmail(status: Int = 0, killing: Bool = false) throws -> (command: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("sendmail")
        try """
            #!/bin/sh
            n=$(ls "\(folder.path)" | grep -c '\\.eml$')
            { echo "# $*"; cat; } > "\(folder.path)/$((n + 1)).eml"
            \(killing ? "kill -9 $PPID" : "")
            echo "sendmail says \(status)" >&2
            exit \(status)
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return ("\(script.path) -t -i", folder)
    }

    static func files(_ folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "eml" }.sorted { $0.path < $1.path }
    }

    static func outbox(_ environment: [String: String]) throws -> CanonicalJSON {
        let first = try #require(try CanonicalJSON.parse(try CLI.run(["outbox", "--all", "--format", "json"], environment: environment).output).items.first)
        return first
    }

    @Test func sendmailIsGivenEachMessageOnce() throws {
        let (environment, id) = try Self.database()
        let (command, folder) = try Self.sendmail()
        let sent = try CLI.run(["outbox", "send", "--sendmail", command, "--from", "HR <hr@example.com>"], environment: environment)
        #expect(sent.status == 0, "\(sent.error)")
        #expect(sent.output == "sent #1 to zoe@example.com: Willkommen, Zoë Quartermaine\nsent 1 message\n")
        let files = try Self.files(folder)
        try #require(files.count == 1)
        // The agent got -t -i and the message, with local line ends.
        let text = try String(contentsOf: files[0], encoding: .utf8)
        #expect(text.hasPrefix("# -t -i\nFrom: HR <hr@example.com>\nTo: =?UTF-8?B?"), "\(text)")
        try String(text.split(separator: "\n", maxSplits: 1)[1]).write(to: files[0], atomically: true, encoding: .utf8)
        let parsed = try Python.parseMail(files[0].path)
        #expect(parsed["to"]?.rendered() == #"[{"address":"zoe@example.com","name":"Zoë Quartermaine"}]"#)
        #expect(parsed["subject"]?.text == "Willkommen, Zoë Quartermaine")
        let state = try Self.outbox(environment)
        #expect(state["state"]?.text == "sent")
        #expect(parsed["messageID"]?.text == state["messageID"]?.text)
        #expect(state["messageID"]?.text.hasPrefix("<sojourn.1.\(id).") == true)
        // Run again: nothing left to send.
        let again = try CLI.run(["outbox", "send", "--sendmail", command], environment: environment)
        #expect(again.output == "sent 0 messages\n")
        #expect(try Self.files(folder).count == 1)
    }

    @Test func aRunKilledBetweenHandOverAndRecordNeverSendsTwice() throws {
        let (environment, _) = try Self.database()
        let (killer, delivered) = try Self.sendmail(killing: true)
        let killed = try CLI.run(["outbox", "send", "--sendmail", killer], environment: environment)
        #expect(killed.status == 9 || killed.status == 137 || killed.status == -9 || killed.status != 0, "sojourn should have been killed: \(killed)")
        #expect(try Self.files(delivered).count == 1)
        let messageID = try #require(try Self.outbox(environment)["messageID"]?.text)
        #expect(try Self.outbox(environment)["state"]?.text == "uncertain")

        // The next run does not send it again, and says what to do.
        let (command, folder) = try Self.sendmail()
        let next = try CLI.run(["outbox", "send", "--sendmail", command], environment: environment)
        #expect(next.status == 1)
        #expect(next.error == "error: message #1 (Message-ID \(messageID)) was being handed over when sojourn stopped; it is not sent again: look for its Message-ID in the mail log, then run sojourn outbox settle 1 --sent (it arrived) or --resend (it did not)\n")
        #expect(next.output == "sent 0 messages, 1 uncertain\n")
        #expect(try Self.files(folder).isEmpty)

        // It arrived: settled as sent, and nothing more is sent.
        #expect(try CLI.run(["outbox", "settle", "1", "--sent"], environment: environment).output == "message #1 marked sent\n")
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).output == "sent 0 messages\n")
        #expect(try Self.files(folder).isEmpty)
        #expect(try CLI.run(["outbox", "settle", "1", "--resend"], environment: environment).error
                == "error: message #1 is sent, not uncertain or failed; only those are settled\n")
    }

    @Test func aMessageThatDidNotArriveIsSentAgainWithTheSameMessageID() throws {
        let (environment, _) = try Self.database()
        let (killer, _) = try Self.sendmail(killing: true)
        _ = try CLI.run(["outbox", "send", "--sendmail", killer], environment: environment)
        let messageID = try #require(try Self.outbox(environment)["messageID"]?.text)
        #expect(try CLI.run(["outbox", "settle", "1", "--resend"], environment: environment).output == "message #1 will be sent by the next sojourn outbox send\n")
        let (command, folder) = try Self.sendmail()
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).status == 0)
        let file = try #require(try Self.files(folder).first)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("\nMessage-ID: \(messageID)\n"))
    }

    @Test func refusalsAreTriedAgainOrGivenUp() throws {
        let (environment, _) = try Self.database()
        // EX_TEMPFAIL: tried again later.
        let (later, _) = try Self.sendmail(status: 75)
        let first = try CLI.run(["outbox", "send", "--sendmail", later], environment: environment)
        #expect(first.status == 0)
        let state = try Self.outbox(environment)
        let next = try #require(state["nextAttemptAt"]?.text)
        #expect(first.error == "warning: message #1 was not accepted (\(later.split(separator: " ")[0]) exited with status 75: sendmail says 75); it is tried again from \(next)\n")
        #expect(first.output == "sent 0 messages, 1 to try again\n")
        #expect(state["attempts"]?.rendered() == "1")
        #expect(state["state"]?.text == "unsent")
        // Not before its time.
        let (command, folder) = try Self.sendmail()
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).output == "sent 0 messages, 1 waiting for their next attempt\n")
        #expect(try Self.files(folder).isEmpty)
    }

    @Test func aRefusalForGoodIsNotTriedAgain() throws {
        let (environment, _) = try Self.database()
        let (never, _) = try Self.sendmail(status: 67)
        let result = try CLI.run(["outbox", "send", "--sendmail", never], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: message #1 failed: \(never.split(separator: " ")[0]) exited with status 67: sendmail says 67; it is not tried again (sojourn outbox --all lists it)\n")
        #expect(try Self.outbox(environment)["state"]?.text == "failed")
        #expect(try Self.outbox(environment)["nextAttemptAt"]?.rendered() == "null")
        let (command, folder) = try Self.sendmail()
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).output == "sent 0 messages\n")
        #expect(try Self.files(folder).isEmpty)
        // Once the cause is fixed, a failed message can be sent again.
        #expect(try CLI.run(["outbox", "settle", "1", "--resend"], environment: environment).output == "message #1 will be sent by the next sojourn outbox send\n")
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).output.hasPrefix("sent #1 to zoe@example.com"))
        #expect(try Self.files(folder).count == 1)
        #expect(try CLI.run(["outbox", "settle", "9"], environment: environment).status == 2)
        #expect(try CLI.run(["outbox", "settle", "9", "--sent"], environment: environment).error == "error: there is no message #9; sojourn outbox --all lists them\n")
    }

    @Test func aMissingAgentStopsTheRunAndCostsNoAttempt() throws {
        let (environment, _) = try Self.database()
        let result = try CLI.run(["outbox", "send", "--sendmail", "/nonexistent/sendmail -t -i"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: cannot run /nonexistent/sendmail: there is no such program; install a mail agent (Postfix, exim, msmtp's sendmail) or give --sendmail COMMAND or --smtp HOST:PORT; the run stopped there, and the messages not sent wait without losing an attempt: fix it and run again\n")
        #expect(try Self.outbox(environment)["attempts"]?.rendered() == "0")
        #expect(try Self.outbox(environment)["state"]?.text == "unsent")
    }

    @Test func oneSenderAtATime() throws {
        let (environment, _) = try Self.database()
        // Another run holds the lock beside the database.
        let lockPath = environment["SOJOURN_DB"]! + ".outbox-lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let (command, folder) = try Self.sendmail()
        let result = try CLI.run(["outbox", "send", "--sendmail", command], environment: environment)
        #expect(result.status == 0)
        #expect(result.error == "note: another sojourn outbox send is running on \(environment["SOJOURN_DB"]!); this run sent nothing (that one goes on)\n")
        #expect(try Self.files(folder).isEmpty)
        #expect(try CLI.run(["outbox", "settle", "1", "--resend"], environment: environment).status == 1)
        flock(descriptor, LOCK_UN)
        #expect(try CLI.run(["outbox", "send", "--sendmail", command], environment: environment).status == 0)
        #expect(try Self.files(folder).count == 1)
    }

    @Test func anSMTPRelayAcceptsTheMessage() throws {
        let (environment, id) = try Self.database()
        let sink = try Python.SMTPSink()
        let result = try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)", "--from", "HR <hr@example.com>"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "sent #1 to zoe@example.com: Willkommen, Zoë Quartermaine\nsent 1 message\n")
        try #require(sink.messages.count == 1)
        #expect(try sink.envelope(1).rendered() == #"{"authenticated":false,"from":"hr@example.com","tls":false,"to":["zoe@example.com"]}"#)
        let parsed = try Python.parseMail(sink.messages[0].path)
        #expect(parsed["to"]?.rendered() == #"[{"address":"zoe@example.com","name":"Zoë Quartermaine"}]"#)
        #expect(parsed["body"]?.text == "Hello Zoë Quartermaine, welcome to the programme.\n")
        #expect(parsed["messageID"]?.text.hasPrefix("<sojourn.1.\(id).") == true)
        #expect(parsed["defects"]?.items.isEmpty == true)
        #expect(try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment).output == "sent 0 messages\n")
        #expect(sink.messages.count == 1)
    }

    @Test func anSMTPRefusalIsSaid() throws {
        let (environment, _) = try Self.database()
        let sink = try Python.SMTPSink(refusing: ["zoe@example.com"])
        let result = try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(sink.port)"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: message #1 failed: the relay refused RCPT TO:<zoe@example.com>: 550 5.1.1 <zoe@example.com>: no such user here; it is not tried again (sojourn outbox --all lists it)\n")
        #expect(sink.messages.isEmpty)
    }

    @Test func aRelayThatCannotBeReachedStopsTheRunAndCostsNoAttempt() throws {
        let (environment, _) = try Self.database()
        let port = try { () throws -> Int in let sink = try Python.SMTPSink(); return sink.port }()
        let result = try CLI.run(["outbox", "send", "--smtp", "127.0.0.1:\(port)"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: cannot reach 127.0.0.1:\(port): connection refused (is the relay running, on that port?); the run stopped there, and the messages not sent wait without losing an attempt: fix it and run again\n")
        #expect(try Self.outbox(environment)["attempts"]?.rendered() == "0")
        #expect(try Self.outbox(environment)["state"]?.text == "unsent")
    }

    @Test func startTLSAndALoginReachTheRelay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let password = folder.appendingPathComponent("password")
        try "s3cret\n".write(to: password, atomically: true, encoding: .utf8)
        let wrong = folder.appendingPathComponent("wrong")
        try "guess\n".write(to: wrong, atomically: true, encoding: .utf8)

        let (environment, _) = try Self.database()
        let sink = try Python.SMTPSink(tls: (certificate, key), login: (user: "sojourn", password: "s3cret"))
        let relay = ["outbox", "send", "--smtp", "localhost:\(sink.port)", "--starttls", "--smtp-ca", certificate, "--smtp-user", "sojourn"]
        // A refused login is the setup's fault, not the message's: the run stops, and the
        // message waits without losing an attempt.
        let refused = try CLI.run(relay + ["--smtp-password-file", wrong.path], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.output == "sent 0 messages\n")
        #expect(refused.error.hasPrefix("error: the relay refused AUTH: 535"), "\(refused.error)")
        #expect(refused.error.hasSuffix("; the run stopped there, and the messages not sent wait without losing an attempt: fix it and run again\n"), "\(refused.error)")
        #expect(try Self.outbox(environment)["state"]?.text == "unsent")
        #expect(try Self.outbox(environment)["attempts"]?.rendered() == "0")
        #expect(try CLI.run(["outbox", "send", "--smtp", "localhost:\(sink.port)", "--smtp-user", "sojourn"], environment: environment).error
                == "Error: --smtp-user sends a password, which sojourn does only over TLS: add --starttls\nUsage: sojourn outbox send [--sendmail <command>] [--smtp <host:port>] [--starttls] [--smtp-user <name>] [--smtp-password-file <file>] [--smtp-ca <file>] [--from <address>] [--max-attempts <n>] [--json] [--db <path>]\n  See 'sojourn outbox send --help' for more information.\n")
        let sentFirst = try CLI.run(relay + ["--smtp-password-file", password.path], environment: environment)
        #expect(sentFirst.status == 0, "\(sentFirst.error)")
        try #require(sink.messages.count == 1)

        #expect(try sink.envelope(1)["tls"]?.rendered() == "true")
        #expect(try sink.envelope(1)["authenticated"]?.rendered() == "true")
    }
}
