import Foundation
import Testing

/// Traps a first-time author fell into, closed, through the binary.
@Suite(.serialized) struct WorkflowTrapsTests {
    @Test func yesAndTextInOrderAreRefusedSayingWhatToWrite() throws {
        let path = try CLI.temporaryFile("""
            workflow: traps
            fields:
              family: {type: yes-no}
              grade: {type: choice, options: ["1", "2", "10"]}
              months: {type: number, min: 1, max: 36}
            phases:
              - id: one
                steps:
                  - {id: a, uses: task, when: family == yes}
                  - {id: b, uses: task, when: grade >= "2"}
            """)
        let result = try CLI.run(["validate", path])
        #expect(result.status == 1)
        let headlines = result.error.split(separator: "\n").map(String.init).filter { $0.hasPrefix(path) }
        #expect(headlines == [
            "\(path):9:45: error: unknown name 'yes'; yes-no values are written true and false in conditions: write true",
            "\(path):10:41: error: '>=' on text compares letters, not numbers (\"10\" comes before \"7\"); make 'grade' a number field to compare numbers, or test its choices with == or in",
        ])
    }


    /// Sessions laid out from the departure, not from when the step happened to start,
    /// and moved off French holidays: Whit Monday 2027-05-17 to the Tuesday, Bastille Day
    /// (Wednesday 2027-07-14) back to the Tuesday.
    @Test func repeatsStartWhereTheAuthorSaysAndMoveOffHolidays() throws {
        let path = try CLI.temporaryFile("""
            workflow: repeats
            calendar: home_country
            fields:
              employee: {type: person, required: true}
              home_country: {type: country, required: true}
              departure: {type: date, required: true}
            roles: [employee, mentor]
            phases:
              - id: prepare
                start: departure - 2w
                steps:
                  - id: briefing
                    uses: task
                    owner: employee
                    due: departure + 3w
              - id: abroad
                after: []
                start: departure - 2w
                steps:
                  - id: sessions
                    uses: meeting
                    owner: mentor
                    due: start + 1d
                    repeat:
                      - {every: 1w, count: 5, from: departure, on_holiday: next-business-day}
                      - {every: 1w, count: 2, from: departure + 10w + 2d, on_holiday: previous-business-day}
                    with: {between: [employee, mentor], minutes: 60}
            """)
        let plan = try CLI.run(["plan", path, "--field", "employee=Ana Lima <ana@example.com>",
                                "--field", "home_country=FR", "--field", "departure=2027-05-03"])
        #expect(plan.status == 0, "\(plan.error)")
        let sessions = plan.output.split(separator: "\n").filter { $0.contains("sessions#") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(sessions == [
            "2027-05-03    sessions#1 (mentor) (due 2027-05-04)", "2027-05-10    sessions#2 (mentor) (due 2027-05-11)",
            "2027-05-18    sessions#3 (mentor) (due 2027-05-19)", "sessions#4 (mentor) (due 2027-05-25)",
            "2027-05-31    sessions#5 (mentor) (due 2027-06-01)", "2027-07-13    sessions#6 (mentor) (due 2027-07-14)",
            "2027-07-21    sessions#7 (mentor) (due 2027-07-22)",
        ])
        #expect(plan.output.contains("2027-04-19  phase prepare starts\n"))

        let bad = try CLI.temporaryFile(try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "next-business-day", with: "next-workday").replacingOccurrences(of: "from: departure,", with: "from: departur,"))
        let refused = try CLI.run(["validate", bad])
        #expect(refused.status == 1)
        #expect(refused.error.split(separator: "\n").filter { $0.hasPrefix(bad) } == [
            "\(bad):25:41: error: unknown name 'departur'; did you mean 'departure'?",
            "\(bad):25:63: error: 'on_holiday' is one of 'keep', 'next-business-day' or 'previous-business-day', not 'next-workday'",
        ])
    }


    /// Milestone targets written from the case's dates, worked out for the case; a
    /// mistake in one is refused at its position.
    @Test func milestoneTargetsAreDateExpressions() throws {
        let path = try CLI.temporaryFile("""
            workflow: coaching
            fields:
              employee: {type: person, required: true}
              return: {type: date, required: true}
              level: {type: choice, options: [analyst, manager]}
            roles: [employee, coach]
            phases:
              - id: coaching
                start: return
                steps:
                  - id: milestones
                    uses: milestones
                    owner: coach
                    with:
                      milestones:
                        - {id: settle, text: Settle back in, measure: a review held, target: return + 30d}
                        - {id: share, text: Share, measure: a talk, target: start + 6w}
                        - {id: lead, text: Lead, measure: a project, target: return + 2bd}
            """)
        let environment = try LateAndNonBlockingTests.database()
        let opened = try CLI.run(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "return=2027-09-03",
                                  "--role", "coach=Cy Chen <cy@example.com>", "--as-of", "2027-09-03", "--by", "cy@example.com"], environment: environment)
        #expect(opened.status == 0, "\(opened.error)")
        let agenda = try CLI.run(["agenda", "--as-of", "2027-09-03"], environment: environment)
        // Return + 30 days; six weeks after the step starts; two business days after Friday 3 September.
        #expect(agenda.output.contains("open: settle (a review held by 2027-10-03), share (a talk by 2027-10-15), lead (a project by 2027-09-07)"), "\(agenda.output)")

        let bad = try CLI.temporaryFile(try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "target: start + 6w", with: "target: retrun + 6w").replacingOccurrences(of: "target: return + 2bd", with: "target: level"))
        let refused = try CLI.run(["validate", bad])
        #expect(refused.status == 1)
        #expect(refused.error.split(separator: "\n").filter { $0.hasPrefix(bad) } == [
            "\(bad):17:65: error: unknown name 'retrun'; did you mean 'return'?",
            "\(bad):18:66: error: a date in the 'with' of step 'milestones' must be a date such as departure - 6w; this is text",
        ])
    }


    /// `--set` takes keys as `sojourn plugins` lists them: a dotted key is a key of a mapping.
    @Test func dottedInputKeysSetKeysOfAMapping() throws {
        let path = try CLI.temporaryFile("""
            workflow: dotted
            fields:
              employee: {type: person, required: true}
            roles: [employee, mentor]
            phases:
              - id: one
                steps:
                  - id: session
                    uses: meeting
                    owner: mentor
                    with:
                      between: [employee, mentor]
                      minutes: 60
                      feedback:
                        - {id: useful, text: How useful was it (1 to 5)?, kind: scale}
                        - {id: topic, text: What was it about?, kind: text}
            """)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--role", "mentor=Bo Berg <bo@example.com>",
                                  "--as-of", "2027-03-01", "--json"], environment: environment)
        let listed = try CLI.run(["plugins"])
        #expect(listed.output.contains("    feedback (mapping"), "\(listed.output)")
        let twice = try CLI.run(["record", id, "session", "--set", "held=true", "--set", "feedback.useful=4", "--set", "feedback.useful=5"], environment: environment)
        #expect(twice.status == 1)
        #expect(twice.error.hasPrefix("error: --set feedback.useful is given twice, or also as part of a longer key; give it once"), "\(twice.error)")
        let both = try CLI.run(["record", id, "session", "--set", "held=true", "--set", "feedback=4", "--set", "feedback.useful=5"], environment: environment)
        #expect(both.error.hasPrefix("error: --set feedback.useful: 'feedback' is already given a value of its own; give either feedback=… or its parts"), "\(both.error)")
        let recorded = try CLI.run(["record", id, "session", "--set", "held=true", "--set", "feedback.useful=4", "--set", "feedback.topic=the first month",
                                    "--as-of", "2027-03-01"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        let outputs = try CaseChangesTests.status(id, environment)["phases"]?.items.first?["steps"]?.items.first?["outputs"]
        #expect(outputs?["with_feedback"]?.rendered() == "1", "\(String(describing: outputs))")
    }

    @Test func onlyNumbersHaveARange() throws {
        let path = try CLI.temporaryFile("workflow: ranged\nfields:\n  unit: {type: text, max: 3}\nphases: [{id: one, steps: [{id: a, uses: task}]}]\n")
        let result = try CLI.run(["validate", path])
        #expect(result.error.hasPrefix("\(path):3:27: error: only number fields have 'max'; this field is text\n"))
    }

    @Test func aNumberOutOfItsRangeIsRefused() throws {
        let path = try CLI.temporaryFile("""
            workflow: ranged
            fields:
              employee: {type: person, required: true}
              months: {type: number, required: true, min: 1, max: 36}
            phases:
              - id: one
                steps:
                  - {id: a, uses: task}
            """)
        let environment = try LateAndNonBlockingTests.database()
        let refused = try CLI.run(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "months=48"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == "error: field 'months': is 48, above the maximum 36\n")
        let opened = try CLI.run(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "months=12", "--as-of", "2027-01-04", "--by", "ana@example.com"], environment: environment)
        #expect(opened.status == 0, "\(opened.error)")
        let id = opened.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let amended = try CLI.run(["amend", id, "--field", "months=0", "--reason", "typo", "--by", "ana@example.com"], environment: environment)
        #expect(amended.error == "error: field 'months': is 0, below the minimum 1\n")
    }

    @Test func aChecklistCompletesWhenEveryItemIsTickedAndAnErrorIsPrintedOnce() throws {
        let (id, environment) = try CaseChangesTests.assignmentOpenedOnly()
        let bad = try CLI.run(["record", id, "eligibility", "--set", "checked=[Nope]", "--as-of", "2027-01-10", "--by", "ana@example.com"], environment: environment)
        #expect(bad.status == 1)
        #expect(bad.error.hasPrefix("--set checked:1:1: error: 'Nope' is not on the checklist; the items are 'Read the programme guide', 'Fill in the questionnaire'\n"))
        #expect(bad.error.components(separatedBy: "is not on the checklist").count == 2, "printed once: \(bad.error)")
        let first = try CLI.run(["record", id, "eligibility", "--set", "checked=[Read the programme guide]", "--as-of", "2027-01-10", "--by", "ana@example.com"], environment: environment)
        #expect(first.output.contains("2027-01-10  eligibility waiting: Still to do: Fill in the questionnaire\n"), "\(first.output)")
        #expect(CaseChangesTests.state(try CaseChangesTests.status(id, environment), of: "eligibility") == "active")
        let second = try CLI.run(["record", id, "eligibility", "--set", "checked=[Fill in the questionnaire]", "--as-of", "2027-01-11", "--by", "ana@example.com"], environment: environment)
        #expect(second.output.contains("2027-01-11  eligibility completed\n"))
        let plain = try CLI.run(["record", id, "mentor-match", "--as-of", "2027-01-11"], environment: environment)
        #expect(plain.output.contains("2027-01-11  mentor-match: input recorded\n"), "\(plain.output)")
    }

    @Test func migrateRefusesACaseThatHasEnded() throws {
        let (id, environment) = try CaseChangesTests.assignmentOpenedOnly()
        _ = try CLI.run(["end", id, "--reason", "withdrew", "--as-of", "2027-01-05"], environment: environment)
        let copy = try CLI.temporaryFile(try String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/assignment-tasks.yaml"), encoding: .utf8).replacingOccurrences(of: "version: 1", with: "version: 2"))
        let result = try CLI.run(["migrate", id, "--to", copy], environment: environment)
        #expect(result.status == 1)
        #expect(result.error == "error: case \(id) is ended; only an open case can move to a new workflow version\n")
    }
}
