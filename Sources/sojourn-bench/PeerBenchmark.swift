import Foundation
import GRDB
import SojournKit

/// Sojourn beside SpiffWorkflow (../shared/bench-peer) on the same programme, in one run:
/// N cases of `Fixtures/reintegration.yaml`, every one of their 23 inputs fed through
/// `sojourn record --from` (one transaction per input, as the peer commits one per
/// completed task) in date order, a file a month, with `sojourn advance --all` at the
/// start of each month; then the peer's own benchmark on as many cases, and bare SQLite
/// inserts of as many event rows in as many transactions as the inputs took.
enum PeerBenchmark {
    struct Input {
        var date: CalendarDate
        var caseIndex: Int
        var order: Int
        var step: String
        var values: String
    }

    /// The inputs of case `index` departing on `departure`, returning six months later.
    static func inputs(case index: Int, departure: CalendarDate) -> [Input] {
        let back = departure.adding(months: 6)
        let task = #"{"note": "done"}"#
        let session = #"{"held": true, "rating": 4}"#
        var list: [(CalendarDate, String, String)] = [
            (departure.adding(days: -54), "eligibility", task),
            (departure.adding(days: -51), "goal-plan", task),
        ]
        for k in 1...12 { list.append((departure.adding(days: 7 * (k - 1)), "mentoring#\(k)", session)) }
        list.append((departure.adding(days: 80), "survey", task))
        let plan = back.adding(days: 3)
        list.append((plan, "reintegration-plan", task))
        for k in 1...3 { list.append((plan.adding(days: 14 * (k - 1)), "reverse-mentoring#\(k)", session)) }
        for k in 1...3 { list.append((plan.adding(days: 7 * k), "milestone-\(k)", task)) }
        list.append((plan.adding(days: 32), "closure", task))
        return list.enumerated().map { Input(date: $1.0, caseIndex: index, order: $0, step: $1.1, values: $1.2) }
    }

    static func run(cases count: Int, sojourn: String, root: URL) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // SOJOURN_BENCH_KEEP=1 keeps the files, for profiling one step again.
        defer { if ProcessInfo.processInfo.environment["SOJOURN_BENCH_KEEP"] == "1" { print("(kept in \(folder.path))") } else { try? FileManager.default.removeItem(at: folder) } }
        let database = folder.appendingPathComponent("cases.db").path
        let workflow = root.appendingPathComponent("Sources/sojourn-bench/Fixtures/reintegration.yaml").path
        // HR runs the imports: each case's hr, recording what its employee gave.
        let environment = ["SOJOURN_DB": database, "SOJOURN_ACTOR": "Bench Operator <bench@example.com>"]

        // The cases, departing over two months from 1 March 2027.
        let first = CalendarDate("2027-03-01")!
        var csv = "employee,departure,return,role:hr\n"
        var departures: [CalendarDate] = []
        for i in 0..<count {
            let departure = first.adding(days: i % 60)
            departures.append(departure)
            csv += "Person \(i) <p\(i)@example.com>,\(departure),\(departure.adding(months: 6)),Bench Operator <bench@example.com>\n"
        }
        let csvPath = folder.appendingPathComponent("cases.csv").path
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let open = try ChildProcess.run(sojourn, ["open", workflow, "--from", csvPath, "--as-of", "2027-01-01"], environment: environment)
        guard open.status == 0 else { fatalError("sojourn open failed: \(open.output)") }
        let ids = try DatabaseQueue(path: database).read { db in
            try Row.fetchAll(db, sql: "SELECT c.id, json_extract(c.fields, '$.employee') FROM cases c").reduce(into: [String: String]()) { $0[$1[1]] = $1[0] }
        }
        let caseIDs = (0..<count).map { ids["Person \($0) <p\($0)@example.com>"] ?? "" }

