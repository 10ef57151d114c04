import Foundation
import Testing

/// `sojourn record --from FILE`: many inputs at once, every line checked first, each
/// recorded in its own transaction, a rerun recording nothing twice.
@Suite(.serialized) struct RecordFromFileTests {
    /// Two cases (Ana, Ben) opened on 2026-11-23, departing 2027-02-01 and 2027-02-08.
    static func twoCases() throws -> (folder: URL, environment: [String: String], ana: String, ben: String) {
        let (folder, environment) = try CaseStorageTests.database(cases: 2)
        var byLabel: [String: String] = [:]
        for summary in try CaseStorageTests.json(["list"], environment).items {
            if case .string(let label)? = summary["label"], case .string(let id)? = summary["case"] { byLabel[label] = id }
        }
        return (folder, environment, byLabel["Person 0"]!, byLabel["Person 1"]!)
    }

    static func write(_ text: String, to folder: URL, name: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func history(_ id: String, _ environment: [String: String]) throws -> [String] {
        try CaseStorageTests.json(["history", id], environment).items.map { event in
            ([event["date"], event["kind"], event["step"], event["occurrence"], event["actor"]].map { $0.map { $0.rendered() } ?? "null" }
                + (event["data"]?["for"].map { ["for", $0.rendered()] } ?? [])).joined(separator: " ")
        }
    }

    @Test func everyLineIsCheckedFirstAndABadLineStopsTheFile() throws {
        let (folder, environment, ana, ben) = try Self.twoCases()
        let file = try Self.write("""
            {"case": "\(ana)", "step": "eligibility", "as_of": "2027-01-10", "by": "Person 0 <p0@example.com>", "values": {"note": "read it"}}
            {"case": "\(ben)", "step": "eligibilty", "values": {}}

            {"case": "zzzzzz", "step": "eligibility", "values": {}}
            {"case": "\(ana)", "step": "mentor-match", "as_of": "2027-13-01", "values": {}}
            {"case": "\(ben)", "step": "eligibility", "values": {"checked": 3}}
            {"case": "\(ben)", "step": "eligibility", "value": {}}
            not json
            {"case": "\(ben)", "step": "eligibility", "values": {"checked": ["Pack the bags"]}}
            """, to: folder, name: "inputs.jsonl")
        let before = try Self.history(ana, environment)
        let result = try CLI.run(["record", "--from", file], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == """
            \(file):2: error: workflow 'international-assignment' has no step 'eligibilty'; did you mean 'eligibility'? (case \(ben))
            \(file):4: error: there is no case 'zzzzzz'; 'sojourn list' shows the cases
            \(file):5: error: as_of '2027-13-01' is not a date; write YYYY-MM-DD
            \(file):6:65: error: expected a list, found number 3 (case \(ben))
            \(file):7: error: unknown key 'value'; did you mean 'values'?; put input values under "values"
            \(file):7: error: it gives no values, postpone or skip
            \(file):8: error: it is not a JSON object
            \(file):9:65: error: 'Pack the bags' is not on the checklist; the items are 'Read the programme guide', 'Fill in the questionnaire' (case \(ben))
            7 of 8 lines cannot be recorded; nothing was recorded. Fix them, or add --skip-bad to record the 1 good line.

            """)
        #expect(try Self.history(ana, environment) == before, "nothing was recorded")
    }

    @Test func goodLinesAreRecordedOnceEvenWhenTheFileRunsAgain() throws {
        let (folder, environment, ana, ben) = try Self.twoCases()
        let file = try Self.write("""
            case,step,as_of,by,note,checked,skip
            \(ana),eligibility,2027-01-10,p0@example.com,read it,"[Read the programme guide, Fill in the questionnaire]",
            \(ben),eligibility,2027-01-11,,,,"on leave, back in March"
            \(ana),mentor-match,2027-01-12,Hana Ho <hana@example.com>,Bo agreed,,
            \(ben),eligibility,2027-01-12,Person 1 <p1@example.com>,again,,

            """, to: folder, name: "inputs.csv")
        let first = try CLI.run(["record", "--from", file, "--skip-bad"], environment: environment)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.error == """
            \(file):5: error: step 'eligibility' was skipped (2027-01-11) (case \(ben))
            recorded 3 lines from \(file) (23 events); 1 line refused

            """)
        let ana1 = try Self.history(ana, environment)
        // A line someone else gave is recorded by whoever runs the import, for them.
        #expect(ana1.contains(#""2027-01-10" "input-recorded" "eligibility" null "Hana Ho <hana@example.com>" for "Person 0 <p0@example.com>""#), "\(ana1)")
        #expect(ana1.contains(#""2027-01-12" "input-recorded" "mentor-match" null "Hana Ho <hana@example.com>""#))
        #expect(try Self.history(ben, environment).contains(#""2027-01-11" "step-skipped" "eligibility" null "Hana Ho <hana@example.com>""#))

        // Run again: the recorded lines are recognised and skipped.
        let second = try CLI.run(["record", "--from", file, "--skip-bad", "--json"], environment: environment)
        #expect(second.status == 0)
        let report = try CanonicalJSON.parse(second.output)
        #expect(report["recorded"] == .number(0))
        #expect(report["alreadyRecorded"] == .number(3))
        #expect(report["refused"]?.items.count == 1)
        #expect(try Self.history(ana, environment) == ana1)
    }

