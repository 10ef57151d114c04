import Foundation
import SojournCore
import SojournKit
import Testing

/// Five cases of the bundled programme as assignments really happen, driven from opening
/// to their outcomes: Dan's assignment is extended, Eva comes back early, Hal takes six
/// weeks of leave, Fay's assignment is cancelled before departure and Gus leaves the
/// company during his. Each ends with the dates and states it should have, and the
/// report counts each case once, for what happened to it.
@Suite struct CaseChangeScenarioTests {
    static let roster = """
        name,email,country,timezone,unit,languages,assignments,capacity
        Bo Berg,bo@example.com,BR,America/Sao_Paulo,Payments,portuguese;english,BR 2025-06-01..,1
        Cy Chen,cy@example.com,DE,Europe/Berlin,Cards,german;portuguese,BR 2021-01-01..2022-12-31,1
        Dag Dahl,dag@example.com,NO,Europe/Oslo,Cards,norwegian,SG 2020-01-01..2021-06-30,2
        Eli Evans,eli@example.com,DE,Europe/Berlin,Risk,german,,3
        Fio Faria,fio@example.com,DE,Europe/Berlin,People,german;portuguese,,3
        """
    static let people = [
        "dan": "Dan Diaz <dan@example.com>", "eva": "Eva Ek <eva@example.com>", "hal": "Hal Holm <hal@example.com>",
        "fay": "Fay Fox <fay@example.com>", "gus": "Gus Gray <gus@example.com>",
    ]
    static let manager = "Max Mueller <max@example.com>"
    static let hana = "Hana Ho <hana@example.com>"
    static let eligible: Set = ["dan", "eva", "hal"]

    static func action(for who: String, _ item: AgendaItem, on day: CalendarDate) -> ScenarioAction? {
        let me = people[who]!
        switch item.step {
        case "eligibility":
            return .record(eligible.contains(who) ? "months: 12\nwants_mentor: true\nconfidence: 3" : "months: 4\nwants_mentor: false\nconfidence: 4", by: me)
        case "guide":
            return .record("checked: [Read the programme guide, Attend the intercultural briefing, Book the language course]", by: me)
        case "agreement":
            return item.prompt.hasPrefix("employee and mentor") ? .record("role: mentor", by: "the mentor") : .record("role: employee", by: me)
        case "mentoring-time":
            return .record("decision: approve\nas: manager", by: manager)
        case "departure-goals" where item.prompt.contains("Set at least"), "reintegration-goals" where item.prompt.contains("Set at least"):
            return .record("""
                goals:
                  - {id: one, goal: First goal, measure: done, target: \(day.adding(days: 60))}
                  - {id: two, goal: Second goal, measure: done, target: \(day.adding(days: 90))}
                """, by: me)
        case "departure-goals", "reintegration-goals":
            return .record("met: [one, two]", by: me)
        case "mentoring", "return-check-in", "reverse-sessions":
            return .record("held: true", by: me)
        case "pulse-survey":
            return .record("wellbeing: 4\nsupport: 4", by: me)
        case "knowledge-share":
            return .record("topic: What the assignment taught us\ndate: \(day)\nattendance: 9\nconfidentiality_acknowledged: true", by: me)
        case "coaching-milestones":
            if item.prompt.hasPrefix("open: role") { return .record("met: {role: a new role}", by: "the coach") }
            if item.prompt.hasPrefix("open: network") { return .record("met: {network: two joint meetings}", by: "the coach") }
            if item.prompt.hasPrefix("2 more") { return .record("feedback: {from: Max Mueller, text: Clear}", by: manager) }
            return .record("feedback: {from: the mentee, text: Concrete}", by: me)
        case "award":
            return item.prompt.hasPrefix("Eligible") ? .record("decision: approve\nas: manager", by: manager) : .record("decision: approve\nas: hr", by: hana)
        case "retrospective":
            return .record("overall: 4\nnext_steps: Mentor someone", by: me)
        case "outcome-6-months", "outcome-12-months":
            return .record("still_employed: true\npromoted: \(who == "dan")", by: hana)
        default:
            Issue.record("nothing planned for \(who)'s \(item.step) (\(item.prompt)) on \(day)")
            return nil
        }
    }

