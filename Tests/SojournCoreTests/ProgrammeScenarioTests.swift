import Foundation
import SojournCore
import SojournKit
import Testing

/// Three cases of the bundled international-assignment programme, driven day by day from
/// opening to the outcome twelve months after return, with every plugin in use: Ana and
/// Ben go to Brazil at the same time and compete for the one mentor with capacity for one;
/// Carla's assignment is too short to be eligible for mentoring.
@Suite struct ProgrammeScenarioTests {
    static let roster = """
        name,email,country,timezone,unit,languages,assignments,capacity
        Bo Berg,bo@example.com,BR,America/Sao_Paulo,Payments,portuguese;english,BR 2025-06-01..,1
        Cy Chen,cy@example.com,DE,Europe/Berlin,Cards,german;portuguese,BR 2021-01-01..2022-12-31,1
        Dag Dahl,dag@example.com,NO,Europe/Oslo,Cards,norwegian,SG 2020-01-01..2021-06-30,2
        Eli Evans,eli@example.com,DE,Europe/Berlin,Risk,german,,2
        Fio Faria,fio@example.com,DE,Europe/Berlin,People,german;portuguese,,3
        """

    static let people = [
        "ana": "Ana Lima <ana@example.com>", "ben": "Ben Okafor <ben@example.com>", "carla": "Carla Ruiz <carla@example.com>",
    ]
    static let maxMueller = "Max Mueller <max@example.com>"
    static let hana = "Hana Ho <hana@example.com>"

    typealias Action = ScenarioAction

    static func action(for who: String, _ item: AgendaItem, on day: CalendarDate) -> Action? {
        let me = people[who]!
        let eligible = who != "carla"
        switch item.step {
        case "eligibility":
            return .record(eligible ? "months: 12\nwants_mentor: true\nconfidence: 3" : "months: 4\nwants_mentor: true\nconfidence: 4", by: me)
        case "guide":
            return .record("checked: [Read the programme guide, Attend the intercultural briefing, Book the language course]", by: me)
        case "agreement":
            return item.prompt.hasPrefix("employee and mentor") ? .record("role: mentor", by: "the mentor") : .record("role: employee", by: me)
        case "mentoring-time":
            return .record("decision: approve\nas: manager", by: maxMueller)
        case "departure-goals" where item.prompt.contains("Set at least"):
            return .record("""
                goals:
                  - {id: clients, goal: Meet the key clients in São Paulo, measure: 10 client meetings, target: 2027-04-30}
                  - {id: language, goal: Reach B1 in Portuguese, measure: B1 certificate, target: 2027-09-30}
                """, by: me)
        case "departure-goals":
            // Ana meets her client goal three weeks late; everyone else is on time.
            let clients = who == "ana" ? "2027-05-20" : "2027-04-26"
            if day.description == clients { return .record("met: [clients]", by: me) }
            if day.description == "2027-09-06" || (who == "carla" && day.description == "2027-05-20") { return .record("met: [language]", by: me) }
            return nil
        case "mentoring":
            guard who == "ana" else {
                // Ben's first four sessions pass unrecorded; then he keeps to them, without feedback.
                return item.occurrence! <= 4 ? nil : .record("held: true\nrating: 3", by: me)
            }
            switch item.occurrence! {
            case 3 where day.description == "2027-03-15": return .postpone(to: "2027-03-18")
            case 5: return .record("held: false\nreason: the mentor was ill", by: me)
            case 6: return .record("held: true\nminutes: 120\nrating: 5\nfeedback: {useful: 5}", by: me)
            case let n: return .record("held: true\nrating: \(n % 2 == 0 ? 5 : 4)\nfeedback: {useful: 4}", by: me)
            }
        case "pulse-survey":
            return .record("wellbeing: \(who == "ana" ? 4 : 3)\nsupport: 4", by: me)
        case "reintegration-goals" where item.prompt.contains("Set at least"):
            let year = who == "carla" ? "2027-09" : "2028-05"
            return .record("""
                goals:
                  - {id: team, goal: Lead the Brazil desk, measure: desk set up with two people, target: \(year)-15}
                  - {id: share, goal: Write the market note, measure: note published, target: \(year)-30}
                """, by: me)
        case "reintegration-goals":
            return day.description == (who == "carla" ? "2027-08-16" : "2028-04-10") ? .record("met: [team, share]", by: me) : nil
        case "return-check-in":
            return .record("held: true", by: maxMueller)
        case "knowledge-share":
            let attendance = ["ana": 14, "ben": 8, "carla": 6][who]!
            return .record("topic: Payments regulation in Brazil\ndate: \(day)\nattendance: \(attendance)\nconfidentiality_acknowledged: true", by: me)
        case "reverse-sessions":
            return .record("held: true", by: me)
        case "coaching-milestones":
            if item.prompt.hasPrefix("open: role") { return .record("met: {role: heads the Brazil desk from May}", by: "the coach") }
            if item.prompt.hasPrefix("open: network") { return .record("met: {network: joint meetings on 2 and 16 June}", by: "the coach") }
            if item.prompt.hasPrefix("2 more") { return .record("feedback: {from: Max Mueller, text: Brings the host team's view into every plan}", by: maxMueller) }
            return .record("feedback: {from: the mentee, text: Patient and concrete}", by: me)
        case "award":
            return item.prompt.hasPrefix("Eligible") ? .record("decision: approve\nas: manager", by: maxMueller) : .record("decision: approve\nas: hr", by: hana)
        case "retrospective":
            return .record("overall: 5\nnext_steps: Mentor the next person going to Brazil", by: me)
        case "outcome-6-months":
            return .record("still_employed: true", by: hana)
        case "outcome-12-months":
            return .record(who == "carla" ? "still_employed: false" : "still_employed: true\npromoted: \(who == "ana")", by: hana)
        default:
            Issue.record("nothing planned for \(item.step) (\(item.prompt)) on \(day)")
            return nil
        }
    }

