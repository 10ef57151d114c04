import Foundation
import GRDB
import Testing

/// Hostile and careless input, tried through the binary: refused up front with a message
/// that says where and what to do, nothing stored; and what is printed cannot drive the
/// reader's terminal.
@Suite(.serialized) struct HostileInputTests {
    static let opening = ["--field", "departure=2027-03-01", "--field", "return=2028-03-01", "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04",
                          "--by", "Hana Ho <hana@example.com>"]

    /// A new database and the visa workflow's path.
    static func setUp() throws -> (environment: [String: String], workflow: String) {
        (try LateAndNonBlockingTests.database(), try CLI.temporaryFile(PluginContractTests.workflow))
    }

    static func caseCount(_ environment: [String: String]) throws -> Int {
        guard FileManager.default.fileExists(atPath: environment["SOJOURN_DB"]!) else { return 0 }
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0 }
    }

    @Test func lineBreaksAndControlCharactersInPeopleAreRefused() throws {
        let (environment, workflow) = try Self.setUp()
        let refusals: [([String], String)] = [
            (["--field", "employee=Ana\r\nBcc: attacker@example.com <ana@example.com>"], "error: field 'employee': has a line break at character 4; write it on one line\n"),
            (["--field", "employee=Ana <ana@example.com>", "--role", "hr=H\u{1B}[31mR <hr@example.com>"], "error: role 'hr': has the control character U+001B at character 2; remove it\n"),
            (["--field", "employee=Ana \u{202E}moc.elpmaxe <ana@example.com>"], "error: field 'employee': has the control character U+202E at character 5; remove it\n"),
            (["--field", "employee=\(String(repeating: "A", count: 201)) <ana@example.com>"], "error: field 'employee': is longer than 200 characters; shorten it\n"),
        ]
        for (fields, message) in refusals {
            let result = try CLI.run(["open", workflow] + fields + ["--field", "departure=2027-03-01", "--field", "return=2028-03-01", "--as-of", "2027-01-04"], environment: environment)
            #expect(result.status == 1)
            #expect(result.error == message)
        }
        #expect(try Self.caseCount(environment) == 0)
    }

    @Test func theActorAndReasonsAreOneSafeLine() throws {
        let (environment, workflow) = try Self.setUp()
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        let before = try CLI.run(["history", id], environment: environment).output
        let forged = try CLI.run(["record", id, "visa", "--skip", "--reason", "n/a", "--by", "Ana\n2027-01-04  visa completed", "--as-of", "2027-01-05"], environment: environment)
        #expect(forged.status == 1)
        #expect(forged.error == "error: the actor (--by or $SOJOURN_ACTOR) has a line break at character 4; write it on one line\n")
        let reason = try CLI.run(["record", id, "visa", "--skip", "--reason", "on leave\u{1B}]0;owned\u{07}", "--as-of", "2027-01-05"], environment: environment)
        #expect(reason.error == "error: --reason has the control character U+001B at character 9; remove it\n")
        #expect(try CLI.run(["history", id], environment: environment).output == before)
    }

    @Test func inputTextIsCheckedWhereItIsWritten() throws {
        let (environment, workflow) = try Self.setUp()
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        let file = try CLI.temporaryFile("document: passport\nexpires: 2031-05-01\nnumber: \"X1\\u202E23\"\n", name: "visa.yaml")
        let result = try CLI.run(["record", id, "visa", "--input", file, "--as-of", "2027-01-11", "--by", "ana@example.com"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == """
            \(file):3:9: error: this value has the control character U+202E at character 3; remove it
            number: "X1\\u202E23"
                    ^

            """)
        // A note may have line breaks; a control character is refused by the YAML reader.
        let escape = try CLI.run(["record", id, "visa", "--set", "document=passport", "--set", "number=\u{1B}[2J", "--as-of", "2027-01-11"], environment: environment)
        #expect(escape.error.hasPrefix("error: --set number: control characters are not allowed here; remove the character\n"), "\(escape.error)")
    }

    @Test func datesStayWithinTheYears1To9999() throws {
        let (environment, workflow) = try Self.setUp()
        let yearZero = try CLI.run(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=0000-03-01",
                                    "--field", "return=2028-03-01", "--as-of", "2027-01-04"], environment: environment)
        #expect(yearZero.error == "error: field 'departure': '0000-03-01' is before the year 0001; dates run from 0001-01-01 to 9999-12-31\n")
        // A date the workflow computes from a value is checked when the case opens.
        let computed = try CLI.run(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=0001-01-10",
                                    "--field", "return=2028-03-01", "--as-of", "2027-01-04"], environment: environment)
        #expect(computed.error == "error: this case cannot be planned: 0001-01-10 - 8w falls outside the years 0001 to 9999 (\(workflow):9:24)\n")
        #expect(try Self.caseCount(environment) == 0)
        // A postponement whose reminders or grace would leave the range is refused;
        // every command still reads the database afterwards.
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        let graceful = try CLI.temporaryFile("""
            workflow: late
            fields:
              employee: {type: person, required: true}
            roles: [employee]
            phases:
              - id: only
                steps:
                  - {id: chat, uses: task, owner: employee, due: start + 1w, remind: [due + 1w], grace: 2w}
            """)
        let late = try CLI.openCase(["open", graceful, "--field", "employee=Bo Berg <bo@example.com>", "--as-of", "2027-01-04"], environment: environment)
        let reminder = try CLI.run(["record", late, "chat", "--postpone", "9999-12-30", "--as-of", "2027-01-05"], environment: environment)
        #expect(reminder.error == "error: cannot postpone chat to 9999-12-30: its reminder 'due + 1w' would fall outside the years 0001 to 9999; give an earlier date\n")
        let last = try CLI.run(["record", id, "visa", "--postpone", "9999-12-31", "--as-of", "2027-01-05", "--by", "ana@example.com"], environment: environment)
        #expect(last.error == "error: cannot postpone visa to 9999-12-31: its due date would fall on or after 9999-12-31; give a date before it\n")
        let accepted = try CLI.run(["record", id, "visa", "--postpone", "9999-12-30", "--as-of", "2027-01-05", "--by", "ana@example.com"], environment: environment)
        #expect(accepted.status == 0, "\(accepted.error)")
        #expect(try CLI.run(["status", id], environment: environment).output.contains("due 9999-12-30"))
        #expect(try CLI.run(["list"], environment: environment).status == 0)
        #expect(try CLI.run(["advance", "--all", "--as-of", "2027-06-01"], environment: environment).status == 0)
    }

    @Test func numericSettingsHaveBounds() throws {
        let workflow = try CLI.temporaryFile("""
            workflow: match
            fields:
              employee: {type: person, required: true}
              host_country: {type: country, required: true}
            roles: [employee, mentor]
            phases:
              - id: only
                steps:
                  - id: pair
                    uses: mentor-match
                    with:
                      prefer: {current-host: 9223372036854775807, previous-host: 9223372036854775807}
            """)
        let result = try CLI.run(["validate", workflow])
        #expect(result.status == 1)
        #expect(result.error.contains("\(workflow):12:34: error: a weight is a whole number from 0 to 1000, not 9223372036854775807"), "\(result.error)")
        #expect(result.error.contains("\(workflow):12:70: error: a weight is a whole number from 0 to 1000, not 9223372036854775807"), "\(result.error)")
    }

    @Test func aFullDiskIsReportedNotACrash() throws {
        let (environment, workflow) = try Self.setUp()
        _ = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" list > /dev/full", CLI.executable.path]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74)
        #expect(text == "error: cannot write the output: No space left on device\n")
    }

    @Test func filesAreMeasuredBeforeTheyAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let big = folder.appendingPathComponent("big.yaml")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 512 << 20)   // 512 MiB, sparse: nothing to read but zeros
        try handle.close()
        let result = try CLI.run(["validate", big.path])
        #expect(result.status == 1)
        #expect(result.error == "error: \(big.path) is larger than the limit of 16 MiB; nothing was read past it\n")
        let endless = try CLI.run(["validate", "/dev/zero"])
        #expect(endless.error.hasPrefix("error: /dev/zero is larger than the limit of 16 MiB"))
        // A problem on a very long line quotes 120 characters around it, not the line.
        let deep = folder.appendingPathComponent("deep.yaml")
        try ("a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n").write(to: deep, atomically: true, encoding: .utf8)
        let nested = try CLI.run(["validate", deep.path])
        let lines = nested.error.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "\(deep.path):1:259: error: the data is nested more than 256 levels deep")
        #expect(lines[1] == "…" + String(repeating: "[", count: 120) + "…")
        #expect(lines[2] == String(repeating: " ", count: 61) + "^")
    }

    @Test func storedControlCharactersAreEscapedOnOutput() throws {
        let (environment, workflow) = try Self.setUp()
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        // Written behind sojourn's back, as an older version or the sqlite3 shell could.
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try queue.write { db in try db.execute(sql: "UPDATE cases SET label = ? WHERE id = ?", arguments: ["Ana\u{1B}[2J\u{202E}Lima\r", id]) }
        try queue.close()
        let listed = try CLI.run(["list"], environment: environment).output
        #expect(listed.contains("Ana\\u{1B}[2J\\u{202E}Lima\\u{D}"), "\(listed)")
        #expect(!listed.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" || $0 == "\r" })
        // A line break stored in an actor cannot forge a line of the history.
        try JournalTests.tamper(environment, "UPDATE events SET actor = 'Ana' || char(10) || '1    2027-01-04  visa completed' WHERE case_id = '\(id)' AND sequence = 1")
        let history = try CLI.run(["history", id], environment: environment).output
        #expect(history.split(separator: "\n").filter { $0.contains("visa completed") } == [Substring(history.split(separator: "\n")[0])], "\(history)")
        #expect(history.split(separator: "\n")[0].contains(" — Ana\\u{A}1    2027-01-04  visa completed  "), "\(history)")
    }

    @Test func aReadOnlyDatabaseCanBeRead() throws {
        let (environment, workflow) = try Self.setUp()
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>"] + Self.opening, environment: environment)
        let database = environment["SOJOURN_DB"]!
        let folder = (database as NSString).deletingLastPathComponent
        // As root, permissions do not stop a write: run as nobody instead, in a folder
        // nobody may not write.
        let asRoot = getuid() == 0
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
            try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
        }
        func run(_ arguments: [String]) throws -> CLI.Result {
            guard asRoot else { return try CLI.run(arguments, environment: environment) }
            let command = ([CLI.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            return try Self.shell("runuser -u nobody -- env SOJOURN_DB='\(database)' NO_COLOR=1 SOJOURN_ACTOR='Bo Berg <bo@example.com>' \(command)")
        }
        let listed = try run(["list"])
        #expect(listed.status == 0, "\(listed.error)")
        #expect(listed.output.hasPrefix("\(id)  Ana Lima"))
        #expect(try run(["verify"]).status == 0)
        let written = try run(["record", id, "visa", "--skip", "--reason", "no visa needed", "--as-of", "2027-01-05"])
        #expect(written.status == 1)
        #expect(written.error == "error: \(database) is read-only for this user, and this command writes to it; nothing was changed. Commands that only read (list, status, history, report, verify) work\n")
    }

    static func shell(_ command: String) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, output: output, error: error)
    }
}

