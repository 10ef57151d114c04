public import SojournCore
public import SojournKit

/// `sojourn demo`: a sample roster and a group of employees run through the bundled
/// international-assignment programme day by day, with the people in it recording what
/// they did (mostly on time, sometimes late, postponed or missed), and HR entering what
/// happens to assignments: one is extended, one employee leaves the company while abroad,
/// and one mentor leaves and is replaced (`LifeEvent`).
public struct DemoProgramme: Sendable {
    /// What happened in one month.
    public struct Month: Sendable {
        /// `2027-03`.
        public var name: String
        public var sessionsHeld = 0
        public var sessionsPostponed = 0
        public var sessionsMissed = 0
        public var matched = 0
        public var overdue = 0
        public var messages = 0
        public var recorded = 0
        public var completed = 0
        public var events = 0
        /// Notable moments, one line each: `Carla Ruiz is not eligible: …`.
        public var notes: [String] = []
    }

    /// Where one case stands at the end.
    public struct CaseReport: Sendable {
        public var id: String
        public var employee: String
        public var host: String
        public var departure: CalendarDate
        public var returnDate: CalendarDate
        public var state: String
        public var mentor: String?
        public var sessionsHeld: Int
        public var sessionsMissed: Int
        public var averageRating: Double?
        public var recognition: String?
        public var retained: Bool?
        public var promoted: Bool?
    }

    /// The end of the run.
    public struct Result: Sendable {
        public var cases: [CaseReport]
        /// What needs action on the last day, overdue first.
        public var agenda: [AgendaItem]
        public var lastDay: CalendarDate
        public var events: Int
    }

    public let service: CaseService
    public let workflowPath: String
    public let cases: [SampleCase]
    public let firstDay: CalendarDate
    public let lastDay: CalendarDate

    /// - Parameters:
    ///   - caseCount: how many employees to send abroad.
    ///   - months: how long to run, from 4 January 2027.
    public init(service: CaseService, workflowPath: String, caseCount: Int, months: Int = 24) {
        self.service = service
        self.workflowPath = workflowPath
        self.cases = SampleCase.cases(caseCount)
        self.firstDay = CalendarDate("2027-01-04")!
        self.lastDay = firstDay.adding(months: months).adding(days: -1)
    }

    /// Imports the roster and opens the cases; returns their ids in order.
    public func open() throws -> [String] {
        _ = try RosterImport.apply(SampleRoster.people, to: service.store, force: true)
        let opening = try service.opening(workflowAt: workflowPath)
        let people = ["hr": "Hana Ho <hana.ho@example.com>", "lead": "Lee Lund <lee.lund@example.com>"]
        var checked: [CaseService.CheckedCase] = []
        for sample in cases {
            switch service.check(.init(fields: sample.fields, people: people), for: opening, on: firstDay) {
            case .success(let one): checked.append(one)
            case .failure(let problems): throw ServiceError("the demo's case \(sample.number) does not fit \(workflowPath): " + problems.messages.joined(separator: "; "))
            }
        }
        return try service.open(checked, with: opening, on: firstDay, by: "Sojourn demo").map(\.id)
    }

