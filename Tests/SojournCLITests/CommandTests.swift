import Foundation
import Testing

@Suite(.serialized) struct CommandTests {
    static let bundled = "Tests/Fixtures/assignment-tasks.yaml"
    static let assignmentFields = [
        "--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=FR", "--field", "host_country=NO",
        "--field", "departure=2027-03-01", "--field", "return=2028-09-01",
    ]

    @Test func validateAcceptsEveryBundledWorkflow() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Workflows").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "Workflows/\($0)" }
        let result = try CLI.run(["validate"] + files)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == files.map { "\($0): valid\n" }.joined())
        #expect(result.error == "")
    }

    @Test func validateReportsErrorsWithExitStatusOne() throws {
        let path = try CLI.temporaryFile("workflow: demo\nphases:\n  - id: one\n    steps:\n      - {id: a, uses: questionaire}\n")
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.error == """
            \(path):5:23: error: unknown plugin 'questionaire'; did you mean 'questionnaire'?
                  - {id: a, uses: questionaire}
                                  ^~~~~~~~~~~~

            """)
        #expect(result.output == "\(path): invalid, 1 error\n")
    }

    @Test func validateJSONIsStable() throws {
        let path = try CLI.temporaryFile("workflow: demo\nphases:\n  - id: one\n    start: 2027-01-01 - 8x\n    steps: [{id: a, uses: task}]\n")
        let result = try CLI.run(["validate", "--format", "json", path])
        #expect(result.status == 1)
        #expect(result.output == """
            {
              "valid": false,
              "files": [
                {
                  "path": "\(path)",
                  "valid": false,
                  "errors": 1,
                  "warnings": 0,
                  "diagnostics": [
                    {
                      "severity": "error",
                      "message": "unknown unit 'x' in duration '8x'; use d (days), w (weeks), mo (months), y (years) or bd (business days)",
                      "file": "\(path)",
                      "line": 4,
                      "column": 25,
                      "length": 2,
                      "notes": []
                    }
                  ]
                }
              ]
            }

            """)
    }

    @Test func usageMistakesExitWithTwo() throws {
        let missing = try CLI.run(["validate"])
        #expect(missing.status == 2)
        #expect(missing.error.hasPrefix("Error: Missing expected argument '<files> ...'"))
        let badField = try CLI.run(["plan", Self.bundled, "--field", "departure"])
        #expect(badField.status == 2)
        #expect(badField.error.hasPrefix("Error: --field takes name=value, for example --field departure=2027-03-01; got 'departure'"))
        #expect(try CLI.run(["plan", Self.bundled, "--opened", "tomorrow"]).status == 2)
        #expect(try CLI.run(["graph", Self.bundled, "--format", "svg"]).status == 2)
    }

    @Test func missingFileIsAnInputError() throws {
        let result = try CLI.run(["validate", "nowhere.yaml"])
        #expect(result.status == 1)
        #expect(result.error == "error: nowhere.yaml does not exist\n")
    }

    @Test func planPrintsATimeline() throws {
        let result = try CLI.run(["plan", Self.bundled, "--opened", "2026-11-23"] + Self.assignmentFields)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines.prefix(10)) == [
            "International assignment, departure to reintegration",
            "international-assignment, version 1; opened 2026-11-23; business days: NO public holidays and weekends",
            "employee Ana Lima <ana@example.com> · home_country FR · host_country NO · departure 2027-03-01 · return 2028-09-01 · level analyst",
            "",
            "2027-01-04  phase pre-departure starts: Before departure",
            "              eligibility starts: Eligibility and pairing questionnaire (owner employee, due 2027-01-18)",
            "2027-01-15      reminder for eligibility (due - 3d)",
            "2027-01-18    eligibility due",
            "              mentor-match starts: Match a mentor with experience of the host country (owner hr, due 2027-01-25)",
            "2027-01-25      reminder for eligibility (due + 1w, if not done by then)",
        ])
        #expect(lines.contains("2028-07-24    mentoring#43: Mentoring session (mentor)"))
        #expect(lines.suffix(2) == ["7 phases, 14 steps, 58 repeat occurrences, 2 reminders; the case completes on 2029-02-02.", ""])
        #expect(!result.output.contains("\u{1B}["), "no colour when the output is not a terminal")
    }

    @Test func planJSON() throws {
        let result = try CLI.run(["plan", Self.bundled, "--opened", "2026-11-23", "--format", "json"] + Self.assignmentFields)
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(json.keys.sorted() == ["assumptions", "businessCalendar", "completes", "fields", "opened", "phases", "timeline", "workflow"])
        #expect(json["completes"] as? String == "2029-02-02")
        let phases = try #require(json["phases"] as? [[String: Any]])
        let first = try #require((phases[0]["steps"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "eligibility")
        #expect(first["due"] as? String == "2027-01-18")
        #expect((first["reminders"] as? [[String: Any]])?.map { $0["date"] as? String } == ["2027-01-15", "2027-01-25"])
    }

    @Test func planRefusesBadFieldValuesWithStatusOne() throws {
        let result = try CLI.run(["plan", Self.bundled, "--field", "departure=2027-02-30", "--field", "host_country=UK"])
        #expect(result.status == 1)
        #expect(result.error == """
            error: field 'employee' is required: give a name, or a name and email as 'Ana Lima <ana@example.com>'
            error: field 'home_country' is required: give an ISO 3166-1 country code, such as NO or FR
            error: field 'host_country': 'UK' is not an ISO 3166-1 code; did you mean 'GB' (United Kingdom)?
            error: field 'departure': '2027-02-30' is not a date; write YYYY-MM-DD, for example 2027-03-01
            error: field 'return' is required: give a date, YYYY-MM-DD

            """)
    }

    @Test func graphFormats() throws {
        let mermaid = try CLI.run(["graph", Self.bundled])
        #expect(mermaid.status == 0)
        #expect(mermaid.output.hasPrefix("flowchart TD\n  subgraph phase_pre_departure[\"Before departure\"]\n"))
        #expect(mermaid.output.contains("  phase_coaching -->|\"when: level != #quot;analyst#quot; or mentoring.count >= 10\"| phase_recognition\n"))
        let dot = try CLI.run(["graph", Self.bundled, "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.output.hasPrefix("digraph \"international-assignment\" {\n"))
        #expect(dot.output.contains("  \"peer-feedback\" -> \"nomination\" [ltail=\"cluster_coaching\", lhead=\"cluster_recognition\", label=\"when: level != \\\"analyst\\\" or mentoring.count >= 10\"];\n"))
    }

    @Test func schemaDescribesPluginsSettings() throws {
        let result = try CLI.run(["schema"])
        #expect(result.status == 0)
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        let definitions = try #require(schema["definitions"] as? [String: Any])
        let task = try #require(definitions["with-task"] as? [String: Any])
        let properties = try #require(task["properties"] as? [String: Any])
        #expect(properties.keys.sorted() == ["checklist", "instructions", "link"])
        #expect((schema["required"] as? [String]) == ["workflow", "phases"])
    }
}

@Suite struct ShellScenarioTests {
    @Test func endToEndThroughTheBuiltBinary() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLI.packageRoot.appendingPathComponent("Tests/Shell/end-to-end.sh").path]
        process.environment = ProcessInfo.processInfo.environment.merging(["SOJOURN": CLI.executable.path]) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
    }
}