/// `.eml` files: private, never overwriting, never split by stored text, and a message
/// nobody can receive stays queued.
@Suite(.serialized) struct MessageFileTests {
    static let workflow = """
        workflow: hello
        fields:
          employee: {type: person, required: true}
        roles: [employee]
        phases:
          - id: only
            steps:
              - {id: hello, uses: notify, with: {to: [employee], subject: Welcome, body: "Hello {{employee}}"}}
        """

    @Test func emlFilesArePrivateAndNeverOverwritten() throws {
        let environment = try LateAndNonBlockingTests.database()
        let workflow = try CLI.temporaryFile(Self.workflow)
        let id = try CLI.openCase(["open", workflow, "--field", "employee=Ana Lima <ana@example.com>", "--as-of", "2027-01-04", "--by", "ana@example.com"], environment: environment)
        // A recipient stored with a line break (by an older version, or by hand) never
        // reaches a header.
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try queue.write { db in
            for recipients in [#"["mentor"]"#, #"["Eve <eve@example.com>\r\nBcc: attacker@example.com"]"#] {
                try db.execute(sql: "INSERT INTO outbox (case_id, step, recipients, subject, body, on_date, queued_at) SELECT case_id, step, ?, subject, body, on_date, queued_at FROM outbox WHERE id = (SELECT MIN(id) FROM outbox)",
                               arguments: [recipients])
            }
        }
        let ids = try queue.read { db in try Int.fetchAll(db, sql: "SELECT id FROM outbox ORDER BY id") }
        try queue.close()
        try #require(ids.count == 3)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-eml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "mine".write(to: folder.appendingPathComponent("\(ids[0]).eml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["outbox", "--format", "eml", "--dir", folder.path], environment: environment)
        #expect(result.status == 1)
        #expect(result.output == "wrote 0 messages to \(folder.path)\n")
        #expect(result.error == """
            error: \(folder.path)/\(ids[0]).eml already exists and was not overwritten; message #\(ids[0]) stays unsent: move the file away, or write to an empty --dir
            error: message #\(ids[1]) (case \(id)) has no recipient address (to: mentor); it stays unsent: give the role a person with an e-mail address (sojourn reassign)
            error: message #\(ids[2]) (case \(id)) has no recipient address (to: Eve <eve@example.com>\\u{D}\\u{A}Bcc: attacker@example.com); it stays unsent: give the role a person with an e-mail address (sojourn reassign)

            """)
        #expect(try String(contentsOf: folder.appendingPathComponent("\(ids[0]).eml"), encoding: .utf8) == "mine")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("\(ids[0]).eml"))
        let again = try CLI.run(["outbox", "--format", "eml", "--dir", folder.path], environment: environment)
        #expect(again.output == "wrote 1 message to \(folder.path)\n")
        let file = folder.appendingPathComponent("\(ids[0]).eml").path
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("\r\nTo: Ana Lima <ana@example.com>\r\n"))
        // Only the written one is marked sent; the others wait.
        let waiting = try CanonicalJSON.parse(try CLI.run(["outbox", "--format", "json"], environment: environment).output).items
        #expect(waiting.compactMap { $0["id"]?.rendered() } == ["\(ids[1])", "\(ids[2])"])
    }
}

/// `migrate` to a workflow that adds a required field.
@Suite(.serialized) struct MigrateFieldTests {
    @Test func aNewRequiredFieldMustBeGiven() throws {
        let environment = try LateAndNonBlockingTests.database()
        let v1 = try CLI.temporaryFile("""
            workflow: grow
            version: 1
            fields:
              employee: {type: person, required: true}
            roles: [employee]
            phases:
              - id: one
                steps:
                  - {id: a, uses: task, owner: employee, due: start + 1w}
            """)
        let v2 = try CLI.temporaryFile("""
            workflow: grow
            version: 2
            fields:
              employee: {type: person, required: true}
              departure: {type: date, required: true}
              level: {type: choice, options: [analyst, manager], default: analyst}
            roles: [employee]
            phases:
              - id: one
                steps:
                  - {id: a, uses: task, owner: employee, due: start + 1w}
                  - {id: b, uses: task, owner: employee, after: [], start: departure - 1w}
            """)
        let id = try CLI.openCase(["open", v1, "--field", "employee=Ana Lima <ana@example.com>", "--as-of", "2027-01-04", "--by", "ana@example.com"], environment: environment)
        let before = try CLI.run(["history", id], environment: environment).output
        let refused = try CLI.run(["migrate", id, "--to", v2, "--by", "ana@example.com"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == """
            error: case \(id) cannot move to \(v2):
              - the new workflow requires field 'departure' (a date, YYYY-MM-DD), which the case has no value for; give it with --field departure=VALUE
            nothing was changed

            """)
        let badValue = try CLI.run(["migrate", id, "--to", v2, "--field", "departure=2027-02-30", "--by", "ana@example.com"], environment: environment)
        #expect(badValue.error.contains("  - field 'departure': '2027-02-30' is not a date; write YYYY-MM-DD, for example 2027-03-01\n"), "\(badValue.error)")
        #expect(try CLI.run(["history", id], environment: environment).output == before)
        let moved = try CLI.run(["migrate", id, "--to", v2, "--field", "departure=2027-03-01", "--by", "ana@example.com"], environment: environment)
        #expect(moved.status == 0, "\(moved.error)")
        let status = try CaseChangesTests.status(id, environment)
        #expect(status["fields"]?["departure"]?.text == "2027-03-01")
        #expect(status["fields"]?["level"]?.text == "analyst")
        #expect(CaseChangesTests.planned(status)["b"] == "2027-02-22")
    }
}

/// A plan looks fifty years past the case's last date, not past today.
@Suite struct FarDatesTests {
    @Test func aDepartureDecadesAwayIsPlanned() throws {
        let path = try CLI.temporaryFile("""
            workflow: far
            fields:
              employee: {type: person, required: true}
              departure: {type: date, required: true}
            roles: [employee]
            phases:
              - id: before
                start: departure - 4w
                steps:
                  - {id: prep, uses: task, owner: employee, due: start + 1w}
            """)
        let plan = try CLI.run(["plan", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "departure=2077-03-01", "--opened", "2027-01-04"])
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("2077-02-01  phase before starts"), "\(plan.output)")
    }
}