    /// Runs the cases from the first day to the last, calling `month` as each month ends.
    public func run(ids: [String], month: (Month) -> Void) throws -> Result {
        var participants = Participants(dice: DemoDice(seed: 2027))
        let byID = Dictionary(uniqueKeysWithValues: zip(ids, cases))
        func name(_ id: String) -> String { byID[id].map { PersonText.name($0.employee) } ?? id }
        var current = Month(name: Self.monthName(firstDay))
        var total = 0

        func count(_ events: [CaseEvent], of id: String) {
            current.events += events.count
            total += events.count
            for event in events {
                switch (event.kind, event.step) {
                case (.inputRecorded, "mentoring"?):
                    guard case .object(let input)? = event.data["input"] else { continue }
                    input["held"] == .bool(true) ? (current.sessionsHeld += 1) : (current.sessionsMissed += 1)
                case (.occurrencePostponed, "mentoring"?):
                    current.sessionsPostponed += 1
                case (.roleBound, _):
                    current.matched += 1
                    if event.data["role"] == .text("mentor") {
                        current.notes.append("\(name(id)) is paired with \(PersonText.name(event.data["person"]?.displayText ?? "?")) (mentor, \(byID[id]?.host ?? "?"))")
                    }
                case (.stepSkipped, "mentor-match"?) where event.actor == nil:
                    current.notes.append("\(name(id)) is not eligible for mentoring: matching, sessions and nudges are skipped")
                case (.stepOverdue, let step?):
                    current.overdue += 1
                    if step.hasSuffix("goals") { current.notes.append("\(name(id)): \(step) overdue") }
                case (.messageQueued, let step?):
                    current.messages += 1
                    if step == "quiet-pairs" { current.notes.append("\(name(id)): nudge sent (\(event.data["subject"]?.displayText ?? ""))") }
                case (.stepCompleted, "award"?):
                    if case .object(let outputs)? = event.data["outputs"], outputs["decision"] == .text("awarded") {
                        current.notes.append("\(name(id)) receives the \(outputs["award"]?.displayText ?? "award")")
                    }
                case (.caseCompleted, _):
                    current.completed += 1
                    current.notes.append("\(name(id))'s case is complete")
                default:
                    break
                }
            }
        }

        var day = firstDay
        var touched: Set<String> = []
        while day <= lastDay {
            let advanced = try service.advance(.allOpen, to: day)
            for (id, events) in advanced.changed { count(events, of: id) }
            for failure in advanced.failures { current.notes.append("\(name(failure.caseID)): \(failure.message)") }
            // What HR enters today: each life event to the first case abroad it fits.
            for event in LifeEvent.script where event.day == day {
                for id in ids where !touched.contains(id) {
                    guard let note = try event.apply(to: id, service: service, on: day, name: name(id)) else { continue }
                    touched.insert(id)
                    count(note.events, of: id)
                    current.notes.append(note.text)
                    break
                }
            }
            // What people do today; each thing once, then look again: recording may start
            // the next step the same day.
            var done: Set<String> = []
            var acted = true
            while acted {
                acted = false
                for item in try service.agenda(on: day, owner: nil) {
                    guard let sample = byID[item.caseID], let action = participants.action(item, for: sample, on: day) else { continue }
                    let target = item.occurrence.map { "\(item.step)#\($0)" } ?? item.step
                    guard done.insert("\(item.caseID) \(target) \(action)").inserted, let parsed = CaseEngine.Target(target) else { continue }
                    let change: CaseService.Change
                    let actor: String
                    switch action {
                    case .record(let yaml, let by):
                        change = .record(parsed, try YAMLLoader().loadDocument(SourceFile(path: "demo input", text: yaml)))
                        actor = by
                    case .postpone(let date):
                        change = .postpone(parsed, to: date)
                        actor = sample.employee
                    case .skip(let reason, let by):
                        change = .skip(parsed, reason: reason)
                        actor = by
                        current.notes.append("\(name(item.caseID)): \(item.step) skipped: \(reason)")
                    }
                    do {
                        count(try service.apply(change, to: item.caseID, by: actor, on: day).events, of: item.caseID)
                        current.recorded += 1
                    } catch {
                        current.notes.append("\(name(item.caseID)): \(target) refused: \(error)")
                    }
                    acted = true
                    break
                }
            }
            let next = day.adding(days: 1)
            if Self.monthName(next) != current.name || next > lastDay {
                month(current)
                current = Month(name: Self.monthName(next))
            }
            day = next
        }
        return Result(cases: try zip(ids, cases).map(report), agenda: try service.agenda(on: lastDay, owner: nil), lastDay: lastDay, events: total)
    }

