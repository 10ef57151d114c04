import Foundation
import Testing

/// Cases as assignments really happen, through the binary: an extension, an early
/// return, a cancellation before departure, a leaver, a mentor replaced, and `status`
/// saying what a case waits for.
@Suite(.serialized) struct CaseChangesTests {
    /// One case of the task-only assignment fixture (Norway's holidays), departing
    /// 2027-03-01 and returning 2028-09-01, opened on 2027-01-01 with nothing recorded.
    static func assignmentOpenedOnly() throws -> (id: String, environment: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Hana Ho <hana@example.com>", "NO_COLOR": "1"]
        let id = try CLI.openCase([
            "open", "Tests/Fixtures/assignment-tasks.yaml", "--as-of", "2027-01-01", "--json",
            "--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=FR", "--field", "host_country=NO",
            "--field", "departure=2027-03-01", "--field", "return=2028-09-01", "--role", "mentor=Bo Berg <bo@example.com>",
            "--role", "hr=Hana Ho <hana@example.com>",
        ], environment: environment)
        return (id, environment)
    }

    /// Who records each step of the fixture in these tests: the person in its owner role.
    static let owners = ["eligibility": "Ana Lima <ana@example.com>", "mentor-match": "Hana Ho <hana@example.com>",
                         "expectations": "Bo Berg <bo@example.com>", "departure-goals": "Ana Lima <ana@example.com>"]

    /// The same case with every pre-departure task done on 2027-01-20, mentoring to come.
    static func assignment() throws -> (id: String, environment: [String: String]) {
        let (id, environment) = try assignmentOpenedOnly()
        for step in ["eligibility", "mentor-match", "expectations", "departure-goals"] {
            let recorded = try CLI.run(["record", id, step, "--set", "note=done", "--as-of", "2027-01-20", "--by", owners[step]!], environment: environment)
            #expect(recorded.status == 0, "\(recorded.error)")
        }
        return (id, environment)
    }

    static func status(_ id: String, _ environment: [String: String], _ extra: [String] = []) throws -> CanonicalJSON {
        try CaseStorageTests.json(["status", id] + extra, environment)
    }

    /// `step#N starts [due]` of every planned date in `status --json`.
    static func planned(_ status: CanonicalJSON) -> [String: String] {
        var result: [String: String] = [:]
        for entry in status["planned"]?.items ?? [] {
            let name = entry["step"]!.text + (entry["occurrence"].flatMap { $0 == .null ? nil : "#" + $0.rendered() } ?? "")
            result[name] = [entry["starts"], entry["due"]].compactMap { $0 == .null ? nil : $0?.text }.joined(separator: " ")
        }
        return result
    }

    static func occurrences(_ status: CanonicalJSON, of step: String) -> [CanonicalJSON] {
        for phase in status["phases"]?.items ?? [] {
            for found in phase["steps"]?.items ?? [] where found["id"]?.text == step { return found["occurrences"]?.items ?? [] }
        }
        return []
    }

    static func state(_ status: CanonicalJSON, of step: String) -> String? {
        for phase in status["phases"]?.items ?? [] {
            for found in phase["steps"]?.items ?? [] where found["id"]?.text == step { return found["state"]?.text }
        }
        return nil
    }

