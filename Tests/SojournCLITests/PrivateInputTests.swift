import Foundation
import GRDB
import Testing

/// `sojourn private`: private input shown only to its author and the workflow's private
/// readers, each reading journaled; nowhere else prints it.
@Suite(.serialized) struct PrivateInputTests {
    static let workflow = """
        workflow: notes
        fields:
          employee: {type: person, required: true}
        roles: [employee, mentor, coach, hr]
        operators: [hr]
        private_readers: [coach]
        phases:
          - id: one
            steps:
              - {id: session, uses: meeting, owner: mentor, repeat: {every: 1w, count: 2}, due: start + 2d, with: {between: [employee, mentor], minutes: 60}}
        """

    static func caseWithNotes() throws -> (id: String, environment: [String: String]) {
        let environment = try LateAndNonBlockingTests.database()
        let path = try CLI.temporaryFile(workflow)
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--role", "mentor=Bo Berg <bo@example.com>",
                                  "--role", "coach=Cy Chen <cy@example.com>", "--role", "hr=Hana Ho <hana@example.com>",
                                  "--as-of", "2027-03-01", "--by", "hana@example.com"], environment: environment)
        let input = try CLI.temporaryFile("held: true\nnotes: |\n  struggling\n  thinking of resigning\n", name: "session.yaml")
        let recorded = try CLI.run(["record", id, "session#1", "--input", input, "--as-of", "2027-03-01", "--by", "bo@example.com"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        return (id, environment)
    }

    @Test func theAuthorAndPrivateReadersReadItAndEachReadingIsJournaled() throws {
        let (id, environment) = try Self.caseWithNotes()
        let byMentor = try CLI.run(["private", id, "session", "--by", "bo@example.com"], environment: environment)
        #expect(byMentor.status == 0, "\(byMentor.error)")
        let sequence = try #require(try CaseStorageTests.json(["history", id], environment).items.first { $0["kind"]?.text == "input-recorded" }?["sequence"]?.rendered())
        #expect(byMentor.output == """
            \(sequence)  2027-03-01  session#1  by Bo Berg <bo@example.com>
              notes: struggling
                thinking of resigning

            """)
        #expect(byMentor.error == "read as Bo Berg <bo@example.com>; the reading is in the case's history\n")
        let byCoach = try CLI.run(["private", id, "session", "--by", "Cy Chen", "--json"], environment: environment)
        let entries = try CanonicalJSON.parse(byCoach.output).items
        #expect(entries.first?["input"]?["notes"]?.text == "struggling\nthinking of resigning\n")
        // Each reading is an event of the case, with who read which events.
        let history = try CLI.run(["history", id], environment: environment).output
        #expect(history.contains("private input of session read (events \(sequence)) — Bo Berg <bo@example.com>"), "\(history)")
        #expect(history.contains("private input of session read (events \(sequence)) — Cy Chen <cy@example.com>"), "\(history)")
        #expect(!history.contains("resigning"))
        #expect(try CLI.run(["verify"], environment: environment).status == 0)
    }

    @Test func anyoneElseIsRefusedAndNothingIsWritten() throws {
        let (id, environment) = try Self.caseWithNotes()
        let before = try CLI.run(["history", id], environment: environment).output
        for person in ["ana@example.com", "hana@example.com"] {
            let refused = try CLI.run(["private", id, "session", "--by", person], environment: environment)
            #expect(refused.status == 1)
            #expect(refused.error.hasSuffix("may not read the private input of session: only Bo Berg <bo@example.com> (who recorded it) or Cy Chen <cy@example.com> (coach) may\n"), "\(refused.error)")
            #expect(!refused.output.contains("resigning"))
        }
        #expect(try CLI.run(["history", id], environment: environment).output == before)
        // Nor do status, report or the outbox print it.
        for command in [["status", id], ["status", id, "--json"], ["report"], ["report", "--json"], ["outbox", "--all", "--format", "json"], ["agenda", "--json"]] {
            #expect(!(try CLI.run(command, environment: environment).output.contains("resigning")), "\(command)")
        }
        let unknown = try CLI.run(["private", id, "sesion", "--by", "bo@example.com"], environment: environment)
        #expect(unknown.error == "error: case \(id) has no step 'sesion'; did you mean 'session'?\n")
    }
}

/// `sojourn person export EMAIL`: everything held about one person.
@Suite(.serialized) struct PersonExportTests {
    @Test func anExportHoldsTheirCasesEventsPrivateInputAndRoster() throws {
        let (id, environment) = try PrivateInputTests.caseWithNotes()
        let roster = try CLI.temporaryFile("name,email,country\nBo Berg,bo@example.com,NO\n", name: "roster.csv")
        #expect(try CLI.run(["people", "import", roster], environment: environment).status == 0)
        let exported = try CLI.run(["person", "export", "BO@example.com"], environment: environment)
        #expect(exported.status == 0, "\(exported.error)")
        let json = try CanonicalJSON.parse(exported.output)
        #expect(json["roster"]?["name"]?.text == "Bo Berg")
        #expect(json["cases"]?.items.map { "\($0["case"]!.text) \($0["roles"]!.rendered())" } == ["\(id) [\"mentor\"]"])
        #expect(json["events"]?.items.contains { $0["kind"]?.text == "input-recorded" && $0["actor"]?.text == "Bo Berg <bo@example.com>" } == true)
        #expect(json["privateInput"]?.items.first?["input"]?["notes"]?.text == "struggling\nthinking of resigning\n")
        // The employee's export has the case through their field and role, and not Bo's notes.
        let ana = try CanonicalJSON.parse(try CLI.run(["person", "export", "ana@example.com"], environment: environment).output)
        #expect(ana["cases"]?.items.first?["fields"]?["employee"]?.text == "Ana Lima <ana@example.com>")
        #expect(ana["cases"]?.items.first?["roles"]?.rendered() == "[\"employee\"]")
        #expect(ana["privateInput"]?.items.isEmpty == true)
        // An address is matched whole: na@… is not ana@… nor hana@….
        let part = try CLI.run(["person", "export", "na@example.com"], environment: environment)
        #expect(part.error == "nothing is held about na@example.com\n")
        let nobody = try CLI.run(["person", "export", "nobody@example.com"], environment: environment)
        #expect(nobody.status == 0)
        #expect(nobody.error == "nothing is held about nobody@example.com\n")
        let notAnAddress = try CLI.run(["person", "export", "Bo Berg"], environment: environment)
        #expect(notAnAddress.status == 1)
        #expect(notAnAddress.error == "error: 'Bo Berg' is not an e-mail address; a person is exported by their address\n")
    }
}