    private func report(_ id: String, _ sample: SampleCase) throws -> CaseReport {
        let view = try service.view(id)
        let steps = view.stored.progress.steps
        let sessions = steps["mentoring"]?.outputs ?? [:]
        let outcome = steps["outcome-12-months"]?.outputs ?? [:]
        let state: String = {
            guard view.stored.progress.state == .open else { return view.stored.progress.state.rawValue }
            let active = view.workflow.phases.filter { view.stored.progress.phases[$0.id.value]?.state == .active }.map(\.id.value)
            return active.isEmpty ? "open" : active.joined(separator: ", ")
        }()
        func bool(_ value: PluginValue?) -> Bool? { if case .bool(let b)? = value { return b } else { return nil } }
        return CaseReport(
            id: id, employee: PersonText.name(view.stored.fields["employee"]?.displayText ?? sample.employee), host: view.stored.fields["host_country"]?.displayText ?? sample.host,
            departure: sample.departure, returnDate: view.stored.fields["return"].flatMap { if case .date(let d) = $0 { d } else { nil } } ?? sample.returnDate, state: state, mentor: view.stored.people["mentor"].map(PersonText.name),
            sessionsHeld: Int(sessions["held"]?.number ?? 0), sessionsMissed: Int(sessions["missed"]?.number ?? 0),
            averageRating: sessions["average_rating"]?.number, recognition: steps["award"]?.outputs["decision"]?.text,
            retained: bool(outcome["still_employed"]), promoted: bool(outcome["promoted"]))
    }

    static func monthName(_ date: CalendarDate) -> String { String(date.description.prefix(7)) }
}

/// Something HR enters in the demo because an assignment changed.
struct LifeEvent {
    enum Kind {
        /// The return moves later.
        case extend(months: Int)
        /// The employee leaves the company.
        case leave
        /// The mentor leaves; another takes over.
        case replaceMentor
    }

    var day: CalendarDate
    var kind: Kind

    /// In date order: each goes to the first open case that is abroad with a mentor and
    /// had nothing happen to it yet.
    static let script = [
        LifeEvent(day: CalendarDate("2027-05-03")!, kind: .extend(months: 3)),
        LifeEvent(day: CalendarDate("2027-06-07")!, kind: .replaceMentor),
        LifeEvent(day: CalendarDate("2027-08-02")!, kind: .leave),
    ]

    /// Mentors who take over, the first one not already in the case.
    static let replacements = ["Dag Dahl <dag.dahl@example.com>", "Sophie Martin <sophie.martin@example.com>"]

    /// Applies the event when the case fits: the events written and a line for the month.
    func apply(to id: String, service: CaseService, on day: CalendarDate, name: String) throws -> (events: [CaseEvent], text: String)? {
        let view = try service.view(id)
        guard view.stored.progress.state == .open, view.stored.progress.phases["on-assignment"]?.state == .active,
              let mentor = view.stored.people["mentor"], case .date(let returnDate)? = view.stored.fields["return"] else { return nil }
        let actor = "Hana Ho <hana.ho@example.com>"
        switch kind {
        case .extend(let months):
            let later = returnDate.adding(months: months)
            let result = try service.amend(id, fields: ["return": later.description], reason: "assignment extended by \(months) months", by: actor, on: day)
            return (result.events, "\(name)'s assignment is extended: return \(returnDate) → \(later)")
        case .replaceMentor:
            guard let next = Self.replacements.first(where: { PersonText.email($0) != PersonText.email(mentor) }) else { return nil }
            let result = try service.reassign(id, role: "mentor", to: next, reason: "\(PersonText.name(mentor)) left the company", by: actor, on: day)
            return (result.events, "\(name)'s mentor \(PersonText.name(mentor)) leaves; \(PersonText.name(next)) takes over")
        case .leave:
            let result = try service.apply(.end(CaseEnding(.leftCompany, note: "resigned while on assignment")), to: id, by: actor, on: day)
            let stopped = result.events.last?.data["stopped"]?.list?.count ?? 0
            return (result.events, "\(name) leaves the company: the case ends, \(stopped) steps stopped, the mentor is free again")
        }
    }
}