    @Test func anExtensionRedatesEverythingNotFinishedAndADryRunWritesNothing() throws {
        let (id, environment) = try Self.assignment()
        let before = try CaseStorageTests.historyCount(id, environment)
        let dry = try CLI.run(["amend", id, "--field", "return=2028-12-01", "--reason", "assignment extended", "--as-of", "2027-07-01", "--dry-run", "--json"], environment: environment)
        #expect(dry.status == 0, "\(dry.error)")
        let schedule = try CanonicalJSON.parse(dry.output)["schedule"]?.items ?? []
        let moves = schedule.map { item in
            let name = item["step"]!.text + (item["occurrence"] == .null ? "" : "#" + item["occurrence"]!.rendered())
            return "\(name) \(item["before"]?["starts"]?.text ?? "-") \(item["after"]?["starts"]?.text ?? "-")"
        }
        // Fortnightly sessions (the last on 2028-07-24) go on to return - 4w, 2028-11-03;
        // the return phase moves with the return date, and what follows it with it.
        #expect(moves.prefix(8) == [
            "mentoring#44 - 2028-08-07", "mentoring#45 - 2028-08-21", "mentoring#46 - 2028-09-04", "mentoring#47 - 2028-09-18",
            "mentoring#48 - 2028-10-02", "mentoring#49 - 2028-10-16", "mentoring#50 - 2028-10-30", "pulse-survey#6 - 2028-09-01",
        ])
        #expect(moves.contains("reintegration-plan 2028-09-01 2028-12-01"))
        #expect(moves.contains("retrospective 2029-01-19 2029-04-20"))
        #expect(try CaseStorageTests.historyCount(id, environment) == before, "a dry run writes nothing")
        #expect(try Self.status(id, environment)["fields"]?["return"]?.text == "2028-09-01")

        let amended = try CLI.run(["amend", id, "--field", "return=2028-12-01", "--reason", "assignment extended", "--as-of", "2027-07-01"], environment: environment)
        #expect(amended.status == 0, "\(amended.error)")
        #expect(amended.output.contains("2027-07-01  case amended: return 2028-09-01 → 2028-12-01 (assignment extended)\n"))
        #expect(amended.output.contains("2027-07-01  mentoring rescheduled: #44–#50 added; last 2028-10-30\n"))
        let status = try Self.status(id, environment)
        #expect(status["fields"]?["return"]?.text == "2028-12-01")
        let sessions = Self.occurrences(status, of: "mentoring")
        #expect(sessions.count == 50)
        #expect(sessions.last?["date"]?.text == "2028-10-30")
        // Finished sessions keep their history: the first twelve were weekly from departure.
        #expect(sessions.first?["date"]?.text == "2027-03-01")
        #expect(Self.planned(status)["reintegration-plan"] == "2028-12-01 2028-12-15")
        #expect(status["completesOn"]?.text == "2029-05-04")

        let history = try CaseStorageTests.json(["history", id], environment).items
        let event = history.first { $0["kind"]?.text == "case-amended" }
        #expect(event?["actor"]?.text == "Hana Ho <hana@example.com>")
        #expect(event?["data"]?.rendered() == #"{"after":{"return":"2028-12-01"},"before":{"return":"2028-09-01"},"message":"assignment extended"}"#)

        let again = try CLI.run(["amend", id, "--field", "return=2028-12-01", "--reason", "again", "--as-of", "2027-07-01"], environment: environment)
        #expect(again.status == 1)
        #expect(again.error == "error: nothing to change: return is already 2028-12-01\n")
    }

    @Test func anEarlyReturnWithdrawsTheSessionsPastTheNewEnd() throws {
        let (id, environment) = try Self.assignment()
        let result = try CLI.run(["amend", id, "--field", "return=2028-03-01", "--reason", "project ended early", "--as-of", "2027-08-01"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        // Sessions run to return - 4w = 2028-02-02: #30 on 2028-01-24 is the last.
        #expect(result.output.contains("2027-08-01  mentoring rescheduled: #31–#43 withdrawn; last 2028-01-24\n"))
        let status = try Self.status(id, environment)
        #expect(Self.occurrences(status, of: "mentoring").count == 30)
        #expect(Self.planned(status)["reintegration-plan"] == "2028-03-01 2028-03-15")
        // What finished keeps its dates; sessions already open stay open.
        let sessions = Self.occurrences(status, of: "mentoring")
        #expect(sessions[16]["date"]?.text == "2027-07-26")
        #expect(sessions[16]["state"]?.text == "open")
        #expect(sessions[29]["date"]?.text == "2028-01-24")
        #expect(sessions[29]["state"]?.text == "scheduled")
    }

    @Test func amendRefusesWhatItCannotDoAndChangesNothing() throws {
        let (id, environment) = try Self.assignment()
        let before = try CaseStorageTests.historyCount(id, environment)
        let typo = try CLI.run(["amend", id, "--field", "retrun=2028-03-01", "--reason", "early"], environment: environment)
        #expect(typo.status == 1)
        #expect(typo.error == "error: unknown field 'retrun'; did you mean 'return'?\n")
        let date = try CLI.run(["amend", id, "--field", "return=2028-13-01", "--reason", "early"], environment: environment)
        #expect(date.error == "error: field 'return': '2028-13-01' is not a date; write YYYY-MM-DD, for example 2027-03-01\n")
        let calendar = try CLI.run(["amend", id, "--field", "host_country=JP", "--reason", "moved"], environment: environment)
        #expect(calendar.error == "error: field 'host_country' chooses the case's holiday calendar, which cannot change while the case runs; end the case (sojourn end CASE --reason assignment-cancelled) and open a new one\n")
        let noReason = try CLI.run(["amend", id, "--field", "return=2028-03-01"], environment: environment)
        #expect(noReason.status == 2)
        #expect(try CaseStorageTests.historyCount(id, environment) == before)
    }

    @Test func aCancellationBeforeDepartureStopsEverythingAndIsCountedAsEnded() throws {
        let (id, environment) = try Self.assignment()
        let result = try CLI.run(["end", id, "--reason", "assignment-cancelled", "--note", "client project stopped", "--as-of", "2027-02-01"], environment: environment)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "2027-02-01  case ended: assignment-cancelled (client project stopped); 10 steps stopped\n")
        let status = try Self.status(id, environment)
        #expect(status["state"]?.text == "ended")
        #expect(status["ending"]?.text == "assignment-cancelled")
        #expect(Self.state(status, of: "mentoring") == "skipped")
        #expect(Self.state(status, of: "eligibility") == "completed")
        #expect(status["next"]?.items.isEmpty == true)
        #expect(status["planned"]?.items.isEmpty == true)

        let report = try CLI.run(["report"], environment: environment)
        #expect(ReportLines.figures(report.output).contains("ended: assignment-cancelled 1"), "\(report.output)")
        #expect(ReportLines.figures(report.output).contains("ended early 1"))
        let listed = try CLI.run(["list", "--state", "ended"], environment: environment)
        #expect(listed.output.contains(id))

        let again = try CLI.run(["end", id, "--reason", "left-company"], environment: environment)
        #expect(again.status == 1)
        #expect(again.error == "error: case \(id) is already ended\n")
        let amend = try CLI.run(["amend", id, "--field", "return=2028-03-01", "--reason", "x"], environment: environment)
        #expect(amend.error == "error: case \(id) is ended; only an open case can be amended\n")
        let bad = try CLI.run(["end", id, "--reason", "resigned"], environment: environment)
        #expect(bad.status == 2)
        #expect(bad.error.hasPrefix("Error: --reason is one of left-company, assignment-cancelled, withdrew, other, not 'resigned'"))
    }

    @Test func aLeaverReleasesTheMentorAndAReplacementTakesOver() throws {
        let (id, environment) = try Self.assignment()
        let replaced = try CLI.run(["reassign", id, "mentor", "--to", "Cy Dahl <cy@example.com>", "--reason", "Bo left the company", "--as-of", "2027-04-05"], environment: environment)
        #expect(replaced.status == 0, "\(replaced.error)")
        #expect(replaced.output.contains("2027-04-05  Bo Berg <bo@example.com> is no longer mentor\n2027-04-05  mentor is now Cy Dahl <cy@example.com>\n"))
        var status = try Self.status(id, environment)
        #expect(status["people"]?["mentor"]?.text == "Cy Dahl <cy@example.com>")
        let agenda = try CaseStorageTests.json(["agenda", "--owner", "cy@example.com", "--as-of", "2027-04-05"], environment).items
        #expect(agenda.contains { $0["step"]?.text == "mentoring" && $0["ownerPerson"]?.text == "Cy Dahl <cy@example.com>" })
        #expect(try CaseStorageTests.json(["agenda", "--owner", "bo@example.com", "--as-of", "2027-04-05"], environment).items.isEmpty)

        let ended = try CLI.run(["end", id, "--reason", "left-company", "--note", "resigned", "--as-of", "2027-09-30"], environment: environment)
        #expect(ended.status == 0, "\(ended.error)")
        status = try Self.status(id, environment)
        #expect(status["ending"]?.text == "left-company")
        #expect(try CaseStorageTests.json(["agenda", "--owner", "cy@example.com", "--as-of", "2027-10-01"], environment).items.isEmpty)
        let report = try CLI.run(["report"], environment: environment)
        #expect(ReportLines.figures(report.output).contains("ended: left-company 1"), "\(report.output)")
    }

    @Test func statusSaysWhatAWaitingPhaseWaitsForAndWhenPendingStepsArePlanned() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "NO_COLOR": "1", "SOJOURN_ACTOR": "hana@example.com"]
        let id = try CLI.openCase([
            "open", "Tests/Fixtures/assignment-tasks.yaml", "--as-of", "2027-01-01", "--json",
            "--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=FR", "--field", "host_country=NO",
            "--field", "departure=2027-03-01", "--field", "return=2028-09-01", "--role", "hr=Hana Ho <hana@example.com>",
        ], environment: environment)
        let text = try CLI.run(["status", id, "--as-of", "2027-02-01"], environment: environment)
        #expect(text.status == 0, "\(text.error)")
        let lines = text.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "\(id)  Ana Lima · international-assignment v1 · open · as of 2027-02-01 (projected: nothing recorded until then)")
        #expect(lines.contains("  active     eligibility          employee (Ana Lima <ana@example.com>) · started 2027-01-04 · overdue (due 2027-01-18)"))
        #expect(lines.contains { $0.hasPrefix("pending    on-assignment          planned 2027-03-01 · waits for eligibility (employee, overdue since 2027-01-18)") })
        #expect(lines.contains("  pending    mentoring            mentor · planned from 2027-03-01"))
        // Nothing was written: the stored case is still at its opening date.
        #expect(try Self.status(id, environment)["asOf"]?.text == "2027-01-01")
        let earlier = try CLI.run(["status", id, "--as-of", "2026-12-01"], environment: environment)
        #expect(earlier.status == 1)
        #expect(earlier.error == "error: case \(id) is at 2027-01-01; --as-of shows it on that date or later, not 2026-12-01\n")
    }
}

