import Foundation
import SojournCore
import SojournSQLite
import Testing

/// The independent recount of the report (`Tests/Support/recompute_kpis.py`, written from
/// Docs/kpis.md) run over a fixture's cases: the database is copied to a file, the
/// report written beside it, and the program says how many figures it checked and which
/// differ.
enum Recount {
    static func run(_ cases: CaseFixture) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-recount-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("cases.db").path, report = folder.appendingPathComponent("report.json").path
        let store = try #require(cases.service.store as? SQLiteCaseStore)
        try store.backup(to: database)
        try cases.service.report().json.rendered().write(toFile: report, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestSupport.packageRoot.appendingPathComponent("Tests/Support/recompute_kpis.py").path, database, report]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }
}
