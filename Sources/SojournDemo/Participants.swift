import SojournCore
import SojournKit

/// What the people in the demo do when something of theirs is on the agenda: mostly what
/// is asked, sometimes late, sometimes not at all. Knows the steps of the bundled
/// international-assignment workflow; a step it does not know is left on the agenda.
struct Participants {
    /// What someone does about one agenda item today.
    enum Action: Hashable {
        case record(String, by: String)
        case postpone(to: CalendarDate)
        /// HR skips the step, saying why.
        case skip(reason: String, by: String)
    }

    let dice: DemoDice
    let hr = "Hana Ho <hana.ho@example.com>"
    /// Goals set, by case and step: id and the day it will be met.
    private var goalsMetOn: [String: [(id: String, on: CalendarDate)]] = [:]
    /// When each case first saw its coaching milestones.
    private var coachingSince: [String: CalendarDate] = [:]
    /// Occurrences already postponed once, and cases with a session to make up.
    private var postponed: Set<String> = []
    private var owesMinutes: Set<String> = []

    init(dice: DemoDice) {
        self.dice = dice
    }

    mutating func action(_ item: AgendaItem, for person: SampleCase, on day: CalendarDate) -> Action? {
        let me = person.employee
        let key = "\(item.caseID) \(item.step) \(item.occurrence ?? 0)"
        switch item.step {
        case "eligibility":
            return .record("months: \(person.eligible ? person.months : 4)\nwants_mentor: true\nconfidence: \(dice.pick(2...5, key))", by: me)
        case "guide":
            return .record("note: done before the briefing", by: me)
        case "mentor-match", "mentee-match", "coach-match":
            // Waiting means no automatic match: HR picks the first on the ranked list, or,
            // when nobody passes the filters, goes on without one.
            if item.prompt.hasPrefix("No one on the roster passes") {
                return .skip(reason: "no one with the experience asked for has room; the employee goes without one", by: hr)
            }
            guard let email = item.prompt.split(separator: " ").first(where: { $0.contains("@") }) else { return nil }
            return .record("choose: \(email)", by: hr)
        case "agreement":
            return item.prompt.hasPrefix("employee and mentor") || item.prompt.hasPrefix("mentor to")
                ? .record("role: mentor", by: "the mentor") : .record("role: employee", by: me)
        case "mentoring-time":
            return .record("decision: approve\nas: manager", by: person.manager)
        case "departure-goals", "reintegration-goals":
            return goals(item, person, day, key: key)
        case "mentoring":
            return session(item, person, day, key: key)
        case "pulse-survey":
            return .record("wellbeing: \(dice.pick(2...5, key + "w"))\nsupport: \(dice.pick(3...5, key + "s"))", by: me)
        case "return-check-in":
            return dice.roll(key) < 0.9 ? .record("held: true", by: person.manager) : .record("held: false\nreason: manager travelling", by: person.manager)
        case "knowledge-share":
            guard day >= person.returnDate.adding(days: 28) else { return nil }
            let attendance = dice.pick(5...22, key)
            return .record("topic: What \(person.host) taught us about our customers\ndate: \(day)\nattendance: \(attendance)\nconfidentiality_acknowledged: true", by: me)
        case "reverse-sessions":
            return .record("held: true", by: me)
        case "coaching-milestones":
            let since = coachingSince[item.caseID] ?? day
            coachingSince[item.caseID] = since
            let weeks = (day.dayNumber - since.dayNumber) / 7
            if item.prompt.hasPrefix("open: role"), weeks >= 6 { return .record("met: {role: leads the \(person.host) desk}", by: "the coach") }
            if item.prompt.hasPrefix("open: network"), weeks >= 9 { return .record("met: {network: two joint team meetings held}", by: "the coach") }
            if item.prompt.hasPrefix("2 more"), weeks >= 10 { return .record("feedback: {from: manager, text: Brings the host team's view into planning}", by: person.manager) }
            if item.prompt.hasPrefix("1 more"), weeks >= 10 { return .record("feedback: {from: mentee, text: Patient and concrete}", by: "the mentee") }
            return nil
        case "award":
            return item.prompt.hasPrefix("Eligible") ? .record("decision: approve\nas: manager", by: person.manager) : .record("decision: approve\nas: hr", by: hr)
        case "retrospective":
            return .record("overall: \(dice.pick(3...5, key))\nnext_steps: Mentor the next colleague going to \(person.host)", by: me)
        case "outcome-6-months":
            return .record("still_employed: \(dice.roll(key) < 0.95)", by: hr)
        case "outcome-12-months":
            let employed = dice.roll(key) < 0.9
            return .record("still_employed: \(employed)\npromoted: \(employed && dice.roll(key + "p") < 0.35)", by: hr)
        default:
            return nil
        }
    }

    /// Goals: set when asked (targets six weeks and four months on), then met a few days
    /// before each target, or three weeks after it for the employee who runs late.
    private mutating func goals(_ item: AgendaItem, _ person: SampleCase, _ day: CalendarDate, key: String) -> Action? {
        let slot = "\(item.caseID) \(item.step)"
        if item.prompt.contains("Set at least") {
            let first = day.adding(days: 42), second = day.adding(months: 4)
            let late = person.lateGoal && item.step == "departure-goals"
            goalsMetOn[slot] = [("contacts", late ? first.adding(days: 21) : first.adding(days: -3)), ("skills", second.adding(days: -5))]
            // Goals for the assignment abroad; then, back home, goals for the return.
            if item.step == "reintegration-goals" {
                return .record("""
                    goals:
                      - {id: contacts, goal: Share what \(person.host) taught me with the team, measure: a session for the team, target: \(first)}
                      - {id: skills, goal: Take on work that uses the experience, measure: one project agreed with my manager, target: \(second)}
                    """, by: person.employee)
            }
            return .record("""
                goals:
                  - {id: contacts, goal: Build a network in \(person.host), measure: ten introductions, target: \(first)}
                  - {id: skills, goal: Learn the local market, measure: a market note for the team, target: \(second)}
                """, by: person.employee)
        }
        let due = (goalsMetOn[slot] ?? []).filter { $0.on <= day }.map(\.id)
        guard !due.isEmpty else { return nil }
        goalsMetOn[slot]?.removeAll { due.contains($0.id) }
        return .record("met: [\(due.joined(separator: ", "))]", by: person.employee)
    }

    /// A mentoring session: most are held and rated, some postponed a few days, some
    /// missed and made up at the next one.
    private mutating func session(_ item: AgendaItem, _ person: SampleCase, _ day: CalendarDate, key: String) -> Action? {
        let roll = dice.roll(key)
        if roll < 0.06, postponed.insert(key).inserted { return .postpone(to: day.adding(days: 3)) }
        if roll > 0.9 {
            owesMinutes.insert(item.caseID)
            return .record("held: false\nreason: \(roll > 0.95 ? "the mentor was travelling" : "a client deadline")", by: person.employee)
        }
        let minutes = owesMinutes.remove(item.caseID) == nil ? 60 : 120
        let rating = dice.pick(3...5, key + "r")
        let feedback = dice.roll(key + "f") < 0.85 ? "\nfeedback: {useful: \(Swift.max(1, rating - dice.pick(0...1, key + "u")))}" : ""
        return .record("held: true\nminutes: \(minutes)\nrating: \(rating)\(feedback)", by: person.employee)
    }
}