extension CanonicalJSON {
    /// The text of a string value, else its JSON.
    var text: String {
        if case .string(let text) = self { return text }
        return rendered()
    }
}

/// Occurrences told straight, through the binary: a missed session is missed, not done;
/// input without #N goes to the current session; cadence segments keep their interval.
@Suite(.serialized) struct OccurrenceTests {
    static let workflow = """
        workflow: sessions
        fields:
          employee: {type: person, required: true}
          start_on: {type: date, required: true}
        roles: [employee, mentor]
        phases:
          - id: mentoring
            start: start_on
            steps:
              - id: sessions
                uses: meeting
                owner: mentor
                due: start + 2d
                repeat:
                  - {every: 1w, count: 2}
                  - {every: 2w, count: 2}
                with: {between: [employee, mentor], minutes: 60, auto_miss: false}
        """

    @Test func aMissedSessionIsNotDoneAndInputWithoutANumberGoesToTheCurrentOne() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-occurrences-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let environment = ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Bo Berg <bo@example.com>", "NO_COLOR": "1"]
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "start_on=2027-03-01",
                                  "--role", "mentor=Bo Berg <bo@example.com>", "--as-of", "2027-02-15", "--json"], environment: environment)
        // Weekly twice, then fortnightly from two weeks after the last weekly session.
        let planned = CaseChangesTests.planned(try CaseChangesTests.status(id, environment))
        #expect(planned == ["sessions#1": "2027-03-01 2027-03-03", "sessions#2": "2027-03-08 2027-03-10", "sessions#3": "2027-03-22 2027-03-24", "sessions#4": "2027-04-05 2027-04-07"])

        // On 22 March three sessions are open; input without #N is for this week's.
        let current = try CLI.run(["record", id, "sessions", "--set", "held=true", "--as-of", "2027-03-22"], environment: environment)
        #expect(current.status == 0, "\(current.error)")
        #expect(current.output.contains("2027-03-22  sessions#3: input recorded"))
        let missed = try CLI.run(["record", id, "sessions#1", "--set", "held=false", "--set", "reason=travelling", "--as-of", "2027-03-22"], environment: environment)
        #expect(missed.output.contains("2027-03-22  sessions#1 missed\n"))
        let again = try CLI.run(["record", id, "sessions#1", "--set", "held=true", "--as-of", "2027-03-22"], environment: environment)
        #expect(again.status == 1)
        #expect(again.error == "error: sessions#1 was recorded as missed (2027-03-22); it cannot be recorded again\n")

        let status = try CaseChangesTests.status(id, environment)
        #expect(CaseChangesTests.occurrences(status, of: "sessions").map { $0["state"]!.text } == ["missed", "open", "completed", "scheduled"])
        let text = try CLI.run(["status", id], environment: environment)
        #expect(text.output.contains("  active     sessions  mentor (Bo Berg <bo@example.com>) · 1 of 4 done, 1 missed · #2 open, due 2027-03-10"))
        let history = try CaseStorageTests.json(["history", id], environment).items.map { "\($0["kind"]!.text) \($0["occurrence"]!.rendered())" }
        #expect(history.contains("occurrence-missed 1"))
        #expect(history.contains("occurrence-completed 3"))
        #expect(!history.contains("occurrence-completed 1"))
    }
}

