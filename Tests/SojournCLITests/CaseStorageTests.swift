import Foundation
import GRDB
import Testing

/// What the storage promises operators, through the built binary: a corrupt case fails
/// alone, a newer database is refused, an import run again opens each row once, and a
/// bulk advance touches only the cases with something due.
@Suite(.serialized) struct CaseStorageTests {
    /// A new folder with a database of `count` cases of the fixture workflow opened on
    /// 2026-11-23, departures a week apart from 2027-02-01.
    static func database(cases count: Int, spacing: Int = 7) throws -> (folder: URL, environment: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>"]
        let csv = try csvFile(rows: count, spacing: spacing, in: folder)
        let result = try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", csv, "--as-of", "2026-11-23"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        return (folder, environment)
    }

    static func csvFile(rows count: Int, spacing: Int = 7, in folder: URL, name: String = "cases.csv") throws -> String {
        var csv = "employee,home_country,host_country,departure,return,role:hr\n"
        for i in 0..<count {
            let day = 1 + i * spacing
            let departure = Calendar(identifier: .gregorian).date(byAdding: .day, value: day - 1, to: ISO8601DateFormatter().date(from: "2027-02-01T00:00:00Z")!)!
            let text = ISO8601DateFormatter().string(from: departure).prefix(10)
            csv += "Person \(i) <p\(i)@example.com>,FR,NO,\(text),2028-09-01,Hana Ho <hana@example.com>\n"
        }
        let file = folder.appendingPathComponent(name)
        try csv.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func json(_ arguments: [String], _ environment: [String: String]) throws -> CanonicalJSON {
        let result = try CLI.run(arguments + ["--json"], environment: environment)
        return try CanonicalJSON.parse(result.output)
    }

    static func caseIDs(_ environment: [String: String]) throws -> [String] {
        try json(["list"], environment).items.compactMap { if case .string(let id)? = $0["case"] { id } else { nil } }
    }

    static func historyCount(_ id: String, _ environment: [String: String]) throws -> Int {
        try json(["history", id], environment).items.count
    }

    @Test func aCorruptCaseFailsAloneAndIsListed() throws {
        let (_, environment) = try Self.database(cases: 12)
        let ids = try Self.caseIDs(environment)
        #expect(ids.count == 12)
        let victim = ids[5]
        let before = try ids.map { try Self.historyCount($0, environment) }
        // Someone edits the file by hand: a step's state no longer means anything.
        let queue = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try queue.write { db in try db.execute(sql: "UPDATE steps SET state = 'bogus' WHERE case_id = ? AND step = 'eligibility'", arguments: [victim]) }
        try queue.close()

        let result = try CLI.run(["advance", "--all", "--as-of", "2027-06-01"], environment: environment)
        #expect(result.status == 1)
        #expect(result.error.contains("error: \(victim): case \(victim) cannot be read: step 'eligibility' has state 'bogus'\n"))
        #expect(result.error.contains("1 case could not be advanced; the others were. 'sojourn list --state failed' lists them."))
        for (index, id) in ids.enumerated() where id != victim {
            #expect(try Self.historyCount(id, environment) > before[index], "case \(id) advanced")
        }
        #expect(try Self.historyCount(victim, environment) == before[5], "nothing of the corrupt case was written")

        let failed = try CLI.run(["list", "--state", "failed"], environment: environment)
        #expect(failed.status == 0)
        let lines = failed.output.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(victim) == true)
        #expect(lines.first?.hasSuffix("failed: case \(victim) cannot be read: step 'eligibility' has state 'bogus'") == true)
        // Mended, it advances and leaves the failed list.
        let mend = try DatabaseQueue(path: environment["SOJOURN_DB"]!)
        try mend.write { db in try db.execute(sql: "UPDATE steps SET state = 'active' WHERE case_id = ? AND step = 'eligibility'", arguments: [victim]) }
        try mend.close()
        #expect(try CLI.run(["advance", "--all", "--as-of", "2027-06-02"], environment: environment).status == 0)
        #expect(try CLI.run(["list", "--state", "failed"], environment: environment).output == "no cases match\n")
    }