    @Test func fiveAssignmentsAsTheyHappenFromOpeningToTheirOutcomes() throws {
        let cases = try CaseFixture(today: "2026-11-23")
        let lines = Self.roster.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let roster = try lines.dropFirst().map { row in try RosterImport.person(Dictionary(uniqueKeysWithValues: zip(lines[0], row))).get() }
        _ = try RosterImport.apply(roster, to: cases.service.store, force: false)

        let path = TestSupport.packageRoot.appendingPathComponent("Workflows/international-assignment.yaml").path
        var ids: [String: String] = [:]
        for who in ["dan", "eva", "hal", "fay", "gus"] {
            let fields = [
                "employee": Self.people[who]!, "manager": Self.manager, "home_country": "DE", "host_country": who == "hal" ? "SG" : "BR",
                "departure": "2027-03-01", "return": "2028-03-01", "languages": "German, Portuguese", "timezone": "Europe/Berlin", "unit": "Payments",
            ]
            ids[who] = try cases.open(path, fields: fields, people: ["hr": Self.hana, "lead": "Lee Lund <lee@example.com>"])
        }
        let dan = ids["dan"]!, eva = ids["eva"]!, hal = ids["hal"]!, fay = ids["fay"]!, gus = ids["gus"]!
        var halOnHold: CaseService.CaseView?
        try cases.drive(ids, from: "2027-01-04", limit: "2029-12-01", plannedDays: ["2027-02-01", "2027-05-03", "2027-06-14", "2027-07-01", "2027-08-02", "2027-09-30", "2027-05-20"],
                        action: Self.action) { day in
            switch day.description {
            case "2027-02-01": _ = try cases.service.apply(.end(CaseEnding(.assignmentCancelled, note: "client project stopped")), to: fay, by: Self.hana, on: day)
            case "2027-05-03": _ = try cases.service.apply(.hold(reason: "parental leave"), to: hal, by: Self.hana, on: day)
            case "2027-05-20": halOnHold = try cases.status(hal)
            case "2027-06-14":
                _ = try cases.service.apply(.resume(note: "back from leave"), to: hal, by: Self.hana, on: day)
                // The session of the day opens as the leave ends; it is held that afternoon.
                try cases.record(hal, "mentoring#14", "held: true", on: day.description, by: Self.people["hal"]!)
            case "2027-07-01": _ = try cases.service.amend(dan, fields: ["return": "2028-06-01"], reason: "assignment extended", by: Self.hana, on: day)
            case "2027-08-02": _ = try cases.service.amend(eva, fields: ["return": "2027-12-01"], reason: "project ended early", by: Self.hana, on: day)
            case "2027-09-30": _ = try cases.service.apply(.end(CaseEnding(.leftCompany, note: "resigned")), to: gus, by: Self.hana, on: day)
            default: break
            }
        }

        // Dan: extended by three months; everything after the return moves with it.
        let danNow = try cases.status(dan).stored.progress
        #expect(danNow.state == .completed)
        #expect(danNow.phases["reintegration"]?.started == CalendarDate("2028-06-01"))
        #expect(danNow.steps["outcome-6-months"]?.started == CalendarDate("2028-12-01"))
        #expect(danNow.steps["outcome-12-months"]?.started == CalendarDate("2029-06-01"))
        #expect(danNow.steps["mentoring"]?.occurrences.last?.date == CalendarDate("2028-05-01"), "every other week until return - 4w")
        // Eva: back early; the sessions past the new end were withdrawn, never missed.
        let evaNow = try cases.status(eva).stored.progress
        #expect(evaNow.state == .completed)
        #expect(evaNow.phases["reintegration"]?.started == CalendarDate("2027-12-01"))
        #expect(evaNow.steps["outcome-12-months"]?.started == CalendarDate("2028-12-01"))
        #expect(evaNow.steps["mentoring"]?.occurrences.last?.date == CalendarDate("2027-11-01"))
        #expect(evaNow.steps["mentoring"]?.occurrences.allSatisfy { $0.state == .completed } == true)
        // Hal: nothing happened during the leave; the sessions in it were withdrawn (the one
        // of 3 May was held that morning, before the leave began).
        #expect(halOnHold?.stored.progress.hold == CaseHold(since: CalendarDate("2027-05-03")!, reason: "parental leave"))
        #expect(halOnHold?.agenda.isEmpty == true)
        let halNow = try cases.status(hal).stored.progress
        #expect(halNow.state == .completed)
        let halSessions = halNow.steps["mentoring"]?.occurrences ?? []
        #expect(halSessions.filter { $0.state == .skipped }.map(\.date.description) == ["2027-05-10", "2027-05-17", "2027-05-31"])
        #expect(halSessions.filter { $0.state == .missed }.isEmpty)
        #expect(halNow.phases["reintegration"]?.started == CalendarDate("2028-03-01"), "a hold does not move the assignment's dates")
        // Fay and Gus ended early, each for its reason.
        #expect(try cases.status(fay).stored.progress.ending == .assignmentCancelled)
        let gusNow = try cases.status(gus).stored.progress
        #expect(gusNow.ending == .leftCompany)
        #expect(gusNow.steps["outcome-12-months"]?.outputs["still_employed"] == .bool(false))

        let figures = try #require(try cases.service.report().programmes.first).figures
        #expect((figures.cases.total, figures.cases.open, figures.cases.completed) == (5, 0, 3))
        #expect(figures.cases.endedBy == [.init(name: "left-company", count: 1), .init(name: "assignment-cancelled", count: 1)])
        let mentoring = try #require(figures.sessions.first { $0.step == "mentoring" })
        #expect((mentoring.pairs, mentoring.missed) == (3, 0))
        // Gus resigned while abroad: he is counted as leaving during the assignment, not
        // in the retention base; the cancelled assignment never returned, so is not in it
        // either. The three who returned are all recorded as employed at 6 and 12 months.
        #expect(figures.outcomes.leftDuringAssignment == 1)
        #expect(figures.outcomes.participants.horizons.map(\.interval) == [Ratio(3, of: 3), Ratio(3, of: 3), Ratio(0, of: 0)])
        // Every figure recounted from the history by the independent program: a hold, an
        // extension, a return moved earlier (sessions withdrawn), a cancellation and a
        // leaver among them.
        let recount = try Recount.run(cases)
        #expect(recount.hasSuffix(" figures checked, 0 differ\n"), "\(recount)")
    }
}
