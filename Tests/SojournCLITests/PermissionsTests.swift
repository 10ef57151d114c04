import Foundation
import Testing

/// Who may act, tried through the binary: an actor is a person the case or the roster
/// knows; input comes from the person in the step's owner role (or a role its plugin
/// names); operators run the case and record for others only with a reason; approvals
/// come from the distinct people holding the approver roles.
@Suite(.serialized) struct PermissionsTests {
    /// One step of every plugin that takes input, all active from the start, each owned
    /// by a different role where it can be.
    static let workflow = """
        workflow: every-input
        fields:
          employee: {type: person, required: true}
          host_country: {type: country, required: true}
          departure: {type: date, required: true}
          return: {type: date, required: true}
        roles: [employee, manager, mentor, coach, mentee, hr, lead]
        operators: [hr]
        phases:
          - id: all
            steps:
              - {id: task, uses: task, owner: employee, after: [], due: start + 2w}
              - id: questionnaire
                uses: questionnaire
                owner: employee
                after: []
                with: {questions: [{id: ok, text: OK?, kind: yes-no}]}
              - id: survey
                uses: survey
                owner: employee
                after: []
                with: {questions: [{id: mood, text: Mood?, kind: scale}]}
              - {id: goals, uses: goals, owner: employee, after: [], with: {minimum: 1}}
              - id: agreement
                uses: agreement
                owner: mentor
                after: []
                with: {parties: [employee, mentor], frequency: weekly, length_minutes: 60, confidentiality: ours, channels: [video], agenda: the employee's}
              - {id: meeting, uses: meeting, owner: mentor, after: [], due: start + 2d, repeat: {every: 1w, count: 2}, with: {between: [employee, mentor], minutes: 60}}
              - {id: share, uses: knowledge-share, owner: employee, after: [], with: {topics: [markets]}}
              - {id: match, uses: mentor-match, owner: hr, after: [], with: {role: coach}}
              - id: milestones
                uses: milestones
                owner: coach
                after: []
                with:
                  milestones: [{id: one, text: One, measure: done, target: 8w}]
                  feedback_from: [manager]
                  feedback_needed: 1
              - {id: feedback, uses: feedback, owner: coach, after: [], with: {from: [manager, mentee], questions: [{id: impact, text: Impact?, kind: scale}]}}
              - {id: approval, uses: approval, owner: manager, after: [], with: {approvers: [manager, lead], required: 2}}
              - {id: outcome, uses: outcome, owner: hr, after: [], with: {label: at return}}
              - {id: visa, uses: visa, owner: employee, after: [], with: {documents: [{id: passport, name: Passport}], valid_until: return}}
        """

    static let people = [
        "employee": "Ana Lima <ana@example.com>", "manager": "Max Mueller <max@example.com>", "mentor": "Bo Berg <bo@example.com>",
        "coach": "Cy Chen <cy@example.com>", "mentee": "Eli Evans <eli@example.com>", "hr": "Hana Ho <hana@example.com>", "lead": "Lee Lund <lee@example.com>",
    ]

    static func openCase() throws -> (id: String, environment: [String: String]) {
        let environment = try LateAndNonBlockingTests.database()
        let path = try CLI.temporaryFile(workflow)
        var arguments = ["open", path, "--field", "employee=\(people["employee"]!)", "--field", "host_country=NO", "--field", "departure=2027-03-01",
                         "--field", "return=2028-03-01", "--as-of", "2027-01-04", "--by", people["hr"]!]
        for (role, person) in people.sorted(by: { $0.key < $1.key }) where role != "employee" { arguments += ["--role", "\(role)=\(person)"] }
        return (try CLI.openCase(arguments, environment: environment), environment)
    }

    /// For each step, each role's person tries to record input. Input that is wrong on
    /// purpose (an unknown key) is refused for a person who may act with the plugin's own
    /// message, and for anyone else with the permission message, first: so nothing is
    /// ever recorded, and the matrix reads who got past the permission check.
    @Test func eachRoleMayGiveOnlyTheInputItOwes() throws {
        let (id, environment) = try Self.openCase()
        let allowed: [String: Set<String>] = [
            "task": ["employee"], "questionnaire": ["employee"], "survey": ["employee"], "goals": ["employee"],
            "agreement": ["mentor", "employee"], "meeting": ["mentor", "employee"], "share": ["employee"], "match": ["hr"],
            "milestones": ["coach", "manager"], "feedback": ["coach", "manager", "mentee"], "approval": ["manager", "lead"],
            "outcome": ["hr"], "visa": ["employee"],
        ]
        var found: [String: Set<String>] = [:]
        for step in allowed.keys.sorted() {
            for (role, person) in Self.people {
                let target = step == "meeting" ? "meeting#1" : step
                let result = try CLI.run(["record", id, target, "--set", "zz_not_a_key=1", "--as-of", "2027-01-04", "--by", person], environment: environment)
                #expect(result.status == 1, "\(step) as \(role) was recorded")
                if result.error.contains("may not record input") {
                    #expect(result.error.hasPrefix("error: \(person) may not record input for \(step): only "), "\(result.error)")
                } else {
                    #expect(result.error.contains("zz_not_a_key"), "\(step) as \(role): \(result.error)")
                    found[step, default: []].insert(role)
                }
            }
        }
        #expect(found == allowed)
        // Nothing was recorded.
        let history = try CLI.run(["history", id], environment: environment).output
        #expect(!history.contains("input recorded"), "\(history)")
    }

