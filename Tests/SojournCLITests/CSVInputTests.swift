import Foundation
import Testing

/// CSV files as HR exports them: other encodings, a byte-order mark, repeated, unknown and
/// missing columns, the same address in two cases. Each command reads them the same way.
@Suite(.serialized) struct CSVInputTests {
    static func folder() throws -> (URL, [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>", "NO_COLOR": "1"])
    }

    static let header = "employee,home_country,host_country,departure,return,role:hr\n"
    static let row = "José Núñez <jose@example.com>,FR,NO,2027-03-01,2028-09-01,Hana Ho <hana@example.com>\n"

    @Test func aFileInAnotherEncodingIsRefusedWithItsPlaceOrConverted() throws {
        let (folder, environment) = try Self.folder()
        let file = folder.appendingPathComponent("latin1.csv")
        try (Self.header + Self.row).data(using: .isoLatin1)!.write(to: file)
        let refused = try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", file.path, "--as-of", "2026-11-23"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == "error: \(file.path):2:4: the file is not UTF-8 (byte 0xE9); save it as UTF-8, or say what it is with --encoding latin-1, windows-1252 or utf-16\n")
        #expect(try CLI.run(["list"], environment: environment).output.hasPrefix("no cases"))
        let converted = try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", file.path, "--encoding", "latin-1", "--as-of", "2026-11-23", "--json"], environment: environment)
        #expect(converted.status == 0, "\(converted.error)")
        let listed = try CaseStorageTests.json(["list"], environment).items
        #expect(listed.map { $0["label"]?.text } == ["José Núñez"])
    }

    @Test func aByteOrderMarkIsDropped() throws {
        let (folder, environment) = try Self.folder()
        let file = folder.appendingPathComponent("bom.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data((Self.header + Self.row).utf8)).write(to: file)
        let opened = try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", file.path, "--as-of", "2026-11-23"], environment: environment)
        #expect(opened.status == 0, "\(opened.error)")
    }

    @Test func repeatedUnknownAndMissingColumnsAreRefused() throws {
        let (folder, environment) = try Self.folder()
        func open(_ text: String) throws -> CLI.Result {
            let file = folder.appendingPathComponent("cases.csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try CLI.run(["open", "Tests/Fixtures/assignment-tasks.yaml", "--from", file.path, "--as-of", "2026-11-23"], environment: environment)
        }
        let path = folder.appendingPathComponent("cases.csv").path
        let twice = try open("employee,home_country,host_country,departure,return,employee\n")
        #expect(twice.error == "error: \(path):1: column 'employee' appears twice (columns 1 and 6); keep one\n")
        let unknown = try open("employee,home_country,host_country,departure,return,retrun,role:mentr\n")
        #expect(unknown.error == """
            \(path):1: error: column 'retrun' is not a field of the workflow (did you mean 'return'?); the columns are its fields (employee, manager, home_country, host_country, departure, return, level), roles as role:ROLE, and the --key column
            \(path):1: error: column 'role:mentr' names no role of the workflow (did you mean 'role:mentor'?); its roles are employee, manager, mentor, coach, hr
            no case was opened

            """)
        let missing = try open("employee,home_country,host_country,return,mentor\n")
        #expect(missing.error == """
            \(path):1: error: column 'mentor' is not a field of the workflow (a role is written 'role:mentor'); the columns are its fields (employee, manager, home_country, host_country, departure, return, level), roles as role:ROLE, and the --key column
            \(path):1: error: there is no column for the required field 'departure'
            no case was opened

            """)
    }

    @Test func aRosterNamesEachPersonOnceAndEveryColumnIsAField() throws {
        let (folder, environment) = try Self.folder()
        let file = folder.appendingPathComponent("roster.csv")
        try """
            name,email,country,phone
            Bo Berg,bo@example.com,NO,555
            Bo Berg,BO@example.com,NO,556

            """.write(to: file, atomically: true, encoding: .utf8)
        let unknown = try CLI.run(["people", "import", file.path], environment: environment)
        #expect(unknown.status == 1)
        #expect(unknown.error == "error: \(file.path):1: column 'phone' is not a roster field; the fields are name, email, country, timezone, unit, languages, assignments, capacity, locale, digest: map it with --map 'phone=FIELD', or ignore it with --map 'phone=-'\nnothing was imported\n")
        let twice = try CLI.run(["people", "import", file.path, "--map", "phone=-"], environment: environment)
        #expect(twice.status == 1)
        #expect(twice.error == "\(file.path):3: error: BO@example.com is already on line 2 (addresses are compared without case); keep one row per person\n1 row has errors; nothing was imported.\n")
        #expect(try CLI.run(["people", "list"], environment: environment).output.contains("bo@example.com") == false)
    }
}
