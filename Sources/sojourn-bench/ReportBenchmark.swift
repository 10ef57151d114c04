import Foundation
import GRDB

/// `sojourn report` on the demo's databases run for five years (sessions held, missed and
/// postponed, surveys answered, outcomes recorded), at two sizes ten times apart (the
/// demo's departures are nine days apart, so 200 cases is its largest size whose dates
/// stay within the bundled holiday calendars); beside it, SQLite reading the same rows
/// without decoding them.
enum ReportBenchmark {
    static func run(sizes: [Int], sojourn: String, root: URL) throws {
        print("| Demo cases | Events in the file | Rows the report reads | report --json (median of 5) | Peak memory | report --by host_country --format html | Reference: bare read of the same rows (median of 5) | Ratio |")
        print("|---|---|---|---|---|---|---|---|")
        for size in sizes {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-report-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("demo.db").path
            let demo = try ChildProcess.run(sojourn, [
                "demo", "--cases", "\(size)", "--months", "60", "--db", database, "--report", folder.appendingPathComponent("demo.html").path,
                "--workflow", root.appendingPathComponent("Workflows/international-assignment.yaml").path,
            ], environment: ["NO_COLOR": "1"])
            guard demo.status == 0 else { fatalError("demo failed: \(demo.output)") }
            let environment = ["SOJOURN_DB": database, "NO_COLOR": "1"]
            var times: [Double] = [], reads: [Double] = [], peak = 0.0, rows = 0
            for _ in 0..<5 {
                let report = try ChildProcess.run(sojourn, ["report", "--json"], environment: environment)
                guard report.status == 0 else { fatalError("report failed: \(report.output)") }
                times.append(report.seconds)
                peak = max(peak, report.peakMegabytes)
                let read = try CaseBenchmark.bareReportRead(in: database)
                reads.append(read.seconds)
                rows = read.rows
            }
            let html = try ChildProcess.run(sojourn, ["report", "--by", "host_country", "--format", "html", "-o", folder.appendingPathComponent("report.html").path], environment: environment)
            guard html.status == 0 else { fatalError("report --format html failed: \(html.output)") }
            let events = try DatabaseQueue(path: database).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
            times.sort()
            reads.sort()
            print("| \(size) | \(events) | \(rows) | \(String(format: "%.3f s", times[2])) | \(String(format: "%.0f MB", peak)) | \(String(format: "%.3f s", html.seconds)) | \(String(format: "%.3f s", reads[2])) | \(String(format: "%.1fx", times[2] / reads[2])) |")
        }
    }
}