    @Test func unknownActorsAreRefusedWithWhoIsKnown() throws {
        let (id, environment) = try Self.openCase()
        let stranger = try CLI.run(["record", id, "task", "--set", "note=done", "--as-of", "2027-01-04", "--by", "Mallory <mallory@example.com>"], environment: environment)
        #expect(stranger.status == 1)
        #expect(stranger.error == "error: --by 'Mallory <mallory@example.com>' is not anyone Sojourn knows here: the people on case \(id) are Cy Chen <cy@example.com> (coach), Ana Lima <ana@example.com> (employee), Hana Ho <hana@example.com> (hr), Lee Lund <lee@example.com> (lead), Max Mueller <max@example.com> (manager), Eli Evans <eli@example.com> (mentee), Bo Berg <bo@example.com> (mentor). Say who you are with --by 'Name <email>' or $SOJOURN_ACTOR\n")
        // $SOJOURN_ACTOR, an address alone, or a name only one person has, name someone.
        var asAna = environment
        asAna["SOJOURN_ACTOR"] = "ANA@example.com"
        let byAddress = try CLI.run(["record", id, "task", "--set", "note=done", "--as-of", "2027-01-04"], environment: asAna)
        #expect(byAddress.status == 0, "\(byAddress.error)")
        let history = try CaseStorageTests.json(["history", id], environment).items
        #expect(history.last { $0["kind"]?.text == "input-recorded" }?["actor"]?.text == "Ana Lima <ana@example.com>")
        let byName = try CLI.run(["record", id, "goals", "--set", "zz=1", "--by", "Ana Lima", "--as-of", "2027-01-04"], environment: environment)
        #expect(byName.error.contains("zz"), "\(byName.error)")
    }

