import Foundation
import Testing

/// `retention:` and `sojourn purge`: closed cases removed when their time is up, nothing
/// of them left in the database file, and `verify` still passing.
@Suite(.serialized) struct RetentionTests {
    static func workflow(retention: String?) throws -> String {
        try CLI.temporaryFile("""
            workflow: short
            fields:
              employee: {type: person, required: true}
            roles: [employee]
            \(retention.map { "retention: \($0)" } ?? "")
            phases:
              - id: one
                steps:
                  - {id: debrief, uses: task, owner: employee}
            """)
    }

    @Test func closedCasesPastTheirRetentionAreRemovedWithoutATrace() throws {
        let environment = try LateAndNonBlockingTests.database()
        let kept = try Self.workflow(retention: "1y after end")
        let forever = try Self.workflow(retention: nil)
        func open(_ path: String, _ person: String) throws -> String {
            try CLI.openCase(["open", path, "--field", "employee=\(person)", "--as-of", "2027-01-04", "--by", person], environment: environment)
        }
        let zoe = try open(kept, "Zoë Quartermaine <zoe.quartermaine@example.com>")
        let running = try open(kept, "Ana Lima <ana@example.com>")
        let unlimited = try open(forever, "Bo Berg <bo@example.com>")
        for (id, person) in [(zoe, "zoe.quartermaine@example.com"), (unlimited, "bo@example.com")] {
            let done = try CLI.run(["record", id, "debrief", "--set", "note=done", "--as-of", "2027-01-10", "--by", person], environment: environment)
            #expect(done.status == 0, "\(done.error)")
        }
        let early = try CLI.run(["purge", "--as-of", "2028-01-09"], environment: environment)
        #expect(early.output == "removed 0 cases; none is past its workflow's retention\n")
        let dry = try CLI.run(["purge", "--as-of", "2028-01-10", "--dry-run"], environment: environment)
        #expect(dry.output.hasPrefix("\(zoe)  short  closed 2027-01-10, kept until 2028-01-10\nwould remove 1 case ("), "\(dry.output)")
        #expect(try CLI.run(["list"], environment: environment).output.split(separator: "\n").count == 3)

        let purged = try CLI.run(["purge", "--as-of", "2028-01-10"], environment: environment)
        #expect(purged.status == 0, "\(purged.error)")
        #expect(purged.output.hasPrefix("\(zoe)  short  closed 2027-01-10, kept until 2028-01-10\nremoved 1 case ("), "\(purged.output)")
        let listed = try CLI.run(["list"], environment: environment).output
        #expect(listed.contains(running) && listed.contains(unlimited) && !listed.contains(zoe), "\(listed)")
        #expect(try CLI.run(["verify"], environment: environment).status == 0)
        #expect(try CLI.run(["history", zoe], environment: environment).status == 1)
        // No byte of her name or address is left in the database or its log.
        let database = environment["SOJOURN_DB"]!
        for file in [database, database + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for text in ["Quartermaine", "zoe.quartermaine@example.com", "Zoë"] {
                #expect(bytes.range(of: Data(text.utf8)) == nil, "\(text) is still in \(file)")
            }
        }
    }

    @Test func aRetentionIsADurationAfterTheEnd() throws {
        for (text, message) in [("3 years", "'retention' is a duration after the case ends, such as '3y after end', not '3 years'"),
                                ("2w after end", "'retention' is at least 30 days, in d, w, mo or y ('2w' is not)")] {
            let path = try Self.workflow(retention: text)
            let result = try CLI.run(["validate", path])
            #expect(result.error.hasPrefix("\(path):5:12: error: \(message)\n"), "\(result.error)")
        }
    }
}
