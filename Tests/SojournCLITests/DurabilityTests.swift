import Foundation
import SojournCore
import SojournKit
import SojournSQLite
import Testing

/// Two processes at once, and a process killed in the middle: nothing lost, nothing doubled.
@Suite(.serialized) struct DurabilityTests {
    /// A folder with a database of `count` cases opened from CSV, staggered departures.
    static func database(cases count: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-durability-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var csv = "employee,home_country,host_country,departure,return,role:mentor,role:hr\n"
        let hosts = ["NO", "DE", "JP", "US", "SG"]
        for i in 0..<count {
            let departure = CalendarDate("2027-02-01")!.adding(days: i % 60)
            csv += "Person \(i) <p\(i)@example.com>,FR,\(hosts[i % hosts.count]),\(departure),\(departure.adding(months: 18)),Mentor \(i % 7) <m\(i % 7)@example.com>,Hana Ho <hana@example.com>\n"
        }
        let file = folder.appendingPathComponent("cases.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", file.path, "--as-of", "2026-11-23"], environment: ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>"])
        #expect(result.status == 0, "\(result.error)")
        return folder
    }

    /// Every case's history, as comparable lines.
    static func histories(_ path: String) throws -> [String: [String]] {
        let store = try SQLiteCaseStore(path: path)
        return try store.read { reader in
            var result: [String: [String]] = [:]
            var last: String?
            while true {
                let page = try reader.allCaseIDs(after: last, limit: 500)
                guard let final = page.last else { break }
                for id in page {
                    result[id] = try reader.events(of: id).map { "\($0.sequence) \($0.event.date) \($0.event.kind.rawValue) \($0.event.step ?? $0.event.phase ?? "")\($0.event.occurrence.map { "#\($0)" } ?? "")" }
                }
                last = final
            }
            return result
        }
    }

    static func copy(_ folder: URL, to name: String) throws -> String {
        let target = folder.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent("cases.db").path, toPath: target)
        return target
    }

    @Test func twoProcessesAdvancingAtOnceNeitherDoubleNorLose() throws {
        let folder = try Self.database(cases: 300)
        let reference = try Self.copy(folder, to: "reference.db")
        let shared = folder.appendingPathComponent("cases.db").path
        #expect(try CLI.run(["advance", "--all", "--as-of", "2027-06-01"], environment: ["SOJOURN_DB": reference]).status == 0)

        let logs = (0..<2).map { folder.appendingPathComponent("advance-\($0).err") }
        let processes = try logs.map { log in try CLI.start(["advance", "--all", "--as-of", "2027-06-01"], environment: ["SOJOURN_DB": shared], errors: log) }
        for process in processes { process.waitUntilExit() }
        let errors = logs.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
        #expect(processes.map(\.terminationStatus) == [0, 0], "\(errors)")
        let expected = try Self.histories(reference)
        #expect(expected.count == 300)
        #expect(expected.values.allSatisfy { $0.count >= 6 })
        #expect(try Self.histories(shared) == expected)
    }

    @Test func aKilledBulkAdvanceLeavesEveryCaseWholeAndARerunFinishes() throws {
        let folder = try Self.database(cases: 2_000)
        let reference = try Self.copy(folder, to: "reference.db")
        let victim = folder.appendingPathComponent("cases.db").path
        #expect(try CLI.run(["advance", "--all", "--as-of", "2028-01-01"], environment: ["SOJOURN_DB": reference]).status == 0)
        let expected = try Self.histories(reference)

        // Kill the process once it says a batch is committed, then look: each case is
        // either untouched or fully advanced, never half.
        let original = try Self.histories(try Self.copy(folder, to: "before.db"))
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["advance", "--all", "--as-of", "2028-01-01", "--progress"]
        process.currentDirectoryURL = CLI.packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["SOJOURN_DB": victim]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("advancing: 200 of") {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let interrupted = try Self.histories(victim)
        let advanced = interrupted.filter { $0.value == expected[$0.key] }.count
        let untouched = interrupted.filter { $0.value == original[$0.key] }.count
        #expect(advanced + untouched == 2_000, "every case is before or after its transaction")
        #expect(advanced > 0 && advanced < 2_000, "the kill landed in the middle (advanced \(advanced))")

        #expect(try CLI.run(["advance", "--all", "--as-of", "2028-01-01"], environment: ["SOJOURN_DB": victim]).status == 0)
        #expect(try Self.histories(victim) == expected)
    }
}