/// A session recorded late within its grace period, and a step that does not hold its
/// phase, through the binary.
@Suite(.serialized) struct LateAndNonBlockingTests {
    static func database() throws -> [String: String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-late-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return ["SOJOURN_DB": folder.appendingPathComponent("cases.db").path, "SOJOURN_ACTOR": "Bo Berg <bo@example.com>", "NO_COLOR": "1"]
    }

    @Test func aSessionCanBeRecordedLateUntilItsGracePeriodEnds() throws {
        let path = try CLI.temporaryFile("""
            workflow: late
            fields:
              employee: {type: person, required: true}
              start_on: {type: date, required: true}
            roles: [employee, mentor]
            phases:
              - id: mentoring
                start: start_on
                steps:
                  - id: sessions
                    uses: meeting
                    owner: mentor
                    due: start + 2d
                    grace: 1w
                    repeat: {every: 1w, count: 3}
                    with: {between: [employee, mentor], minutes: 60}
            """)
        let environment = try Self.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "start_on=2027-03-01",
                                  "--role", "mentor=Bo Berg <bo@example.com>", "--as-of", "2027-03-01", "--json"], environment: environment)
        // #1 was due on 3 March: overdue from the 4th, still open within the week of grace.
        let late = try CLI.run(["record", id, "sessions#1", "--set", "held=true", "--as-of", "2027-03-09"], environment: environment)
        #expect(late.status == 0, "\(late.error)")
        #expect(late.output.contains("2027-03-04  sessions#1 overdue (due 2027-03-03)\n"))
        #expect(late.output.contains("2027-03-09  sessions#1 completed\n"))
        // #2, due 10 March, is missed once the grace ends on the 17th.
        let advanced = try CLI.run(["advance", id, "--as-of", "2027-03-20"], environment: environment)
        #expect(advanced.output.contains("2027-03-18  sessions#2 missed\n"), "\(advanced.output)")
        let tooLate = try CLI.run(["record", id, "sessions#2", "--set", "held=true", "--as-of", "2027-03-20"], environment: environment)
        #expect(tooLate.status == 1)
        #expect(tooLate.error == "error: sessions#2 counts as missed since 2027-03-18: nothing was recorded by 2027-03-17, the end of its grace period after the due date 2027-03-10\n")
        let states = CaseChangesTests.occurrences(try CaseChangesTests.status(id, environment), of: "sessions").map { $0["state"]!.text }
        #expect(states == ["completed", "missed", "open"])
        // On the 20th, #1 was held but late, #2 missed, and #3 (due the 17th) is past its
        // due date, in its grace: three due, none held by its due date.
        let report = ReportLines.figures(try CLI.run(["report"], environment: environment).output)
        #expect(report.contains("cadence adherence (held by due date, of due) 0% 0 of 3"), "\(report)")
        #expect(report.contains("held, of due 33.3% 1 of 3"), "\(report)")
        #expect(report.contains("missed 1"), "\(report)")
    }

    @Test func anUnansweredSurveyDoesNotHoldTheReturn() throws {
        let path = try CLI.temporaryFile("""
            workflow: short-assignment
            fields:
              employee: {type: person, required: true}
              return: {type: date, required: true}
            roles: [employee, hr]
            phases:
              - id: away
                steps:
                  - {id: briefing, uses: task, owner: hr, due: start + 1w}
                  - {id: pulse-survey, uses: task, owner: employee, after: [], blocking: false, due: start + 2w}
              - id: back
                start: return
                steps:
                  - {id: debrief, uses: task, owner: hr, due: start + 1w}
            """)
        let environment = try Self.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "return=2027-03-01", "--role", "hr=Bo Berg <bo@example.com>", "--as-of", "2027-01-04", "--json"], environment: environment)
        let briefed = try CLI.run(["record", id, "briefing", "--set", "note=done", "--as-of", "2027-01-05"], environment: environment)
        #expect(briefed.output.contains("2027-01-05  phase away completed\n"), "\(briefed.output)")
        let returned = try CLI.run(["advance", id, "--as-of", "2027-03-01"], environment: environment)
        #expect(returned.output.contains("2027-01-19  pulse-survey overdue (due 2027-01-18)\n"))
        #expect(returned.output.contains("2027-03-01  phase back started\n"))
        let text = try CLI.run(["status", id], environment: environment)
        #expect(text.output.contains("  active     pulse-survey  employee (Ana Lima <ana@example.com>) · started 2027-01-04 · overdue (due 2027-01-18)\nactive     back            2027-03-01\n"), "\(text.output)")
        let done = try CLI.run(["record", id, "debrief", "--set", "note=done", "--as-of", "2027-03-02"], environment: environment)
        #expect(done.output.contains("2027-03-02  pulse-survey skipped: not done when the case completed\n2027-03-02  case completed\n"), "\(done.output)")
    }
}

