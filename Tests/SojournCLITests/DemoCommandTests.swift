import Foundation
import Testing

/// `sojourn demo`, run through the built binary with a few cases.
@Suite struct DemoCommandTests {
    @Test func runsSampleCasesAndSummarisesThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-demo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("demo.db").path, page = directory.appendingPathComponent("page.html").path
        let result = try CLI.run(["demo", "--cases", "4", "--months", "12", "--db", database, "--report", page])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Sojourn demo: 4 employees on Workflows/international-assignment.yaml, 2027-01-04 to 2028-01-03")
        #expect(lines.contains("2027-01  0 sessions held · 3 people matched · 3 messages queued"))
        #expect(lines.contains("         Ana Lima is paired with Bo Berg (mentor, BR)"))
        #expect(lines.contains("         Dev Novak is not eligible for mentoring: matching, sessions and nudges are skipped"))
        #expect(lines.contains { $0.hasPrefix("  000004  Dev Novak      BR    2027-03-28  2027-10-28  -  ") })
        #expect(lines.contains { $0.hasPrefix("Agenda on 2028-01-03") })
        // It ends with the headline figures and the page, saying where it is.
        #expect(ReportLines.figures(result.output).contains("participating, of the eligible 100% 3 of 3"), "\(result.output)")
        #expect(lines.contains("The report page, with charts and every figure's counts: \(page)"))
        #expect(try String(contentsOfFile: page, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        // The cases stay in the database for the other commands.
        let status = try CLI.run(["status", "000001", "--db", database])
        #expect(status.status == 0)
        #expect(status.output.contains("Ana Lima"))
        // The programme's figures over them.
        let report = try CLI.run(["report", "--json", "--db", database])
        #expect(report.status == 0)
        let programmes = try CanonicalJSON.parse(report.output)["programmes"]?.items ?? []
        #expect(programmes.count == 1)
        #expect(programmes.first?["workflow"]?.text == "international-assignment")
        #expect(programmes.first?["figures"]?["cases"]?["total"] == .number(4))
        #expect(programmes.first?["figures"]?["participation"]?["eligible"]?["numerator"] == .number(3))
        let text = ReportLines.figures(try CLI.run(["report", "--db", database]).output)
        #expect(text.contains("eligible, of those who answered 75% 3 of 4"), "\(text)")
        let none = try CLI.run(["report", "--workflow", "nope", "--db", database])
        #expect(none.status == 1)
        #expect(none.error == "error: no cases of workflow 'nope'; the workflows with cases are 'international-assignment'\n", "\(none.error)")
        let typo = try CLI.run(["report", "--workflow", "international-asignment", "--db", database])
        #expect(typo.error == "error: no cases of workflow 'international-asignment'; did you mean 'international-assignment'?\n", "\(typo.error)")
        // A second run refuses to write over them.
        let again = try CLI.run(["demo", "--db", database])
        #expect(again.status == 2)
        #expect(again.error.contains("\(database) already exists; the demo writes a new database: choose another path or leave out --db"))
    }
}