    @Test func aDatabaseFromANewerSojournIsRefusedAndLeftAlone() throws {
        let (folder, environment) = try Self.database(cases: 1)
        let path = environment["SOJOURN_DB"]!
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: something this build does not know')")
            try db.execute(sql: "UPDATE meta SET value = '9.1.0' WHERE key = 'written_by'")
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [["list"], ["advance", "--all", "--as-of", "2027-06-01"], ["open", "Tests/Fixtures/assignment-tasks.yaml", "--field", "employee=Ana <ana@example.com>"]] {
            let result = try CLI.run(arguments, environment: environment)
            #expect(result.status == 1)
            #expect(result.error == "error: cannot open the case database \(path): \(path) was written by Sojourn 9.1.0, which changed its schema ('v99: something this build does not know'); this is Sojourn 0.2.0, which knows the schema up to 'v10: reminders, digests and invitations in the outbox'. Use Sojourn 9.1.0 or later; nothing was read or written\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        _ = folder
    }

    @Test func aKilledImportRunAgainOpensEachRowOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>"]
        let csv = try Self.csvFile(rows: 1_200, spacing: 1, in: folder)
        let arguments = ["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", csv, "--as-of", "2026-11-23"]

        // Killed once its first batch of 500 is committed, as the line it prints says.
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments + ["--progress"]
        process.currentDirectoryURL = CLI.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("opening cases: 500 of 1200\n") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let committed = try Self.caseIDs(environment).count
        #expect(committed >= 500 && committed < 1_200, "the kill landed between batches (\(committed) cases)")

        let rerun = try CLI.run(arguments, environment: environment)
        #expect(rerun.status == 0, "\(rerun.error)")
        #expect(rerun.error == "opened \(1_200 - committed) cases; \(committed) rows already had a case (a rerun opens only what is missing)\n")
        let ids = try Self.caseIDs(environment)
        #expect(ids.count == 1_200)
        let labels = try Self.json(["list"], environment).items.compactMap { if case .string(let label)? = $0["label"] { label } else { nil } }
        #expect(Set(labels).count == 1_200, "every row once")
        // A third run opens nothing.
        #expect(try CLI.run(arguments, environment: environment).error == "opened 0 cases; 1200 rows already had a case (a rerun opens only what is missing)\n")
    }

    @Test func aBulkAdvanceRunsOnlyTheCasesWithSomethingDue() throws {
        // Departures three weeks apart: by 2026-12-20 only the first few cases have
        // anything to do (the fixture's first phase starts six weeks before departure).
        let (_, environment) = try Self.database(cases: 30, spacing: 21)
        let advanced = try Self.json(["advance", "--all", "--as-of", "2026-12-28"], environment)
        #expect(advanced["examined"] == .number(30))
        #expect(advanced["run"] == .number(2))
        // The idle cases count as advanced: a date before it is refused for them too.
        let idle = try Self.caseIDs(environment).last!
        let status = try CLI.run(["status", idle], environment: environment)
        #expect(status.output.contains(" · as of 2026-12-28"))
        let late = try CLI.run(["record", idle, "eligibility", "--skip", "--reason", "late", "--as-of", "2026-12-01"], environment: environment)
        #expect(late.status == 1)
        #expect(late.error == "error: case \(idle) is already at 2026-12-28; it cannot go back to 2026-12-01\n")
        // Advancing to the same date again runs nothing.
        let again = try Self.json(["advance", "--all", "--as-of", "2026-12-28"], environment)
        #expect(again["run"] == .number(0))
        #expect(again["events"] == .number(0))
    }
}

/// `sojourn agenda --owner`: a role, one person by e-mail address, or part of a name.
@Suite(.serialized) struct AgendaOwnerTests {
    @Test func aPersonsAgendaByAddressRoleOrName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-agenda-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>"]
        let csv = folder.appendingPathComponent("cases.csv")
        try """
            employee,home_country,host_country,departure,return,role:mentor,role:hr
            Ana Lima <ana@example.com>,FR,NO,2027-02-01,2028-09-01,Bo Berg <bo@example.com>,Hana Ho <hana@example.com>
            Ben Okafor <ben@example.com>,FR,NO,2027-02-01,2028-09-01,Bo Berg <bo@example.com>,Hana Ho <hana@example.com>
            Carla Ruiz <carla@example.com>,FR,NO,2027-02-01,2028-09-01,Cy Bo <cy@example.com>,Hana Ho <hana@example.com>

            """.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", csv.path, "--as-of", "2026-11-23"], environment: environment).status == 0)
        var lines: [String] = []
        for summary in try CaseStorageTests.json(["list"], environment).items {
            guard case .string(let id)? = summary["case"], case .string(let employee)? = summary["label"] else { continue }
            lines.append(#"{"case": "\#(id)", "step": "eligibility", "as_of": "2026-12-10", "by": "\#(employee)", "values": {}}"#)
            lines.append(#"{"case": "\#(id)", "step": "mentor-match", "as_of": "2026-12-10", "values": {}}"#)
        }
        let inputs = folder.appendingPathComponent("inputs.jsonl")
        try lines.joined(separator: "\n").write(to: inputs, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["record", "--from", inputs.path], environment: environment).status == 0)

        func owners(_ owner: String) throws -> [String] {
            try CaseStorageTests.json(["agenda", "--owner", owner, "--as-of", "2026-12-10"], environment).items.map { item in
                [item["label"], item["step"], item["ownerPerson"]].map { $0?.rendered() ?? "null" }.joined(separator: " ")
            }.sorted()
        }
        #expect(try owners("bo@example.com") == [
            #""Ana Lima" "expectations" "Bo Berg <bo@example.com>""#,
            #""Ben Okafor" "expectations" "Bo Berg <bo@example.com>""#,
        ])
        #expect(try owners("BO@EXAMPLE.COM") == owners("bo@example.com"), "addresses are compared without case")
        #expect(try owners("mentor").count == 3)
        #expect(try owners("Bo").count == 3, "part of a name: Bo Berg's two, and Cy Bo's")
        #expect(try owners("nobody@example.com") == [])
    }
}