/// Holiday calendars where they are needed, through the binary.
@Suite(.serialized) struct CalendarChoiceTests {
    static let workflow = """
        workflow: short-term
        calendar: host_country
        fields:
          employee: {type: person, required: true}
          home_country: {type: country, required: true}
          host_country: {type: country, required: true}
          return: {type: date, required: true}
        roles: [employee, hr]
        phases:
          - id: away
            steps:
              - {id: check-in, uses: task, owner: hr, due: start + 5bd}
          - id: back
            start: return
            calendar: home_country
            steps:
              - {id: debrief, uses: task, owner: hr, due: return + 5bd}
        """

    @Test func aDebriefAtHomeCountsHomeHolidays() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        let fields = ["--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=FR", "--field", "host_country=JP", "--field", "return=2028-07-14"]
        // Back in France on Friday 14 July (a French holiday): five French business days
        // later is Friday the 21st. Japan's Marine Day (Monday the 17th) does not count.
        let plan = try CLI.run(["plan", path, "--opened", "2028-07-03"] + fields, environment: environment)
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("2028-07-21    debrief due"), "\(plan.output)")
        #expect(plan.output.contains("JP public holidays and weekends; home_country: FR public holidays and weekends"))
        let id = try CLI.openCase(["open", path, "--as-of", "2028-07-03", "--json", "--role", "hr=Bo Berg <bo@example.com>"] + fields, environment: environment)
        #expect(CaseChangesTests.planned(try CaseChangesTests.status(id, environment))["debrief"] == "2028-07-14 2028-07-21")
        _ = try CLI.run(["record", id, "check-in", "--set", "note=done", "--as-of", "2028-07-05"], environment: environment)
        let back = try CLI.run(["advance", id, "--as-of", "2028-07-14"], environment: environment)
        #expect(back.output.contains("2028-07-14  debrief started, due 2028-07-21\n"), "\(back.output)")
    }

    /// The calendars are built in; a folder beside the workflow overrides one country.
    @Test func aCalendarBesideTheWorkflowOverridesTheBuiltInOne() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let folder = (path as NSString).deletingLastPathComponent + "/calendars"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A company holiday on Monday 17 July on top of France's 14th.
        try "country: FR\nname: France (with the company's days)\nyears: [2028, 2028]\nholidays:\n  2028-07-14: Bastille Day\n  2028-07-17: Company day\n"
            .write(toFile: folder + "/FR.yaml", atomically: true, encoding: .utf8)
        let fields = ["--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=FR", "--field", "host_country=JP", "--field", "return=2028-07-14"]
        let plan = try CLI.run(["plan", path, "--opened", "2028-07-03"] + fields)
        #expect(plan.status == 0, "\(plan.error)")
        #expect(plan.output.contains("2028-07-24    debrief due"), "\(plan.output)")
        // Japan is still the built-in calendar; a broken override is refused at its line.
        try "country: FR\nname: France\nyears: [2028]\nholidays: {}\n".write(toFile: folder + "/FR.yaml", atomically: true, encoding: .utf8)
        let broken = try CLI.run(["plan", path, "--opened", "2028-07-03"] + fields)
        #expect(broken.status == 1)
        #expect(broken.error.contains("\(folder)/FR.yaml:3:8: error: 'years' must be [first, last], such as [2025, 2032]"), "\(broken.error)")
    }

    @Test func aCountryWithoutACalendarIsRefusedUnlessTheWorkflowSaysWeekends() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        let fields = ["--field", "employee=Ana Lima <ana@example.com>", "--field", "home_country=KE", "--field", "host_country=JP", "--field", "return=2028-07-14"]
        let refused = try CLI.run(["open", path, "--as-of", "2028-07-03", "--role", "hr=Bo Berg <bo@example.com>"] + fields, environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == "error: there is no holiday calendar for KE (home_country) built in; add KE.yaml to a folder calendars/ beside the workflow, give --calendars FOLDER, or write 'calendar: weekends' in the workflow to count weekends only\n")
        #expect(try CLI.run(["list"], environment: environment).output.hasPrefix("no cases"))

        let weekends = try CLI.temporaryFile(Self.workflow.replacingOccurrences(of: "calendar: home_country", with: "calendar: weekends"))
        let opened = try CLI.run(["open", weekends, "--as-of", "2028-07-03", "--role", "hr=Bo Berg <bo@example.com>"] + fields, environment: environment)
        #expect(opened.status == 0, "\(opened.error)")
        let unknown = try CLI.run(["validate", try CLI.temporaryFile(Self.workflow.replacingOccurrences(of: "calendar: home_country", with: "calendar: KE"))], environment: environment)
        #expect(unknown.status == 1)
    }
}