    @Test func aRefusedLineStopsTheRunAndTheRerunGoesOnFromIt() throws {
        let (folder, environment, ana, ben) = try Self.twoCases()
        let file = try Self.write("""
            {"case": "\(ana)", "step": "eligibility", "as_of": "2027-01-10", "by": "p0@example.com", "values": {"note": "read it"}}
            {"case": "\(ana)", "step": "eligibility", "as_of": "2027-01-11", "by": "p0@example.com", "values": {"note": "twice"}}
            {"case": "\(ben)", "step": "eligibility", "as_of": "2027-01-11", "by": "p1@example.com", "values": {}}
            """, to: folder, name: "inputs.jsonl")
        let result = try CLI.run(["record", "--from", file], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == """
            \(file):2: error: step 'eligibility' is already completed (2027-01-10) (case \(ana))
            recorded 1 line from \(file) (10 events); 1 line refused
            line 2 was refused, and nothing after it was recorded (1 line before it was). Fix it and run the file again: lines already recorded are skipped.

            """)
        #expect(try Self.history(ben, environment).count == 1, "the line after the refused one was not recorded")
    }

    @Test func aDryRunSaysWhatWouldHappenAndWritesNothing() throws {
        let (folder, environment, ana, ben) = try Self.twoCases()
        let file = try Self.write("""
            {"case": "\(ana)", "step": "eligibility", "as_of": "2027-01-10", "by": "Person 0", "values": {}}
            {"case": "\(ana)", "step": "mentor-match", "as_of": "2027-01-10", "values": {}}
            {"case": "\(ben)", "step": "mentor-match", "as_of": "2027-01-10", "values": {}}
            """, to: folder, name: "inputs.jsonl")
        let before = try [ana, ben].map { try Self.history($0, environment) }
        let result = try CLI.run(["record", "--from", file, "--dry-run", "--skip-bad"], environment: environment)
        #expect(result.status == 0)
        #expect(result.error == """
            \(file):3: error: step 'mentor-match' has not started; it waits for what comes before it (case \(ben))
            would record 2 lines from \(file) (14 events); 1 line refused; nothing was written

            """)
        #expect(try [ana, ben].map { try Self.history($0, environment) } == before)

        // Without --skip-bad, it says where a real run would stop.
        let strict = try CLI.run(["record", "--from", file, "--dry-run"], environment: environment)
        #expect(strict.status == 1)
        #expect(strict.error.hasSuffix("""
            would record 2 lines from \(file) (14 events); 1 line refused; nothing was written
            line 3 would be refused; a run without --skip-bad stops there (2 lines before it would be recorded). Nothing was written.

            """))
        #expect(try [ana, ben].map { try Self.history($0, environment) } == before)

        // Once recorded, a dry run knows those lines (read exactly, they are the same lines).
        #expect(try CLI.run(["record", "--from", file, "--skip-bad"], environment: environment).status == 0)
        let again = try CLI.run(["record", "--from", file, "--dry-run", "--skip-bad"], environment: environment)
        #expect(again.error.hasSuffix("would record 0 lines from \(file) (0 events); 2 lines recorded before; 1 line refused; nothing was written\n"))
    }
}
