import Foundation
import GRDB
import SojournKit

/// How costs grow: each measured at two sizes ten times apart, through the release
/// binary as an operator runs it. A cost that grows no faster than the work shows a ratio
/// near ten between the sizes.
enum ScaleBenchmark {
    static func run(sojourn: String) throws {
        print("| Measure | Size | Time | Per unit | Peak memory |")
        print("|---|---|---|---|---|")
        for steps in [1_000, 10_000] { try sideBySide(steps: steps, sojourn: sojourn) }
        for people in [10_000, 100_000] { try matching(people: people, sojourn: sojourn) }
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Opening a case of a workflow with `steps` repeating steps side by side in one
    /// phase: every step starts, and each schedules four occurrences, the first opening.
    static func sideBySide(steps: Int, sojourn: String) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = [
            "workflow: side-by-side", "title: Many repeating steps side by side",
            "fields:", "  employee: {type: person, required: true}", "  start_on: {type: date, required: true}",
            "roles: [employee]", "phases:", "  - id: only", "    start: start_on", "    steps:",
        ]
        for s in 0..<steps {
            lines.append("      - {id: s\(s), uses: task, owner: employee, after: [], due: start + 3d, repeat: {every: 1w, count: 4}}")
        }
        let path = folder.appendingPathComponent("side-by-side.yaml").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "ana@example.com"]
        let open = try ChildProcess.run(sojourn, ["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "start_on=2027-01-04", "--as-of", "2027-01-04"], environment: environment)
        guard open.status == 0 else { fatalError("open failed: \(open.output)") }
        let advance = try ChildProcess.run(sojourn, ["advance", "--all", "--as-of", "2027-02-15"], environment: environment)
        guard advance.status == 0 else { fatalError("advance failed: \(advance.output)") }
        print("| open a case of \(number(steps)) repeating steps side by side (validate, plan, start every step) | \(number(steps)) steps | \(seconds(open.seconds)) | \(String(format: "%.2f ms", open.seconds * 1000 / Double(steps))) a step | \(Int(open.peakMegabytes)) MB |")
        print("| advance it six weeks (every occurrence opens, falls due, is missed) | \(number(steps * 4)) occurrences | \(seconds(advance.seconds)) | \(String(format: "%.3f ms", advance.seconds * 1000 / Double(steps * 4))) an occurrence | \(Int(advance.peakMegabytes)) MB |")
    }

    /// Matching against a roster of `people`: a workflow whose first step matches a mentor
    /// at once (auto), 100 cases opened from CSV in one process.
    static func matching(people: Int, sojourn: String) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A roster person opens the cases (the workflow names no operators).
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "m0@example.com"]
        let hosts = ["NO", "DE", "JP", "US", "SG", "FR", "GB", "CA", "AU", "CH", "BR", "IN"]
        let zones = ["Europe/Oslo", "Europe/Berlin", "Asia/Tokyo", "America/New_York", "Asia/Singapore", "Europe/Paris"]
        var roster = "name,email,country,timezone,unit,languages,assignments,capacity\n"
        roster.reserveCapacity(people * 110)
        for i in 0..<people {
            let abroad = i % 7 == 0 ? "" : "\(hosts[i % hosts.count]) 2020-01-01..2021-12-31"
            roster += "Mentor \(i),m\(i)@example.com,\(hosts[(i / 3) % hosts.count]),\(zones[i % zones.count]),Unit \(i % 20),english;\(["german", "japanese", "french"][i % 3]),\(abroad),\(1 + i % 3)\n"
        }
        let rosterPath = folder.appendingPathComponent("roster.csv").path
        try roster.write(toFile: rosterPath, atomically: true, encoding: .utf8)
        let imported = try ChildProcess.run(sojourn, ["people", "import", rosterPath], environment: environment)
        guard imported.status == 0 else { fatalError("people import failed: \(imported.output)") }

        let workflow = """
            workflow: matching
            title: Match a mentor
            fields:
              employee: {type: person, required: true}
              host_country: {type: country, required: true}
              home_country: {type: country, required: true}
              languages: {type: text}
              timezone: {type: text}
              unit: {type: text}
              departure: {type: date, required: true}
            roles: [employee, mentor, hr]
            phases:
              - id: pairing
                steps:
                  - id: match
                    uses: mentor-match
                    owner: hr
                    with:
                      auto: true
                      must: [active, free-capacity, not-employee, has-been-abroad]
                      prefer: {previous-host: 40, language: 20, overlap: 20, other-unit: 10, home-office: 10}

            """
        let workflowPath = folder.appendingPathComponent("matching.yaml").path
        try workflow.write(toFile: workflowPath, atomically: true, encoding: .utf8)
        let cases = 100
        var csv = "employee,host_country,home_country,languages,timezone,unit,departure\n"
        for i in 0..<cases {
            csv += "Employee \(i) <e\(i)@example.com>,\(hosts[i % hosts.count]),FR,german,Europe/Paris,Unit \(i % 20),2027-03-01\n"
        }
        let csvPath = folder.appendingPathComponent("cases.csv").path
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        // The same cases without the match step: what opening costs apart from matching.
        let plain = workflow.replacingOccurrences(of: "uses: mentor-match", with: "uses: task").components(separatedBy: "\n        with:")[0] + "\n"
        let plainPath = folder.appendingPathComponent("plain.yaml").path
        try plain.replacingOccurrences(of: "workflow: matching", with: "workflow: plain").write(toFile: plainPath, atomically: true, encoding: .utf8)
        let baseline = try ChildProcess.run(sojourn, ["open", plainPath, "--from", csvPath, "--as-of", "2027-01-04"], environment: environment)
        let open = try ChildProcess.run(sojourn, ["open", workflowPath, "--from", csvPath, "--as-of", "2027-01-04"], environment: environment)
        guard open.status == 0, baseline.status == 0 else { fatalError("open failed (\(open.status), baseline \(baseline.status)): \(open.output)") }
        let matched = try DatabaseQueue(path: environment["SOJOURN_DB"]!).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM pairings WHERE role = 'mentor'") ?? 0
        }
        guard matched == cases else { fatalError("only \(matched) of \(cases) cases were matched") }
        print("| import a roster of \(number(people)) people | \(number(people)) people | \(seconds(imported.seconds)) | \(String(format: "%.3f ms", imported.seconds * 1000 / Double(people))) a person | \(Int(imported.peakMegabytes)) MB |")
        print("| open \(cases) cases that match a mentor at once, against \(number(people)) people (less the same cases without matching: \(seconds(baseline.seconds))) | \(number(people)) people | \(seconds(open.seconds - baseline.seconds)) | \(String(format: "%.1f ms", (open.seconds - baseline.seconds) * 1000 / Double(cases))) a case | \(Int(open.peakMegabytes)) MB |")
    }

    static func number(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        return formatter.string(from: NSNumber(value: value)) ?? "\(value)"
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
}