    /// Days on which someone acts on an item that has waited, or the test looks.
    static let plannedDays = ["2027-03-15", "2027-04-26", "2027-05-03", "2027-05-20", "2027-08-16", "2027-09-06", "2028-04-10"]

    @Test func threeCasesFromOpeningToTheTwelveMonthOutcome() throws {
        let cases = try CaseFixture(today: "2026-11-23")
        // The roster as `sojourn people import` reads it (no quoted cells here).
        let lines = Self.roster.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let roster = try lines.dropFirst().map { row in try RosterImport.person(Dictionary(uniqueKeysWithValues: zip(lines[0], row))).get() }
        #expect(try RosterImport.apply(roster, to: cases.service.store, force: false).added == 5)

        let path = TestSupport.packageRoot.appendingPathComponent("Workflows/international-assignment.yaml").path
        var ids: [String: String] = [:]
        for who in ["ana", "ben", "carla"] {
            let fields = [
                "employee": Self.people[who]!, "manager": Self.maxMueller, "home_country": "DE", "host_country": "BR", "departure": "2027-03-01",
                "return": who == "carla" ? "2027-07-01" : "2028-03-01", "languages": "German, Portuguese", "timezone": "America/Sao_Paulo", "unit": "Payments",
            ]
            ids[who] = try cases.open(path, fields: fields, people: ["hr": Self.hana, "lead": "Lee Lund <lee@example.com>"])
        }
        let ana = ids["ana"]!, ben = ids["ben"]!, carla = ids["carla"]!

        // Day by day, jumping to the next day a case has something due or someone acts.
        var anaGoalsOnMay3: [AgendaItem] = []
        var anaThirdSession: OccurrenceProgress?
        try cases.drive(ids, from: "2027-01-04", limit: "2029-06-01", plannedDays: Self.plannedDays, action: Self.action) { day in
            if day.description == "2027-03-15" { anaThirdSession = try cases.step(ana, "mentoring").occurrences[2] }
            if day.description == "2027-05-03" { anaGoalsOnMay3 = try cases.status(ana).agenda.filter { $0.step == "departure-goals" } }
        }
        try GoldenHistory.check(cases.service, ids: [ana, ben, carla], name: "international-assignment-three-cases")

        // Before departure: Ana and Ben both match on 4 January; Bo, in Brazil now, has room
        // for one, so Ben gets Cy, who was there before. Carla is not eligible.
        #expect(try cases.step(ana, "mentor-match").outputs["matched"] == .text("Bo Berg <bo@example.com>"))
        #expect(try cases.step(ben, "mentor-match").outputs["matched"] == .text("Cy Chen <cy@example.com>"))
        #expect(try cases.status(ben).stored.people["mentor"] == "Cy Chen <cy@example.com>")
        #expect(try cases.step(carla, "eligibility").outputs["eligible"] == .bool(false))
        for step in ["mentor-match", "welcome", "agreement", "mentoring-time", "mentoring", "quiet-pairs"] {
            #expect(try cases.step(carla, step).state == .skipped, "\(step) is on the mentoring path")
        }
        #expect(try cases.status(carla).stored.people["mentor"] == nil)

        // Ana's client goal, due 30 April, was overdue until she met it on 20 May.
        #expect(anaGoalsOnMay3.map(\.prompt) == ["overdue: clients (target 2027-04-30); report progress, mark met, or close with a reason"])
        // Once goals are set the step is due when the earliest open goal is: overdue on
        // 1 May, due again at the next target once the late goal is met.
        #expect(try cases.history(ana).filter { $0.hasSuffix(" departure-goals") && !$0.contains("waiting") } == [
            "2027-02-01 step-started departure-goals", "2027-02-01 input-recorded departure-goals", "2027-02-01 due-postponed departure-goals",
            "2027-05-01 step-overdue departure-goals", "2027-05-20 input-recorded departure-goals", "2027-05-20 due-postponed departure-goals",
            "2027-09-06 input-recorded departure-goals", "2027-09-06 step-completed departure-goals",
        ])
        let goals = try cases.step(ana, "departure-goals")
        #expect(goals.finished == CalendarDate("2027-09-06"))
        #expect(goals.outputs["met"] == .number(2))

        // Ana's third session moved from 15 to 18 March; the fifth was missed and its hour
        // made up at the sixth; 30 sessions in all.
        #expect(anaThirdSession?.state == .scheduled)
        let sessions = try cases.step(ana, "mentoring")
        #expect(sessions.occurrences[2].date == CalendarDate("2027-03-18"))
        #expect(sessions.occurrences[2].postponedFrom == CalendarDate("2027-03-15"))
        #expect(sessions.occurrences[2].finished == CalendarDate("2027-03-18"))
        #expect(sessions.occurrences[3].date == CalendarDate("2027-03-22"), "the rest of the cadence is unchanged")
        #expect(sessions.outputs == [
            "held": .number(29), "missed": .number(1), "minutes": .number(1800), "with_feedback": .number(29), "attendance": .number(96),
            "fell_short": .bool(false), "owed_minutes": .number(0), "average_rating": .number(4.5), "last_held": .date(CalendarDate("2028-01-24")!),
        ])

        // Ben's first four sessions passed unrecorded: the nudge wrote at three and four weeks.
        #expect(try cases.step(ben, "mentoring").outputs["missed"] == .number(4))
        // What a pair owes stops at one session's length.
        #expect(try cases.step(ben, "mentoring").outputs["owed_minutes"] == .number(60))
        let outbox = try cases.service.store.read { try $0.outbox(unsentOnly: false) }
        #expect(outbox.filter { $0.caseID == ben && $0.step == "quiet-pairs" }.map { "\($0.date) \($0.to.joined(separator: ", ")): \($0.body)" } == [
            "2027-03-22 Ben Okafor <ben@example.com>, Cy Chen <cy@example.com>, Hana Ho <hana@example.com>: The first session has not been held yet.",
            "2027-03-29 Ben Okafor <ben@example.com>, Cy Chen <cy@example.com>: No session has been recorded for four weeks.",
        ])

        // After return: the returnee mentors a colleague who has never been abroad, and is
        // coached by someone who is not already in another role of the case. Carla came
        // back first and took Cy as her coach; Cy has room for one, but Carla's coaching
        // ended on 16 August 2027 and with it the pairing, so Cy is free to coach Ana too.
        #expect(try cases.status(carla).stored.people["mentee"] == "Eli Evans <eli@example.com>")
        #expect(try cases.status(carla).stored.people["coach"] == "Cy Chen <cy@example.com>")
        #expect(try cases.history(carla).contains("2027-08-16 pairing-ended coaching-milestones"))
        #expect(try cases.status(ana).stored.people["mentee"] == "Eli Evans <eli@example.com>")
        #expect(try cases.status(ana).stored.people["coach"] == "Cy Chen <cy@example.com>")
        #expect(try cases.step(ana, "knowledge-share").outputs["attendance"] == .number(14))
        #expect(try cases.step(ana, "coaching-milestones").outputs == ["met": .number(2), "total": .number(2), "feedback": .number(2), "late": .number(0)])

        // Recognition on its published criteria: only Ana meets both.
        let award = try cases.step(ana, "award")
        #expect(award.outputs["decision"] == .text("awarded"))
        #expect(award.outputs["citation"] == .text("Ana Lima brought what they learned in BR back to the team."))
        #expect(outbox.contains { $0.caseID == ana && $0.step == "award" && $0.to == [Self.hana] && $0.subject == "Recognition: International Experience Certificate" })
        #expect(try cases.step(ben, "award").outputs["decision"] == .text("not-eligible"))
        #expect(try cases.step(ben, "award").outputs["criteria_met"] == .list([]))
        #expect(try cases.step(carla, "award").outputs["decision"] == .text("not-eligible"))
        // The thank-you goes out once everything is done, after the twelve-month outcome;
        // Carla left the company before it, so she gets none.
        #expect(outbox.filter { $0.step == "closing-note" }.map { "\($0.caseID) \($0.date)" } == ["\(ana) 2029-03-01", "\(ben) 2029-03-01"])

        // Outcomes. Carla is recorded as no longer employed at twelve months: her case
        // ends there, as a leaver, and nothing more is sent about it.
        #expect(try cases.step(ana, "outcome-12-months").outputs == [
            "still_employed": .bool(true), "promoted": .bool(true), "moved_role": .bool(false), "label": .text("12 months after return"),
        ])
        #expect(try cases.step(carla, "outcome-12-months").outputs["still_employed"] == .bool(false))
        // The programme's figures over the three cases.
        let report = try cases.service.report()
        let programme = try #require(report.programmes.first)
        let figures = programme.figures
        #expect(report.programmes.count == 1)
        #expect((figures.cases.total, figures.cases.completed, figures.participation.eligible) == (3, 2, Ratio(2, of: 3)))
        #expect(figures.cases.endedBy == [.init(name: "left-company", count: 1)])
        let mentoring = try #require(figures.sessions.first { $0.step == "mentoring" })
        #expect((mentoring.pairs, mentoring.held, mentoring.missed) == (2, 55, 5))
        // Every rating counts once (not a mean of each case's mean), and two cases are
        // fewer than the five respondents a mean needs: it is withheld.
        #expect((mentoring.rating.respondents, mentoring.rating.withheld, mentoring.rating.value) == (2, true, nil))
        #expect(figures.recognition == [.init(name: "awarded", count: 1), .init(name: "not-eligible", count: 2)])
        let survey = try #require(figures.surveys.first { $0.step == "pulse-survey" })
        #expect(survey.questions.map(\.name) == ["support", "wellbeing"])
        #expect(survey.questions.allSatisfy { $0.mean.withheld && $0.mean.value == nil })
        // Ana and Ben took part and stayed; Carla, not eligible, left at twelve months:
        // the two groups are counted apart.
        let participants = figures.outcomes.participants.horizons, others = figures.outcomes.nonParticipants.horizons
        #expect(participants.map(\.interval) == [Ratio(2, of: 2), Ratio(2, of: 2), Ratio(0, of: 0)])
        #expect(participants.map(\.retained) == [100, 100, nil])
        #expect(others.map(\.interval) == [Ratio(1, of: 1), Ratio(0, of: 1), Ratio(0, of: 0)])
        #expect(others.map(\.retained) == [100, 0, nil])
        #expect(figures.outcomes.comparisons.first?.retention[1].points == 100)
        #expect(!programme.figures.json.rendered().contains("\"mean\": 4"), "a withheld mean is never written")
        let recount = try Recount.run(cases)
        #expect(recount.hasSuffix(" figures checked, 0 differ\n"), "\(recount)")
        for (id, completed) in [(ana, "2029-03-01"), (ben, "2029-03-01")] {
            let view = try cases.status(id)
            #expect(view.stored.progress.state == .completed)
            #expect(try cases.history(id).last == "\(completed) case-completed case")
            #expect(view.workflow.steps.allSatisfy { view.stored.progress.steps[$0.id.value]?.isFinished == true })
        }
        let carlaNow = try cases.status(carla)
        #expect(carlaNow.stored.progress.state == .ended)
        #expect(carlaNow.stored.progress.ending == .leftCompany)
        #expect(try cases.history(carla).last == "2028-07-01 case-ended outcome-12-months")
        // Carla's messages were withdrawn when her case ended, but for invitations: those
        // the ending replaced with its own update or cancellation.
        #expect(outbox.filter { $0.caseID == carla && $0.kind != .invitation }.allSatisfy { $0.withdrawnAt != nil })
        // Other cases' messages stand; only notices of steps done since, and invitations a
        // newer version replaced, were withdrawn there.
        #expect(outbox.filter { $0.caseID != carla && $0.kind == .message }.allSatisfy { $0.withdrawnAt == nil })
    }
}
