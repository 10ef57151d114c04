import Foundation
import SojournCore
import SojournKit
import Testing

/// The two other bundled workflows, each driven from opening to completion.
@Suite struct BundledWorkflowTests {
    static func path(_ name: String) -> String {
        TestSupport.packageRoot.appendingPathComponent("Workflows/\(name).yaml").path
    }

    static func importRoster(_ csv: String, into cases: CaseFixture) throws {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let people = try lines.dropFirst().map { row in try RosterImport.person(Dictionary(uniqueKeysWithValues: zip(lines[0], row))).get() }
        _ = try RosterImport.apply(people, to: cases.service.store, force: false)
    }

    @Test func virtualMentoringAcrossTimeZones() throws {
        let cases = try CaseFixture(today: "2027-01-25")
        try Self.importRoster("""
            name,email,country,timezone,unit,languages,assignments,capacity
            Kenji Sato,kenji@example.com,JP,Asia/Tokyo,Payments,japanese;english,,2
            Ama Mensah,ama@example.com,GB,Europe/London,Risk,english,,2
            Lucia Gomez,lucia@example.com,MX,America/Mexico_City,Sales,spanish;english,,2
            """, into: cases)
        let id = try cases.open(Self.path("virtual-mentoring"), fields: [
            "employee": "Wei Tan <wei@example.com>", "country": "SG", "timezone": "Asia/Singapore", "start_on": "2027-02-01",
            "languages": "English, Mandarin", "unit": "Payments",
        ], people: ["hr": "Hana Ho <hana@example.com>", "lead": "Lee Lund <lee@example.com>"], on: "2027-01-25")

        var rankingPrompt: String?
        try cases.drive(["wei": id], from: "2027-02-01", limit: "2028-06-01") { _, item, day in
            switch item.step {
            case "match":
                rankingPrompt = item.prompt
                return .record("choose: kenji@example.com", by: "Hana Ho <hana@example.com>")
            case "ground-rules":
                return item.prompt.hasPrefix("employee and mentor") ? .record("role: mentor", by: "Kenji Sato") : .record("role: employee", by: "Wei Tan")
            case "video-sessions":
                // The fourth session is missed; the fifth runs long to make it up.
                switch item.occurrence! {
                case 4: return .record("held: false\nreason: a public holiday in Tokyo", by: "Wei Tan")
                case 5: return .record("held: true\nminutes: 90\nrating: 5\nfeedback: {useful: 5, topic: stakeholder map}", by: "Wei Tan")
                default: return .record("held: true\nrating: 4\nfeedback: {useful: 4}", by: "Wei Tan")
                }
            case "async-check-in":
                return .record("progress: 4", by: "Wei Tan")
            case "reflection":
                return .record("value: 5\nrecommend: true", by: "Wei Tan")
            default:
                Issue.record("nothing planned for \(item.step) on \(day)")
                return nil
            }
        }

        // HR chose from a ranking led by the mentor whose working day overlaps: Tokyo is an
        // hour from Singapore (7/8 of 50 points), London and Mexico City share no working
        // hours. All speak English (30); Ama and Lucia work in another unit (20), Kenji not.
        #expect(rankingPrompt == "Choose a mentor: kenji@example.com (74), ama@example.com (50), lucia@example.com (50)")
        try GoldenHistory.check(cases.service, ids: [id], name: "virtual-mentoring")
        let view = try cases.status(id)
        #expect(view.stored.people["mentor"] == "Kenji Sato <kenji@example.com>")
        #expect(view.stored.progress.state == .completed)
        let sessions = try cases.step(id, "video-sessions")
        #expect(sessions.occurrences.count == 27)
        #expect(sessions.outputs["held"] == .number(26))
        #expect(sessions.outputs["missed"] == .number(1))
        #expect(sessions.outputs["owed_minutes"] == .number(0), "the missed 45 minutes were made up")
        #expect(try cases.step(id, "async-check-in").outputs["responses"] == .number(8))
        #expect(try cases.step(id, "inactive-pairs").outputs["nudges"] == .number(0))
        let outbox = try cases.service.store.read { try $0.outbox(unsentOnly: true) }
        #expect(outbox.filter { $0.kind == .message }.map(\.subject) == ["Thank you for mentoring Wei Tan"])
        #expect(outbox.first { $0.kind == .message }?.to == ["Kenji Sato <kenji@example.com>", "Wei Tan <wei@example.com>"])
        // The sessions were laid out once the pair was matched: one invitation per pace, when
        // the working days of Wei (Singapore, the case's time zone) and Kenji (Tokyo, on
        // the roster) overlap: Singapore's 09:00 is Tokyo's 10:00.
        #expect(outbox.first { $0.kind == .invitation }?.calendar?.contains("\r\nDTSTART;TZID=Asia/Singapore:20270201T090000\r\nDURATION:PT45M\r\n") == true)
        #expect(outbox.filter { $0.kind == .invitation }.map { "\($0.subject) → \($0.to.joined(separator: ", "))" } == [
            "Invitation: Video session (Wei Tan), weekly from 2027-02-01 → Wei Tan <wei@example.com>, Kenji Sato <kenji@example.com>",
            "Invitation: Video session (Wei Tan), every 2 weeks from 2027-05-10 → Wei Tan <wei@example.com>, Kenji Sato <kenji@example.com>",
        ])
    }

    @Test func returnOnlyWithAndWithoutACoach() throws {
        let cases = try CaseFixture(today: "2027-04-01")
        try Self.importRoster("""
            name,email,country,timezone,unit,languages,assignments,capacity
            Fio Faria,fio@example.com,DE,Europe/Berlin,People,german;portuguese,,2
            """, into: cases)
        var ids: [String: String] = [:]
        for (who, name) in [("ana", "Ana Lima <ana@example.com>"), ("ben", "Ben Okafor <ben@example.com>")] {
            ids[who] = try cases.open(Self.path("return-only"), fields: [
                "employee": name, "manager": "Max Mueller <max@example.com>", "home_country": "DE", "host_country": "SG",
                "return": "2027-06-01", "languages": "German",
            ], people: ["hr": "Hana Ho <hana@example.com>", "manager": "Max Mueller <max@example.com>"], on: "2027-04-01")
        }
        try cases.drive(ids, from: "2027-04-01", limit: "2028-06-01", plannedDays: ["2027-06-20"]) { who, item, day in
            let me = who == "ana" ? "Ana Lima <ana@example.com>" : "Ben Okafor <ben@example.com>"
            switch item.step {
            case "return-survey":
                return .record("months_abroad: 24\nwants_coach: \(who == "ana")\nshare_topic: payments in Singapore", by: me)
            case "role-on-return":
                return item.prompt.contains("from manager or hr") ? .record("decision: approve\nas: manager", by: "Max Mueller <max@example.com>")
                    : .record("decision: approve\nas: hr", by: "Hana Ho <hana@example.com>")
            case "first-quarter-goals" where item.prompt.contains("Set at least"):
                return .record("goals:\n  - {id: desk, goal: Set up the Asia desk, measure: two hires, target: 2027-08-31}\n  - {id: note, goal: Write the market note, measure: published, target: 2027-07-31}", by: me)
            case "first-quarter-goals":
                return day.description == "2027-06-20" ? .record("met: [desk, note]", by: me) : nil
            case "check-ins":
                return .record("held: true", by: "Max Mueller <max@example.com>")
            case "knowledge-share":
                return .record("topic: Singapore's payment rails\ndate: \(day)\nattendance: 7\nconfidentiality_acknowledged: true", by: me)
            case "coaching":
                return .record("met: {settled: objectives agreed on \(day)}", by: "Fio Faria")
            case "outcome-6-months":
                return .record("still_employed: true\nmoved_role: \(who == "ben")", by: "Hana Ho <hana@example.com>")
            default:
                Issue.record("nothing planned for \(item.step) on \(day)")
                return nil
            }
        }
        try GoldenHistory.check(cases.service, ids: [ids["ana"]!, ids["ben"]!], name: "return-only-two-cases")
        let ana = try cases.status(ids["ana"]!), ben = try cases.status(ids["ben"]!)
        #expect(ana.stored.progress.state == .completed)
        #expect(ben.stored.progress.state == .completed)
        #expect(ana.stored.people["coach"] == "Fio Faria <fio@example.com>")
        #expect(try cases.step(ids["ana"]!, "coaching").outputs["met"] == .number(1))
        #expect(ben.stored.people["coach"] == nil)
        #expect(try cases.step(ids["ben"]!, "coach-match").state == .skipped)
        #expect(try cases.step(ids["ben"]!, "coaching").state == .skipped)
        #expect(try cases.step(ids["ana"]!, "role-on-return").outputs["approved_by"] == .list([.text("Hana Ho <hana@example.com>"), .text("Max Mueller <max@example.com>")]))
        #expect(try cases.history(ids["ben"]!).last == "2027-12-01 case-completed case")
        var options = ReportOptions()
        options.workflow = "return-only"
        let programme = try #require(try cases.service.report(options).programmes.first)
        // Both returned and are recorded as employed six months on; neither is counted at
        // twelve months yet, so that share has no figure rather than a made-up one.
        let everyone = [programme.figures.outcomes.participants, programme.figures.outcomes.nonParticipants]
        #expect(everyone.map(\.returned).reduce(0, +) == 2)
        #expect(everyone.map { $0.horizons[0].interval.numerator }.reduce(0, +) == 2)
    }
}
