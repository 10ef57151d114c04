import Foundation
import GRDB
import SojournCore
import SojournKit

/// The case engine's benchmark: open cases from CSV, advance them through a year in
/// monthly steps, look one up; beside it, the same SQLite file taking bare inserts of
/// as many event rows in the same transaction pattern.
enum CaseBenchmark {
    static func run(cases: [Int], sojourn: String, workflow: String) throws {
        print("| Cases | Step | Time | Events | Events/s | Peak memory | Reference (same run, same file) |")
        print("|---|---|---|---|---|---|---|")
        for count in cases {
            try measure(count, sojourn: sojourn, workflow: workflow)
        }
    }

    static func csv(_ count: Int, at path: String) throws {
        let hosts = ["NO", "DE", "JP", "US", "SG", "FR", "GB", "CA", "AU", "CH"]
        var text = "employee,home_country,host_country,departure,return,level,role:mentor,role:hr\n"
        text.reserveCapacity(count * 120)
        let first = CalendarDate("2027-01-15")!
        for i in 0..<count {
            let departure = first.adding(days: i % 365)
            text += "Person \(i) <p\(i)@example.com>,FR,\(hosts[i % hosts.count]),\(departure),\(departure.adding(months: 18)),\(["analyst", "manager", "director"][i % 3]),Mentor \(i % 500) <m\(i % 500)@example.com>,Bench Operator <bench@example.com>\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    private static func number(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
    }

    static func measure(_ count: Int, sojourn: String, workflow: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // SOJOURN_BENCH_KEEP=1 keeps the files, for profiling one step again.
        defer { if ProcessInfo.processInfo.environment["SOJOURN_BENCH_KEEP"] == "1" { print("(kept in \(folder.path))") } else { try? FileManager.default.removeItem(at: folder) } }
        let csvPath = folder.appendingPathComponent("cases.csv").path
        let database = folder.appendingPathComponent("cases.db").path
        try csv(count, at: csvPath)
        let environment = ["SOJOURN_DB": database, "SOJOURN_ACTOR": "Bench Operator <bench@example.com>"]

        let open = try ChildProcess.run(sojourn, ["open", workflow, "--from", csvPath, "--as-of", "2026-11-23"], environment: environment)
        guard open.status == 0 else { fatalError("sojourn open failed") }
        let openedEvents = try events(in: database)
        print("| \(number(count)) | open from CSV | \(String(format: "%.1f s", open.seconds)) | \(number(openedEvents)) | \(number(Int(Double(openedEvents) / open.seconds))) | \(String(format: "%.0f MB", open.peakMegabytes)) | |")

        // A year in monthly steps.
        var totalSeconds = 0.0, totalEvents = 0, peak = 0.0, transactions = 0
        var month = CalendarDate("2027-01-01")!
        for index in 0..<12 {
            if ProcessInfo.processInfo.environment["SOJOURN_BENCH_KEEP"] == "1" {
                try DatabaseQueue(path: database).writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try FileManager.default.copyItem(atPath: database, toPath: folder.appendingPathComponent("before-advance-\(index).db").path)
            }
            let advance = try ChildProcess.run(sojourn, ["advance", "--all", "--as-of", month.description], environment: environment)
            guard advance.status == 0 else { fatalError("sojourn advance failed: \(advance.output)") }
            // "advanced N cases to D: C changed, E events"
            let parts = advance.output.split(separator: " ")
            let changed = Int(parts[parts.count - 4]) ?? 0
            totalEvents += Int(parts[parts.count - 2]) ?? 0
            transactions += 1 + (changed + 199) / 200
            totalSeconds += advance.seconds
            peak = max(peak, advance.peakMegabytes)
            month = month.adding(months: 1)
        }
        let reference = try bareInserts(totalEvents, transactions: transactions, in: database)
        print("| \(number(count)) | advance all, 12 monthly steps | \(String(format: "%.1f s", totalSeconds)) | \(number(totalEvents)) | \(number(Int(Double(totalEvents) / totalSeconds))) | \(String(format: "%.0f MB", peak)) | bare inserts of \(number(totalEvents)) event rows in \(number(transactions)) transactions: \(String(format: "%.2f s", reference)), \(number(Int(Double(totalEvents) / reference)))/s |")

        // Looking a case up, and one person's agenda, each a process as an operator runs it.
        var times: [Double] = [], agenda: [Double] = [], peakLookup = 0.0
        for i in 0..<21 {
            let id = try caseID(at: i * count / 21, in: database)
            let status = try ChildProcess.run(sojourn, ["status", id], environment: environment)
            let owner = try ChildProcess.run(sojourn, ["agenda", "--owner", "p\(i * count / 21)@example.com", "--as-of", "2027-12-31"], environment: environment)
            guard status.status == 0, owner.status == 0 else { fatalError("status or agenda failed") }
            times.append(status.seconds)
            agenda.append(owner.seconds)
            peakLookup = max(peakLookup, status.peakMegabytes, owner.peakMegabytes)
        }
        times.sort()
        agenda.sort()
        print("| \(number(count)) | status of one case (median of 21, process start included) | \(String(format: "%.0f ms", times[10] * 1000)) | | | \(String(format: "%.0f MB", peakLookup)) | |")
        print("| \(number(count)) | agenda --owner one employee (median of 21, process start included) | \(String(format: "%.0f ms", agenda[10] * 1000)) | | | | |")
        let report = try ChildProcess.run(sojourn, ["report", "--json"], environment: environment)
        guard report.status == 0 else { fatalError("report failed: \(report.output)") }
        let reportRead = try bareReportRead(in: database)
        print("| \(number(count)) | report over every case | \(String(format: "%.2f s", report.seconds)) | \(number(reportRead.rows)) | | \(String(format: "%.0f MB", report.peakMegabytes)) | bare read of the same case and event rows, not decoded: \(String(format: "%.2f s", reportRead.seconds)) |")
        let page = folder.appendingPathComponent("report.html").path
        let html = try ChildProcess.run(sojourn, ["report", "--by", "host_country", "--format", "html", "-o", page], environment: environment)
        guard html.status == 0 else { fatalError("report --format html failed: \(html.output)") }
        print("| \(number(count)) | report --by host_country --format html | \(String(format: "%.2f s", html.seconds)) | | | \(String(format: "%.0f MB", html.peakMegabytes)) | |")
        // Erasing one person: the first employee's case ends, then they are erased (every
        // table searched, their rows rewritten, the file rewritten by VACUUM).
        let first = try caseID(at: 0, in: database)
        let employee = try DatabaseQueue(path: database).read { db in try String.fetchOne(db, sql: "SELECT email FROM case_people WHERE case_id = ? AND role = 'employee'", arguments: [first]) } ?? ""
        let ended = try ChildProcess.run(sojourn, ["end", first, "--reason", "left-company", "--as-of", "2027-12-31"], environment: environment)
        guard ended.status == 0 else { fatalError("end failed: \(ended.output)") }
        let erase = try ChildProcess.run(sojourn, ["person", "erase", employee, "--reason", "benchmark"], environment: environment)
        guard erase.status == 0 else { fatalError("person erase failed: \(erase.output)") }
        let vacuum = try bareVacuum(database)
        print("| \(number(count)) | person erase one employee (search every table, rewrite, VACUUM) | \(String(format: "%.2f s", erase.seconds)) | | | \(String(format: "%.0f MB", erase.peakMegabytes)) | bare VACUUM of the same file: \(String(format: "%.2f s", vacuum)) |")

        let verify = try ChildProcess.run(sojourn, ["verify"], environment: environment)
        guard verify.status == 0 else { fatalError("verify failed: \(verify.output)") }
        let read = try bareRead(in: database)
        print("| \(number(count)) | verify every event's link and the journal head | \(String(format: "%.2f s", verify.seconds)) | \(number(totalEvents)) | \(number(Int(Double(totalEvents) / verify.seconds))) | \(String(format: "%.0f MB", verify.peakMegabytes)) | bare read of the same rows, twice (by case, then by id), no hashing: \(String(format: "%.2f s", read)) |")
    }

    /// Reads every event row the way `verify` does, without hashing: SQLite's floor for it.
    static func bareRead(in database: String) throws -> Double {
        let queue = try DatabaseQueue(path: database)
        let start = DispatchTime.now().uptimeNanoseconds
        try queue.read { db in
            var bytes = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.case_id, e.sequence, e.kind, e.on_date, e.phase, e.step, e.occurrence, e.actor, e.data, e.recorded_at, p.data, e.link,
                    e.salt, e.commitment
                FROM events e LEFT JOIN private_inputs p ON p.case_id = e.case_id AND p.sequence = e.sequence ORDER BY e.case_id, e.sequence
                """)
            while let row = try rows.next() { bytes += (row[8] as String).utf8.count }
            let links = try Row.fetchCursor(db, sql: "SELECT link FROM events ORDER BY id")
            while let row = try links.next() { bytes += (row[0] as Data?)?.count ?? 0 }
            if bytes == 0 { print("no events read") }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Reads the rows `sojourn report` reads (each case with its next moment, its steps'
    /// outputs, and the events of the kinds it uses, in case order), without decoding
    /// them: SQLite's floor.
    static func bareReportRead(in database: String) throws -> (seconds: Double, rows: Int) {
        let queue = try DatabaseQueue(path: database)
        let start = DispatchTime.now().uptimeNanoseconds
        var rows = 0
        try queue.read { db in
            var bytes = 0
            let cases = try Row.fetchCursor(db, sql: """
                SELECT c.id, c.workflow_hash, c.state, c.ending, c.as_of, c.fields, c.opened_on,
                       (SELECT MIN(m) FROM (SELECT s.next_moment AS m FROM steps s WHERE s.case_id = c.id
                                            UNION ALL SELECT p.next_moment FROM phases p WHERE p.case_id = c.id))
                FROM cases c ORDER BY c.id
                """)
            while let row = try cases.next() { bytes += (row[5] as String).utf8.count; rows += 1 }
            let outputs = try Row.fetchCursor(db, sql: "SELECT s.case_id, s.step, s.outputs FROM steps s JOIN cases c ON c.id = s.case_id WHERE s.outputs IS NOT NULL ORDER BY s.case_id")
            while let row = try outputs.next() { bytes += (row[2] as String).utf8.count; rows += 1 }
            let kinds = ReportCase.kinds.map(\.rawValue)
            let events = try Row.fetchCursor(db, sql: """
                SELECT e.case_id, e.sequence, e.kind, e.on_date, e.step, e.occurrence, e.actor, e.data
                FROM events e JOIN cases c ON c.id = e.case_id
                WHERE e.kind IN (\(kinds.map { "'\($0)'" }.joined(separator: ", "))) ORDER BY e.case_id, e.sequence
                """)
            while let row = try events.next() { bytes += (row[7] as String).utf8.count; rows += 1 }
            if bytes == 0 { print("nothing read") }
        }
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, rows)
    }

    /// Rewrites the file as `person erase` and `purge` do at their end: SQLite's floor for
    /// that part.
    static func bareVacuum(_ database: String) throws -> Double {
        let queue = try DatabaseQueue(path: database)
        let start = DispatchTime.now().uptimeNanoseconds
        try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM; PRAGMA wal_checkpoint(TRUNCATE)") }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func events(in database: String) throws -> Int {
        try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }

    private static func caseID(at offset: Int, in database: String) throws -> String {
        try DatabaseQueue(path: database).read { db in try String.fetchOne(db, sql: "SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET ?", arguments: [offset]) ?? "" }
    }

    /// Inserts `rows` event-shaped rows into a scratch table of the same file, split
    /// evenly into `transactions` IMMEDIATE transactions: SQLite's own floor for writing
    /// that history. Returns the seconds it took.
    static func bareInserts(_ rows: Int, transactions: Int, in database: String) throws -> Double {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let pool = try DatabasePool(path: database, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE bench_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL, sequence INTEGER NOT NULL,
                    kind TEXT NOT NULL, on_date TEXT NOT NULL, phase TEXT, step TEXT, occurrence INTEGER,
                    actor TEXT, data TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (case_id, sequence))
                """)
        }
        let perTransaction = max(1, rows / max(1, transactions))
        let start = DispatchTime.now().uptimeNanoseconds
        var written = 0
        while written < rows {
            let batch = min(perTransaction, rows - written)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    let statement = try db.makeStatement(sql: "INSERT INTO bench_events (case_id, sequence, kind, on_date, step, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    for i in written..<(written + batch) {
                        try statement.execute(arguments: ["c\(i % 100_000)", i, "step-overdue", "2027-03-02", "mentoring", #"{"due":{"$date":"2027-03-01"},"owner":"mentor"}"#, "2026-11-24T00:00:00.000Z"])
                    }
                    return .commit
                }
            }
            written += batch
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try pool.write { db in try db.execute(sql: "DROP TABLE bench_events") }
        return seconds
    }
}