/// Leave: a case put on hold and resumed, through the binary.
@Suite(.serialized) struct HoldTests {
    static let workflow = """
        workflow: leave
        fields:
          employee: {type: person, required: true}
          start_on: {type: date, required: true}
        roles: [employee, mentor]
        phases:
          - id: assignment
            start: start_on
            steps:
              - id: plan
                title: Write the assignment plan
                uses: task
                owner: employee
                due: start + 3w
              - id: sessions
                uses: meeting
                owner: mentor
                after: []
                due: start + 2d
                repeat: {every: 1w, count: 6}
                with: {between: [employee, mentor], minutes: 60, auto_miss: false}
              - id: review
                uses: task
                owner: mentor
                after: []
                start: start_on + 8w
                due: start + 1w
        """

    @Test func aHoldStopsTheCaseAndResumingGivesTheTimeBackToWorkUnderWay() throws {
        let path = try CLI.temporaryFile(Self.workflow)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "start_on=2027-03-01",
                                  "--role", "mentor=Bo Berg <bo@example.com>", "--as-of", "2027-03-01", "--json"], environment: environment)
        let held = try CLI.run(["hold", id, "--reason", "parental leave", "--as-of", "2027-03-10"], environment: environment)
        #expect(held.status == 0, "\(held.error)")
        #expect(held.output.hasSuffix("2027-03-10  case on hold: parental leave\n"), "\(held.output)")

        // Nothing happens while it is held: no session opens, nothing falls due, no input.
        let advanced = try CLI.run(["advance", id, "--as-of", "2027-04-20"], environment: environment)
        #expect(advanced.status == 0, "\(advanced.error)")
        #expect(!advanced.output.contains("sessions#3"), "\(advanced.output)")
        let refused = try CLI.run(["record", id, "plan", "--set", "note=done", "--as-of", "2027-04-20", "--by", "ana@example.com"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.error == "error: case \(id) is on hold since 2027-03-10 (parental leave) and takes no input; resume it first: sojourn resume \(id)\n")
        let again = try CLI.run(["hold", id, "--reason", "again", "--as-of", "2027-04-20"], environment: environment)
        #expect(again.error == "error: case \(id) is already on hold since 2027-03-10 (parental leave); resume it with: sojourn resume \(id)\n")
        let agenda = try CLI.run(["agenda", "--as-of", "2027-04-20"], environment: environment)
        #expect(!agenda.output.contains(id), "\(agenda.output)")
        let listed = try CLI.run(["list", "--as-of", "2027-04-20"], environment: environment)
        #expect(listed.output.contains("  leave  open (on hold since 2027-03-10)  as of 2027-04-20\n"), "\(listed.output)")
        #expect(try CaseStorageTests.json(["list", "--as-of", "2027-04-20"], environment).items.first?["heldSince"]?.text == "2027-03-10")
        #expect(try CaseStorageTests.json(["list", "--overdue", "--as-of", "2027-04-20"], environment).items.isEmpty)
        let text = try CLI.run(["status", id], environment: environment)
        #expect(text.output.contains(" · open (on hold since 2027-03-10) · as of 2027-04-20"), "\(text.output)")
        #expect(text.output.contains("On hold since 2027-03-10: parental leave. Nothing happens and nothing can be recorded until it resumes: sojourn resume \(id)"))
        // Nothing is overdue while it is on hold, and nothing waits for anyone.
        #expect(text.output.contains("  active     plan      employee (Ana Lima <ana@example.com>) · started 2027-03-01 · due 2027-03-22\n"), "\(text.output)")
        #expect(!text.output.contains("overdue"))
        #expect(try CaseChangesTests.status(id, environment)["next"]?.items.isEmpty == true)
        let hold = try CaseChangesTests.status(id, environment)["hold"]
        #expect(hold?["since"]?.text == "2027-03-10")
        #expect(hold?["reason"]?.text == "parental leave")

        // 42 days on hold: the plan's due date (03-22) moves to 05-03, and so does the due
        // date of session #2, open when the hold began (03-10 → 04-21); #1 was already
        // overdue and stays so; #3–#6, dated in the hold, are withdrawn. The review keeps
        // its own date, start_on + 8w = 04-26, after the hold.
        let resumed = try CLI.run(["resume", id, "--note", "back from leave", "--as-of", "2027-04-21"], environment: environment)
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(resumed.output.contains("2027-04-21  case resumed after 42 days on hold; 2 due dates moved 42 days later; 4 occurrences in the hold withdrawn (back from leave)\n"), "\(resumed.output)")
        let status = try CaseChangesTests.status(id, environment)
        #expect(status["hold"] == .null)
        #expect(CaseChangesTests.occurrences(status, of: "sessions").map { "\($0["state"]!.text) \($0["due"]!.text)" } == [
            "open 2027-03-03", "open 2027-04-21", "skipped 2027-03-17", "skipped 2027-03-24", "skipped 2027-03-31", "skipped 2027-04-07",
        ])
        #expect(CaseChangesTests.planned(status)["plan"] == "2027-03-01 2027-05-03")
        #expect(CaseChangesTests.planned(status)["review"] == "2027-04-26 2027-05-03")
        let recorded = try CLI.run(["record", id, "plan", "--set", "note=done", "--as-of", "2027-04-22", "--by", "ana@example.com"], environment: environment)
        #expect(recorded.status == 0, "\(recorded.error)")
        let notHeld = try CLI.run(["resume", id], environment: environment)
        #expect(notHeld.error == "error: case \(id) is not on hold\n")
    }
}