    @Test func operatorsRecordForOthersOnlyWithAReasonAndItIsJournaled() throws {
        let (id, environment) = try Self.openCase()
        let direct = try CLI.run(["record", id, "task", "--set", "note=done", "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        #expect(direct.error == "error: Hana Ho <hana@example.com> may not record input for task: only Ana Lima <ana@example.com> (employee) may; as an operator, record it for them with --on-behalf-of PERSON --reason TEXT\n")
        let someoneElse = try CLI.run(["record", id, "task", "--set", "note=done", "--as-of", "2027-01-04", "--by", "bo@example.com"], environment: environment)
        #expect(someoneElse.error == "error: Bo Berg <bo@example.com> may not record input for task: only Ana Lima <ana@example.com> (employee) may; an operator (Hana Ho <hana@example.com> (hr)) may record it for them\n")
        let noReason = try CLI.run(["record", id, "task", "--set", "note=done", "--on-behalf-of", "ana@example.com", "--by", "hana@example.com"], environment: environment)
        #expect(noReason.status == 2)
        #expect(noReason.error.contains("--on-behalf-of needs --reason \"why you record for them\""), "\(noReason.error)")
        let notOperator = try CLI.run(["record", id, "task", "--set", "note=done", "--on-behalf-of", "ana@example.com", "--reason", "she asked",
                                       "--as-of", "2027-01-04", "--by", "bo@example.com"], environment: environment)
        #expect(notOperator.error == "error: Bo Berg <bo@example.com> is not an operator of case \(id), so cannot record for someone else; only Hana Ho <hana@example.com> (hr) may\n")
        let wrongPerson = try CLI.run(["record", id, "task", "--set", "note=done", "--on-behalf-of", "bo@example.com", "--reason", "he asked",
                                       "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        #expect(wrongPerson.error == "error: Bo Berg <bo@example.com> gives no input to task: Ana Lima <ana@example.com> (employee) does\n")
        let recorded = try CLI.run(["record", id, "task", "--set", "note=done", "--on-behalf-of", "ana@example.com", "--reason", "she phoned it in",
                                    "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        #expect(recorded.output.hasPrefix("2027-01-04  task: input recorded (note: done) (for Ana Lima <ana@example.com>: she phoned it in)\n"), "\(recorded.output)")
        let event = try #require(try CaseStorageTests.json(["history", id], environment).items.last { $0["kind"]?.text == "input-recorded" })
        #expect(event["actor"]?.text == "Hana Ho <hana@example.com>")
        #expect(event["data"]?["for"]?.text == "Ana Lima <ana@example.com>")
        #expect(event["data"]?["reason"]?.text == "she phoned it in")
        // Running the case is the operators' too.
        let amend = try CLI.run(["amend", id, "--field", "return=2028-06-01", "--reason", "extended", "--by", "ana@example.com"], environment: environment)
        #expect(amend.error == "error: Ana Lima <ana@example.com> may not amend the case: only Hana Ho <hana@example.com> (hr) may\n")
        let end = try CLI.run(["end", id, "--reason", "withdrew", "--by", "bo@example.com"], environment: environment)
        #expect(end.error == "error: Bo Berg <bo@example.com> may not end the case: only Hana Ho <hana@example.com> (hr) may\n")
        let open = try CLI.run(["open", try CLI.temporaryFile(Self.workflow), "--field", "employee=Ana Lima <ana@example.com>", "--field", "host_country=NO",
                                "--field", "departure=2027-03-01", "--field", "return=2028-03-01", "--role", "hr=Hana Ho <hana@example.com>", "--by", "ana@example.com"], environment: environment)
        #expect(open.error == "error: Ana Lima <ana@example.com> may not open a case of every-input: only Hana Ho <hana@example.com> (hr) may\n")
        let nobody = try CLI.run(["open", try CLI.temporaryFile(Self.workflow), "--field", "employee=Ana Lima <ana@example.com>", "--field", "host_country=NO",
                                  "--field", "departure=2027-03-01", "--field", "return=2028-03-01", "--by", "ana@example.com"], environment: environment)
        #expect(nobody.error == "error: Ana Lima <ana@example.com> may not open a case of every-input: only the workflow's operators (hr) may, and nobody holds that role in it: name one with --role hr='Name <email>'\n")
    }

    @Test func twoOfTwoApprovalsNeedTwoPeopleHoldingTheRoles() throws {
        let environment = try LateAndNonBlockingTests.database()
        let path = try CLI.temporaryFile(Self.workflow)
        // Max holds both approver roles: he cannot make both approvals.
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "host_country=NO", "--field", "departure=2027-03-01",
                                  "--field", "return=2028-03-01", "--role", "manager=Max Mueller <max@example.com>", "--role", "lead=Max Mueller <max@example.com>",
                                  "--role", "hr=Hana Ho <hana@example.com>", "--as-of", "2027-01-04", "--by", "hana@example.com"], environment: environment)
        let first = try CLI.run(["record", id, "approval", "--set", "decision=approve", "--set", "as=manager", "--by", "max@example.com", "--as-of", "2027-01-04"], environment: environment)
        #expect(first.status == 0, "\(first.error)")
        let second = try CLI.run(["record", id, "approval", "--set", "decision=approve", "--set", "as=lead", "--by", "max@example.com", "--as-of", "2027-01-04"], environment: environment)
        #expect(second.status == 1)
        #expect(second.error.contains("error: Max Mueller <max@example.com> has already approved as manager; 2 approvals need 2 different people"), "\(second.error)")
        // The employee cannot approve as anyone: they hold no approver role (and it is about them).
        let own = try CLI.run(["record", id, "approval", "--set", "decision=approve", "--set", "as=lead", "--by", "ana@example.com", "--as-of", "2027-01-04"], environment: environment)
        #expect(own.error.hasPrefix("error: Ana Lima <ana@example.com> may not record input for approval: only Max Mueller <max@example.com> (manager) or Max Mueller <max@example.com> (lead) may"), "\(own.error)")
    }
}

/// `operators:` in a workflow names roles it declares.
@Suite struct OperatorsDeclarationTests {
    @Test func operatorsAreRolesOfTheWorkflow() throws {
        let path = try CLI.temporaryFile("""
            workflow: ops
            fields:
              employee: {type: person, required: true}
            roles: [employee, hr]
            operators: [hr, hrr]
            phases:
              - id: one
                steps:
                  - {id: a, uses: task, owner: employee}
            """)
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("\(path):5:17: error: 'hrr' is not one of the workflow's roles; did you mean 'hr'?; 'operators' lists roles declared under 'roles:'\n"), "\(result.error)")
    }
}