        // Every input in the order a programme produces them, a file a month.
        let all = (0..<count).flatMap { inputs(case: $0, departure: departures[$0]) }
            .sorted { ($0.date, $0.caseIndex, $0.order) < ($1.date, $1.caseIndex, $1.order) }
        var months: [(start: CalendarDate, lines: [Input])] = []
        for input in all {
            let (year, month, _) = input.date.components
            let start = CalendarDate(year: year, month: month, day: 1)!
            if months.last?.start == start { months[months.count - 1].lines.append(input) } else { months.append((start, [input])) }
        }
        var recordSeconds = 0.0, advanceSeconds = 0.0, peak = 0.0
        var recordEvents = 0, advanceEvents = 0, advanceTransactions = 0
        for (index, month) in months.enumerated() {
            let before = try events(in: database)
            let advance = try ChildProcess.run(sojourn, ["advance", "--all", "--as-of", month.start.description], environment: environment)
            guard advance.status == 0 else { fatalError("sojourn advance failed: \(advance.output)") }
            advanceSeconds += advance.seconds
            let afterAdvance = try events(in: database)
            advanceEvents += afterAdvance - before
            advanceTransactions += 2 + (afterAdvance - before > 0 ? 1 : 0)
            let file = folder.appendingPathComponent("month-\(index).jsonl")
            try month.lines.map { input in
                // HR records what the employee gave, for them; closure is HR's own step.
                let by = input.step == "closure" ? "" : #""by": "p\#(input.caseIndex)@example.com", "#
                return #"{"case": "\#(caseIDs[input.caseIndex])", "step": "\#(input.step)", "as_of": "\#(input.date)", \#(by)"values": \#(input.values)}"#
            }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["SOJOURN_BENCH_KEEP"] == "1" {
                // A copy to profile one month's file again: cp month-N.db cases.db; sojourn record --from month-N.jsonl
                try DatabaseQueue(path: database).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try FileManager.default.copyItem(atPath: database, toPath: folder.appendingPathComponent("month-\(index).db").path)
            }
            let record = try ChildProcess.run(sojourn, ["record", "--from", file.path], environment: environment)
            guard record.status == 0 else { fatalError("sojourn record --from failed in \(month.start): \(record.output)") }
            recordSeconds += record.seconds
            recordEvents += try events(in: database) - afterAdvance
            peak = max(peak, record.peakMegabytes, advance.peakMegabytes)
        }
        let completed = try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE state = 'completed'") ?? 0 }
        guard completed == count else { fatalError("only \(completed) of \(count) cases completed") }
        let inputCount = all.count
        let persisted = Double(inputCount) / (recordSeconds + advanceSeconds)
        let recordOnly = Double(inputCount) / recordSeconds
        let bare = try CaseBenchmark.bareInserts(recordEvents, transactions: inputCount, in: database)

        // The peer, on as many cases.
        let peer = try peerRates(cases: count, root: root)

        print("| Subject | Work | Time | Rate | Reference (same run) | Ratio |")
        print("|---|---|---|---|---|---|")
        print("| Sojourn: \(count) cases, record --from + advance --all | \(inputCount) inputs, \(recordEvents + advanceEvents) events, \(months.count) months | \(format(recordSeconds + advanceSeconds)) | \(Int(persisted)) inputs/s | " + (peer.map { "SpiffWorkflow persisted: \(Int($0.persisted)) completions/s" } ?? "SpiffWorkflow: not run") + " | " + (peer.map { String(format: "%.1fx", persisted / $0.persisted) } ?? "") + " |")
        print("| Sojourn: record --from alone | \(inputCount) inputs in \(inputCount) transactions, \(recordEvents) events | \(format(recordSeconds)) | \(Int(recordOnly)) inputs/s | bare SQLite: \(recordEvents) event rows in \(inputCount) transactions, \(format(bare)) | \(String(format: "%.1fx", recordSeconds / bare)) |")
        if let peer {
            print("| SpiffWorkflow \(peer.version), engine only (no persistence) | \(peer.completions) completions | | \(Int(peer.engineOnly)) completions/s | Sojourn persisted: \(Int(persisted)) inputs/s | \(String(format: "%.1fx", persisted / peer.engineOnly)) |")
        }
        print("| Peak memory of any command | | | \(String(format: "%.0f MB", peak)) | " + (peer.map { "SpiffWorkflow: \(String(format: "%.0f MB", $0.peakMegabytes))" } ?? "") + " | |")
    }

    struct PeerRates {
        var version: String
        var completions: Int
        var persisted: Double
        var engineOnly: Double
        var peakMegabytes: Double
    }

    /// Runs `peer_bench.py` persisted and engine-only, when its virtual environment exists.
    static func peerRates(cases: Int, root: URL) throws -> PeerRates? {
        let folder = root.deletingLastPathComponent().appendingPathComponent("shared/bench-peer")
        let script = folder.appendingPathComponent("peer_bench.py").path
        let environment = ProcessInfo.processInfo.environment
        let venv = environment["SOJOURN_PEER_VENV"] ?? ((environment["TMPDIR"] ?? "/tmp") + "/sojourn-peer-venv")
        let python = venv + "/bin/python"
        guard FileManager.default.fileExists(atPath: script) else {
            print("(the peer is not here: \(folder.path) is missing; run from a checkout with ../shared beside it)")
            return nil
        }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("(the peer's environment is missing: create it with `\(folder.path)/setup.sh \(venv)`, or set SOJOURN_PEER_VENV)")
            return nil
        }
        func run(_ extra: [String]) throws -> [String: Any] {
            let result = try ChildProcess.run(python, [script, "--cases", String(cases), "--json"] + extra, environment: [:])
            guard result.status == 0, let line = result.output.split(separator: "\n").last,
                  let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                fatalError("peer_bench.py failed: \(result.output)")
            }
            return object
        }
        let persisted = try run([])
        let engine = try run(["--no-persist"])
        return PeerRates(
            version: persisted["spiffworkflow"] as? String ?? "?",
            completions: persisted["user_task_completions"] as? Int ?? 0,
            persisted: persisted["user_task_completions_per_s"] as? Double ?? 0,
            engineOnly: engine["user_task_completions_per_s"] as? Double ?? 0,
            peakMegabytes: persisted["peak_rss_mb"] as? Double ?? 0)
    }

    static func events(in database: String) throws -> Int {
        try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    static func format(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
}