/// A mentor released by a nudge, through the binary: the sessions wait for a new one.
@Suite(.serialized) struct VacantRoleTests {
    @Test func sessionsOwedByAReleasedMentorAreWithdrawnUntilSomeoneIsReassigned() throws {
        let path = try CLI.temporaryFile("""
            workflow: quiet
            fields:
              employee: {type: person, required: true}
              start_on: {type: date, required: true}
            roles: [employee, mentor, hr]
            phases:
              - id: mentoring
                start: start_on
                steps:
                  - id: sessions
                    uses: meeting
                    owner: mentor
                    due: start + 2d
                    repeat: {every: 1w, count: 8}
                    with: {between: [employee, mentor], minutes: 60, make_up: true}
                  - id: quiet
                    uses: nudge
                    after: []
                    blocking: false
                    with:
                      watch: sessions
                      activity: last_held
                      rules:
                        - {after: 2w, notify: [hr], release: mentor, message: The pairing is closed.}
            """)
        let environment = try LateAndNonBlockingTests.database()
        let id = try CLI.openCase(["open", path, "--field", "employee=Ana Lima <ana@example.com>", "--field", "start_on=2027-03-01",
                                  "--role", "mentor=Bo Berg <bo@example.com>", "--role", "hr=Hana Ho <hana@example.com>",
                                  "--as-of", "2027-03-01", "--json"], environment: environment)
        // Nothing held: #1 and #2 are missed (03-04, 03-11); the mentor is released on 03-15.
        let advanced = try CLI.run(["advance", id, "--as-of", "2027-03-29"], environment: environment)
        #expect(advanced.status == 0, "\(advanced.error)")
        #expect(advanced.output.contains("2027-03-15  Bo Berg <bo@example.com> is no longer mentor\n"), "\(advanced.output)")
        #expect(advanced.output.contains("2027-03-22  sessions#4 skipped: nobody is mentor; sojourn reassign \(id) mentor --to PERSON\n"), "\(advanced.output)")
        let text = try CLI.run(["status", id], environment: environment)
        #expect(text.output.contains("  active     sessions  mentor · nobody is mentor: sojourn reassign \(id) mentor --to PERSON · 0 of 8 done, 2 missed, 3 skipped"), "\(text.output)")
        // Nothing is owed to a pair that no longer exists, and no session waits on the agenda.
        let status = try CaseChangesTests.status(id, environment)
        #expect(CaseChangesTests.occurrences(status, of: "sessions").prefix(5).map { $0["state"]!.text } == ["missed", "missed", "skipped", "skipped", "skipped"])
        #expect(!(try CLI.run(["agenda", "--as-of", "2027-03-29"], environment: environment).output.contains("sessions#")))

        let reassigned = try CLI.run(["reassign", id, "mentor", "--to", "Cy Chen <cy@example.com>", "--reason", "Bo left", "--as-of", "2027-03-30", "--by", "Hana Ho <hana@example.com>"], environment: environment)
        #expect(reassigned.status == 0, "\(reassigned.error)")
        let later = try CLI.run(["advance", id, "--as-of", "2027-04-05"], environment: environment)
        #expect(later.output.contains("2027-04-05  sessions#6 opened, due 2027-04-07\n"), "\(later.output)")
        let request = try CLI.run(["status", id], environment: environment)
        #expect(request.output.contains("sessions#6: Record the session of employee and mentor: 60 minutes, held or missed — mentor (Cy Chen <cy@example.com>), due 2027-04-07"), "\(request.output)")
    }
}
