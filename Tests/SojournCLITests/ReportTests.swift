import Foundation
import Testing

/// `sojourn report` through the binary: every figure on the demo database recounted from
/// the events by an independent program, the HTML page opened in headless Chromium, the
/// CSV read by Python's csv module, small groups withheld everywhere, and the comparison
/// file's mistakes refused at their line and column.
@Suite struct ReportTests {
    /// The demo's database and page, made once for the suite.
    struct Demo {
        var folder: URL
        var database: String
        var page: String
        var output: String
    }

    static let demo = Result { () throws -> Demo in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("demo.db").path, page = folder.appendingPathComponent("report.html").path
        let run = try CLI.run(["demo", "--db", database, "--report", page], environment: ["NO_COLOR": "1"])
        guard run.status == 0 else { throw DemoFailed(error: run.error) }
        return Demo(folder: folder, database: database, page: page, output: run.output)
    }

    struct DemoFailed: Error { var error: String }

    /// Runs a report that must succeed; a failure says why.
    static func report(_ arguments: [String]) throws -> CLI.Result {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "sojourn \(arguments.joined(separator: " ")): \(result.error)")
        return result
    }

    @Test func everyFigureOnTheDemoDatabaseIsRecountedFromTheEvents() throws {
        let demo = try Self.demo.get()
        // The demo ends by writing the page and saying where.
        #expect(demo.output.contains("\nThe report page, with charts and every figure's counts: \(demo.page)\n"), "\(demo.output.suffix(400))")
        #expect(FileManager.default.fileExists(atPath: demo.page))

        let json = demo.folder.appendingPathComponent("report.json").path
        let written = try CLI.run(["report", "--db", demo.database, "--format", "json", "-o", json])
        #expect(written.status == 0, "\(written.error)")
        #expect(written.error == "wrote \(json)\n")
        let recount = try Python.run("recompute_kpis.py", [demo.database, json])
        #expect(recount.hasSuffix(" figures checked, 0 differ\n"), "\(recount)")
        #expect(Int(recount.split(separator: " ").first ?? "") ?? 0 > 200, "\(recount)")

        // Retention never rises with the horizon, for either group.
        let report = try CanonicalJSON.parse(try String(contentsOfFile: json, encoding: .utf8))
        let outcomes = try #require(report["programmes"]?.items.first?["figures"]?["outcomes"])
        for group in ["participants", "nonParticipants"] {
            let shown = (outcomes[group]?["horizons"]?.items ?? []).compactMap { $0["retained"]?.number }
            #expect(!shown.isEmpty)
            #expect(zip(shown, shown.dropFirst()).allSatisfy { $0 >= $1 }, "\(group): \(shown)")
        }
        // The demo's figures, as a programme owner reads them.
        let text = ReportLines.figures(try CLI.run(["report", "--db", demo.database], environment: ["NO_COLOR": "1"]).output)
        #expect(text.contains("participating, of the eligible 94.4% 17 of 18"), "\(text)")
        #expect(text.contains("cadence adherence (held by due date, of due) 91.3% 378 of 414"))
        #expect(text.contains("retained 12 months after return 86.7% 13 of 15 to 6 months × 3 of 3 from 6 to 12 months"))
        #expect(text.contains("support, mean 4 n=46 from 20 cases"))
    }

    @Test func thePageOpensInABrowserWithEveryChartAndTable() throws {
        let demo = try Self.demo.get()
        let screenshot = demo.folder.appendingPathComponent("report.png").path
        let seen = try CanonicalJSON.parse(try Python.run("check_report_page.py", [demo.page, screenshot]))
        // Not blank: many colours, and a good share of the page drawn.
        let shot = try #require(seen["screenshot"])
        #expect((shot["colours"]?.number ?? 0) > 100, "\(shot)")
        #expect((shot["drawn"]?.number ?? 0) > 0.03, "\(shot)")
        // Printed, every page is A4.
        #expect(seen["print"]?["sizes"] == .array([.array([.number(595), .number(842)])]), "\(seen["print"].map { "\($0)" } ?? "")")
        #expect((seen["print"]?["pages"]?.number ?? 0) >= 1)
        let dom = try #require(seen["dom"])
        #expect(dom["title"]?.text == "Programme report")
        #expect(dom["scripts"]?.number == 0)
        #expect(dom["handlers"]?.number == 0)
        let charts = dom["charts"]?.items ?? []
        // Two per meeting step (three in the bundled workflow) and two for the comparison.
        #expect(charts.count == 8, "\(charts)")
        for chart in charts {
            #expect(chart["svg"]?.number == 1, "\(chart)")
            #expect((chart["marks"]?.number ?? 0) > 0, "\(chart)")
            #expect((chart["table_rows"]?.number ?? 0) > 0, "\(chart)")
            #expect((chart["caption"]?.text ?? "").count > 10, "\(chart)")
        }
        #expect(charts.compactMap { $0["kind"]?.text }.sorted() == ["bar", "bar", "bar", "comparison", "comparison", "line", "line", "line"])
        #expect((dom["figure_rows"]?.number ?? 0) > 60)
        // The screenshot the README shows is this one.
        if ProcessInfo.processInfo.environment["SOJOURN_RECORD_SCREENSHOT"] == "1" {
            let target = CLI.packageRoot.appendingPathComponent("Docs/images/report.png")
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: screenshot, toPath: target.path)
        }
    }

    @Test func textFromTheWorkflowAndTheCasesStaysTextInThePageAndTheSpreadsheet() throws {
        let hostile = "<script>alert(\"x\")</script> & <b>bold</b>"
        let path = try CLI.temporaryFile("""
            workflow: hostile
            title: '\(hostile)'
            fields:
              employee: {type: person, required: true}
              unit: {type: text, required: true}
              departure: {type: date, required: true}
              return: {type: date, required: true}
            roles: [employee, mentor]
            phases:
              - id: run
                start: departure
                steps:
                  - id: sessions
                    title: '<img src=x onerror=alert(1)>'
                    uses: meeting
                    owner: mentor
                    due: start + 2d
                    repeat: {every: 1w, count: 3}
                    with: {between: [employee, mentor], minutes: 60}
            """)
        let environment = try LateAndNonBlockingTests.database()
        for (name, unit) in [("Ana Lima <ana@example.com>", "=HYPERLINK(\"http://evil.example\")"), ("Ben Ode <ben@example.com>", "+SUM(A1:A9)")] {
            _ = try CLI.openCase(["open", path, "--field", "employee=\(name)", "--field", "unit=\(unit)", "--field", "departure=2027-03-01",
                                  "--field", "return=2027-09-01", "--role", "mentor=Bo Berg <bo@example.com>", "--as-of", "2027-03-01"], environment: environment)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let page = folder.appendingPathComponent("hostile.html").path
        // One case per unit: shown only with the small-group threshold at 1.
        let html = try CLI.run(["report", "--by", "unit", "--min-respondents", "1", "--format", "html", "-o", page], environment: environment)
        #expect(html.status == 0, "\(html.error)")
        let source = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!source.contains("<script>") && !source.contains("<img") && !source.contains("<b>"))
        let dom = try #require(try CanonicalJSON.parse(try Python.run("check_report_page.py", [page, folder.appendingPathComponent("hostile.png").path]))["dom"])
        #expect(dom["scripts"]?.number == 0)
        #expect(dom["handlers"]?.number == 0)
        let texts = (dom["texts"]?.items ?? []).compactMap(\.text)
        #expect(texts.contains(hostile), "the title is shown as the text it is")
        #expect(texts.contains("=HYPERLINK(\"http://evil.example\")"))

        let csv = folder.appendingPathComponent("figures.csv").path
        #expect(try CLI.run(["report", "--by", "unit", "--min-respondents", "1", "--format", "csv", "-o", csv], environment: environment).status == 0)
        let rows = try CanonicalJSON.parse(try Python.run("read_csv.py", [csv])).items
        let groups = Set(rows.compactMap { $0["group"]?.text })
        #expect(groups == ["all", "unit==HYPERLINK(\"http://evil.example\")", "unit=+SUM(A1:A9)"], "\(groups)")
        #expect(rows.allSatisfy { row in ["workflow", "group", "family", "of", "figure", "shown", "counts"].allSatisfy { !(row[$0]?.text ?? "").hasPrefix("=") && !(row[$0]?.text ?? "").hasPrefix("+") } })
        #expect(rows.contains { $0["of"]?.text == "<img src=x onerror=alert(1)>" && $0["figure"]?.text == "held, of due" })
    }

    @Test func smallGroupsAreWithheldInEveryFormat() throws {
        let demo = try Self.demo.get()
        let arguments = ["report", "--db", demo.database, "--min-respondents", "21"]
        let json = try CanonicalJSON.parse(try Self.report(arguments + ["--format", "json"]).output)
        let figures = try #require(json["programmes"]?.items.first?["figures"])
        let answers = (figures["surveys"]?.items ?? []).flatMap { $0["questions"]?.items ?? [] }.compactMap { $0["answers"] }
        #expect(!answers.isEmpty)
        #expect(answers.allSatisfy { $0["mean"] == .null && $0["withheld"] == .bool(true) }, "\(answers)")
        #expect((figures["sessions"]?.items ?? []).allSatisfy { $0["rating"]?["mean"] == .null })

        let text = ReportLines.figures(try Self.report(arguments).output)
        #expect(text.contains("support, mean withheld n=46 from 20 cases; fewer than 21 respondents"), "\(text)")

        let csv = demo.folder.appendingPathComponent("withheld.csv").path
        #expect(try CLI.run(arguments + ["--format", "csv", "-o", csv]).status == 0)
        let rows = try CanonicalJSON.parse(try Python.run("read_csv.py", [csv])).items
        let support = try #require(rows.first { $0["figure"]?.text == "support, mean" && $0["group"]?.text == "all" })
        #expect(support["value"]?.text == "" && support["shown"]?.text == "withheld", "\(support)")

        let page = demo.folder.appendingPathComponent("withheld.html").path
        #expect(try CLI.run(arguments + ["--format", "html", "-o", page]).status == 0)
        let source = try String(contentsOfFile: page, encoding: .utf8)
        #expect(source.contains("<td>support, mean</td><td class=\"num\">withheld</td>"))
    }

    @Test func aSmallGroupsMeanCannotBeWorkedOutFromTheOthers() throws {
        let demo = try Self.demo.get()
        // By level, with means withheld under 8 respondents: the managers' retrospective
        // has 7, so it is withheld; the analysts' (9) is withheld too, or the managers'
        // could be had from the programme's mean by subtraction.
        let arguments = ["report", "--db", demo.database, "--by", "level", "--min-respondents", "8"]
        let json = try CanonicalJSON.parse(try Self.report(arguments + ["--format", "json"]).output)
        let groups = json["programmes"]?.items.first?["breakdown"]?.items ?? []
        let overall = groups.map { group in
            (group["value"]?.text ?? "", group["figures"]?["surveys"]?.items.first { $0["step"]?.text == "retrospective" }?["questions"]?.items.first?["answers"])
        }
        #expect(overall.map(\.0) == ["analyst", "manager"])
        #expect(overall.map { $0.1?["respondents"]?.number } == [9, 7])
        #expect(overall.map { $0.1?["mean"] } == [.null, .null])
        #expect(overall.map { $0.1?["withheldToProtectAnotherGroup"] } == [.bool(true), .bool(false)])
        let text = ReportLines.figures(try Self.report(arguments).output)
        #expect(text.contains("overall, mean withheld n=9 from 9 cases; withheld so that a smaller group's answers cannot be worked out"), "\(text)")
        #expect(text.contains("overall, mean withheld n=7 from 7 cases; fewer than 8 respondents"), "\(text)")
    }

    @Test func aBreakdownShowsNoGroupOfAFewPeople() throws {
        let demo = try Self.demo.get()
        // One group per employee would show each person's outcome: every group is left out.
        let byEmployee = try CanonicalJSON.parse(try CLI.run(["report", "--db", demo.database, "--by", "employee", "--format", "json"]).output)
        #expect(byEmployee["programmes"]?.items.first?["breakdown"]?.items.isEmpty == true)
        #expect(byEmployee["programmes"]?.items.first?["breakdownOmitted"] == .object(["groups": .number(20), "cases": .number(20)]))
        // By departure quarter: 4, 10 and 6 cases. The first is too small; alone, it could
        // be had from the programme minus the others, so the next smallest goes too.
        let text = try CLI.run(["report", "--db", demo.database, "--by", "cohort"]).output
        #expect(text.contains("  cohort = 2027-Q2\n"))
        #expect(!text.contains("cohort = 2027-Q1") && !text.contains("cohort = 2027-Q3"))
        #expect(text.contains("  10 cases in 2 groups of cohort not shown: groups of fewer than 5 cases are left out (with the smallest others when needed), so no person's figures can be read or worked out\n"), "\(text)")
    }

    @Test func aReportIsWrittenOnlyWhereAFileBelongs() throws {
        let demo = try Self.demo.get()
        let onDatabase = try CLI.run(["report", "--db", demo.database, "--format", "csv", "-o", demo.database])
        #expect(onDatabase.status == 1)
        #expect(onDatabase.error == "error: cannot write \(demo.database): it is the case database; give another file\n")
        // The database is still there, whole.
        let after = try CanonicalJSON.parse(try CLI.run(["report", "--db", demo.database, "--format", "json"]).output)
        #expect(after["programmes"]?.items.first?["figures"]?["cases"]?["total"] == .number(20))
        let device = try CLI.run(["report", "--db", demo.database, "-o", "/dev/null"])
        #expect(device.error == "error: cannot write /dev/null: it is not a regular file (a device or a pipe); give a file\n")
        let folder = try CLI.run(["report", "--db", demo.database, "-o", "/nonexistent-folder/r.txt"])
        #expect(folder.error == "error: cannot write /nonexistent-folder/r.txt: the folder /nonexistent-folder does not exist; create it first\n")
        let link = demo.folder.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: demo.page)
        let linked = try CLI.run(["report", "--db", demo.database, "-o", link])
        #expect(linked.error == "error: cannot write \(link): it is a symbolic link; give the file itself\n")
        let standard = try CLI.run(["report", "--db", demo.database, "--format", "json", "-o", "-"])
        #expect(standard.status == 0 && standard.output.hasPrefix("{"), "\(standard.error)")
        // A mistyped database is an error, not a new empty one.
        let missing = demo.folder.appendingPathComponent("nope.db").path
        let absent = try CLI.run(["report", "--db", missing])
        #expect(absent.status == 1)
        #expect(absent.error == "error: there is no case database at \(missing); give --db PATH or set SOJOURN_DB\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func aComparisonFileIsComparedOrRefusedAtItsLineAndColumn() throws {
        let demo = try Self.demo.get()
        let bad = demo.folder.appendingPathComponent("bad.csv").path
        try "name,return,status_on,left_on\nA,2027-06-30,2029-01-01,\nB,soon,2029-01-01,\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["report", "--db", demo.database, "--compare", bad])
        #expect(refused.status == 1)
        #expect(refused.output.isEmpty)
        #expect(refused.error == "error: \(bad):3:2: return 'soon' is not a date; write it as YYYY-MM-DD\nnothing was reported\n")
        // An endless file is refused, not read forever; a row with a missing cell is refused.
        let endless = try CLI.run(["report", "--db", demo.database, "--compare", "/dev/zero"])
        #expect(endless.error == "error: /dev/zero is not a regular file (a device or a pipe); give a CSV file\n")
        let ragged = demo.folder.appendingPathComponent("ragged.csv").path
        try "return,status_on,left_on\n2027-06-30,2029-01-01\n".write(toFile: ragged, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["report", "--db", demo.database, "--compare", ragged]).error
                == "error: \(ragged):2: the row has 2 cells, the header 3; give each row one cell per column (empty ones too)\nnothing was reported\n")

        // Thirty assignees outside the programme: six left within a year of return.
        var lines = ["name,return,status_on,left_on,promoted_on"]
        for index in 0..<30 {
            let left = index < 6 ? "2028-0\(index + 1)-15" : ""
            let promoted = index >= 25 ? "2027-12-01" : ""
            lines.append("P\(index),2027-06-30,2029-01-01,\(left),\(promoted)")
        }
        let outside = demo.folder.appendingPathComponent("outside.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: outside, atomically: true, encoding: .utf8)
        let json = try CanonicalJSON.parse(try CLI.run(["report", "--db", demo.database, "--compare", outside, "--format", "json"]).output)
        let comparisons = json["programmes"]?.items.first?["figures"]?["outcomes"]?["comparisons"]?.items ?? []
        #expect(comparisons.compactMap { $0["against"]?.text } == ["non-participants", "outside.csv"])
        let twelve = try #require(comparisons.last?["retention"]?.items.first { $0["months"]?.number == 12 })
        // Theirs: the six leavers left between 6 and 12 months after return (2028-01-15 to
        // 2028-06-15), so 30 of 30 reached 6 months and 24 of 30 went on to 12: 80%.
        #expect(twelve["others"]?.number == 80, "\(twelve)")
        #expect(twelve["othersCounted"]?.number == 30)
        #expect(twelve["participants"]?.number == 86.7)
        #expect(twelve["points"]?.number == 6.7)
        #expect(twelve["caution"]?.text == "small groups (3 and 30 people): a difference this size can be chance")
    }
}
