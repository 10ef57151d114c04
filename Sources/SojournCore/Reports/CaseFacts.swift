public import SojournKit

/// What one case contributes to the programme figures, read off its history: which steps
/// happened on which dates, each session's due date and outcome, each answer, and what
/// the history says about the employee after return. Built by
/// `CaseFacts.init(_:workflow:advancedTo:)`; the figures are computed over many of these
/// (`ProgrammeFigures`). `Docs/kpis.md` gives every rule used here.
public struct CaseFacts: Sendable {
    public struct Match: Sendable, Hashable {
        public var step: String
        /// The role the step fills (its `role:` setting).
        public var role: String?
        public var started: CalendarDate?
        /// The day it matched someone: its `role-bound` event, else its completion with
        /// a `matched` output (the person already held the role).
        public var bound: CalendarDate?
        /// The person it bound.
        public var person: String?
        /// Whether that person later left the role (released, or replaced).
        public var released = false
    }

    /// One session of a meeting step.
    public struct Session: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable {
            case open
            /// Held, recorded on `on` (the meeting plugin's `last_held`), with its minutes.
            case held(on: CalendarDate, minutes: Double)
            case missed
            /// Skipped or withdrawn: not counted as due.
            case dropped
        }
        public var occurrence: Int
        /// The date it is due by, after any postponement or hold.
        public var due: CalendarDate
        public var outcome: Outcome = .open
        /// Ratings recorded for it.
        public var ratings: [Double] = []

        /// Whether it counts as due by `date`: recorded (held or missed), or still open
        /// with its due date before `date`. Dropped sessions never are.
        public func isDue(by date: CalendarDate) -> Bool {
            switch outcome {
            case .held, .missed: true
            case .open: due < date
            case .dropped: false
            }
        }

        /// Held on or before its due date.
        public var heldOnTime: Bool {
            if case .held(let on, _) = outcome { return on <= due }
            return false
        }
    }

    public struct Meeting: Sendable, Hashable {
        public var step: String
        public var started: CalendarDate?
        /// When it stopped: completed, skipped, or the case closed.
        public var finished: CalendarDate?
        public var sessions: [Session] = []
        /// How many times each session was postponed, by occurrence (opened or not yet).
        public var postponements: [Int: Int] = [:]
        /// Make-up minutes still owed, as the step last said.
        public var owedMinutes = 0.0
    }

    /// One invitation to answer a survey (a step, or one occurrence of a repeating step).
    public struct Invitation: Sendable, Hashable {
        public var occurrence: Int?
        public var due: CalendarDate?
        public var answered: CalendarDate?
        public var dropped = false

        /// Whether it counts in the response rate by `date`: answered, or not dropped and
        /// due before `date`.
        public func counts(by date: CalendarDate) -> Bool {
            answered != nil || (!dropped && (due.map { $0 < date } ?? false))
        }
    }

    public struct Survey: Sendable, Hashable {
        public var step: String
        public var started = false
        public var invitations: [Invitation] = []
        /// When it stopped: completed, skipped, or the case closed.
        public var stopped: CalendarDate?
        /// Every numeric answer to a question the step averages (it publishes
        /// `avg_QUESTION`), by question, one entry per answer.
        public var answers: [String: [Double]] = [:]
    }

    public struct Goals: Sendable, Hashable {
        public var step: String
        public var set = 0, met = 0, closed = 0, overdue = 0
    }

    public struct Milestones: Sendable, Hashable {
        public var step: String
        public var total = 0, met = 0, late = 0
    }

    public struct KnowledgeShare: Sendable, Hashable {
        public var step: String
        public var started = false
        public var heldOn: CalendarDate?
        public var attendance = 0.0
    }

    public var id: String
    public var state: CaseProgress.State
    public var ending: CaseEnding.Reason?
    public var endedOn: CalendarDate?
    /// The days the case was on hold (the last one open-ended while it still is).
    public var holds: [ClosedRange<CalendarDate>] = []
    /// The date the case has reached (for a case on hold, the day the hold began):
    /// figures about what is due count up to it.
    public var reportDate: CalendarDate
    /// The day the case opened.
    public var openedOn: CalendarDate
    public var fields: [String: PluginValue]
    public var departure: CalendarDate?
    public var returnDate: CalendarDate?

    /// The first questionnaire's `eligible`, if answered.
    public var eligible: Bool?
    public var matches: [Match] = []
    /// Whether someone was put in the first match step's role by other means
    /// (`sojourn reassign`).
    public var assignedFirstMatchRole = false
    public var meetings: [Meeting] = []
    public var surveys: [Survey] = []
    public var goals: [Goals] = []
    public var milestones: [Milestones] = []
    public var knowledgeShares: [KnowledgeShare] = []
    /// Recognition decisions, one per recognition step decided.
    public var recognition: [String] = []
    /// Each step's current outputs (as `sojourn status` shows them), for the figures
    /// plugins declare.
    public var outputs: [String: [String: PluginValue]]

    /// The day the history records the employee as gone: the case ended with
    /// `left-company`, or an outcome saying not still employed (dated by the day its step
    /// started: the horizon it reports on). The earlier of the two.
    public var leftOn: CalendarDate?
    /// The latest day an outcome recorded the employee as still employed (by its step's
    /// start).
    public var employedConfirmedOn: CalendarDate?
    /// The first day an outcome recorded a promotion (by its step's start).
    public var promotedOn: CalendarDate?

    /// A participant: the workflow's first match step matched someone, or someone was put
    /// in its role.
    public var participant: Bool { matches.first.map { $0.bound != nil || assignedFirstMatchRole } ?? false }

    public init(_ source: ReportCase, workflow: Workflow, advancedTo: CalendarDate?) {
        id = source.id
        state = source.state
        ending = source.ending
        reportDate = CaseService.effectiveDate(asOf: source.asOf, open: source.state == .open, nextMoment: source.nextMoment, advancedTo: advancedTo)
        openedOn = source.openedOn
        fields = source.fields
        outputs = source.outputs
        departure = source.fields[FigureSources.departureField].flatMap(\.dateValue)
        returnDate = source.fields[FigureSources.returnField].flatMap(\.dateValue)

        var uses: [String: String] = [:]
        // Families in workflow order, so "the first match step" is the workflow's first.
        for step in workflow.steps {
            let id = step.id.value
            uses[id] = step.uses.value
            switch step.uses.value {
            case FigureSources.match: matches.append(Match(step: id, role: FigureSources.matchRole(of: step)))
            case FigureSources.meeting: meetings.append(Meeting(step: id))
            case FigureSources.survey: surveys.append(Survey(step: id))
            case FigureSources.goals: goals.append(Goals(step: id))
            case FigureSources.milestones: milestones.append(Milestones(step: id))
            case FigureSources.knowledgeShare: knowledgeShares.append(KnowledgeShare(step: id))
            default: break
            }
        }

        var lastMinutes: [String: Double] = [:]
        var started: [String: CalendarDate] = [:]
        var averaged: [String: Set<String>] = [:]
        var heldSince: CalendarDate?
        for event in source.events {
            let step = event.step ?? ""
            let plugin = uses[step]
            let outputs = event.data["outputs"]?.object ?? [:]
            switch event.kind {
            case .caseEnded, .caseCompleted, .caseCancelled:
                endedOn = event.date
                if event.kind == .caseEnded, event.data["reason"]?.text.flatMap(CaseEnding.Reason.init(rawValue:)) == .leftCompany { noteLeft(event.date) }
                for index in meetings.indices where meetings[index].finished == nil { meetings[index].finished = event.date }
                for index in surveys.indices where surveys[index].stopped == nil { surveys[index].stopped = event.date }
            case .caseHeld:
                heldSince = event.date
            case .caseResumed:
                if let since = heldSince, since < event.date { holds.append(since...event.date.adding(days: -1)) }
                heldSince = nil
                resume(event.data)
            case .stepStarted:
                if started[step] == nil { started[step] = event.date }
                if let index = matches.firstIndex(where: { $0.step == step }), matches[index].started == nil { matches[index].started = event.date }
                if let index = meetings.firstIndex(where: { $0.step == step }), meetings[index].started == nil { meetings[index].started = event.date }
                if let index = knowledgeShares.firstIndex(where: { $0.step == step }) { knowledgeShares[index].started = true }
                if let index = surveys.firstIndex(where: { $0.step == step }) { surveys[index].started = true }
                // A survey that does not repeat is one invitation, due when the step is
                // (or from its start, when it has no due date).
                if let index = surveys.firstIndex(where: { $0.step == step }), event.data["occurrences"] == nil {
                    surveys[index].invitations.append(Invitation(occurrence: nil, due: event.data["due"].flatMap(\.dateValue) ?? event.date))
                }
            case .roleBound:
                let role = event.data["role"]?.text, person = event.data["person"]?.text
                if let index = matches.firstIndex(where: { $0.step == step }), matches[index].bound == nil {
                    matches[index].bound = event.date
                    matches[index].role = role ?? matches[index].role
                    matches[index].person = person
                } else if event.step == nil, let first = matches.first, first.role != nil, first.role == role {
                    assignedFirstMatchRole = true
                }
            case .roleReleased:
                for index in matches.indices where matches[index].person != nil
                    && matches[index].role == event.data["role"]?.text && matches[index].person == event.data["person"]?.text {
                    matches[index].released = true
                }
            case .stepSkipped:
                if let index = meetings.firstIndex(where: { $0.step == step }), meetings[index].finished == nil { meetings[index].finished = event.date }
                if let index = surveys.firstIndex(where: { $0.step == step }), surveys[index].stopped == nil { surveys[index].stopped = event.date }
            case .duePostponed:
                // A survey that does not repeat: its one invitation is due later.
                if let index = surveys.firstIndex(where: { $0.step == step }), let to = event.data["to"].flatMap(\.dateValue),
                   let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == nil && $0.answered == nil }) {
                    surveys[index].invitations[invitation].due = to
                }
            case .stepRescheduled:
                // Occurrences withdrawn by an amended date are not due.
                for number in (event.data["withdrawn"]?.list ?? []).compactMap(\.number).map(Int.init) { drop(step: step, occurrence: number) }
            case .stepCompleted:
                switch plugin {
                case FigureSources.questionnaire?:
                    if eligible == nil, let value = outputs["eligible"]?.boolValue { eligible = value }
                case FigureSources.match?:
                    if let index = matches.firstIndex(where: { $0.step == step }), matches[index].bound == nil,
                       let matched = outputs["matched"], matched != .null {
                        matches[index].bound = event.date
                        matches[index].person = matched.text
                    }
                case FigureSources.meeting?:
                    if let index = meetings.firstIndex(where: { $0.step == step }), meetings[index].finished == nil { meetings[index].finished = event.date }
                case FigureSources.goals?:
                    if let index = goals.firstIndex(where: { $0.step == step }) {
                        goals[index].set = Self.count(outputs["set"]); goals[index].met = Self.count(outputs["met"])
                        goals[index].closed = Self.count(outputs["closed"]); goals[index].overdue = Self.count(outputs["overdue"])
                    }
                case FigureSources.milestones?:
                    if let index = milestones.firstIndex(where: { $0.step == step }) {
                        milestones[index].total = Self.count(outputs["total"]); milestones[index].met = Self.count(outputs["met"])
                        milestones[index].late = Self.count(outputs["late"])
                    }
                case FigureSources.knowledgeShare?:
                    if let index = knowledgeShares.firstIndex(where: { $0.step == step }) {
                        knowledgeShares[index].heldOn = outputs["held_on"].flatMap(\.dateValue)
                        knowledgeShares[index].attendance = outputs["attendance"]?.number ?? 0
                    }
                case FigureSources.recognition?:
                    if let decision = outputs["decision"]?.text { recognition.append(decision) }
                case FigureSources.outcome?:
                    // The outcome speaks for the horizon its step starts on.
                    let on = started[step] ?? event.date
                    if outputs["still_employed"]?.boolValue == false { noteLeft(on) }
                    if outputs["still_employed"]?.boolValue == true { employedConfirmedOn = max(employedConfirmedOn ?? on, on) }
                    if outputs["promoted"]?.boolValue == true { promotedOn = min(promotedOn ?? on, on) }
                case FigureSources.survey?:
                    if let index = surveys.firstIndex(where: { $0.step == step }) {
                        averaged[step, default: []].formUnion(outputs.keys.filter { $0.hasPrefix("avg_") }.map { String($0.dropFirst(4)) })
                        if let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == nil && $0.answered == nil }) {
                            surveys[index].invitations[invitation].answered = event.date
                        }
                        if surveys[index].stopped == nil { surveys[index].stopped = event.date }
                    }
                default: break
                }
            case .inputRecorded:
                guard let input = event.data["input"]?.object else { continue }
                if plugin == FigureSources.survey, let index = surveys.firstIndex(where: { $0.step == step }) {
                    for (question, answer) in input { if let number = answer.number { surveys[index].answers[question, default: []].append(number) } }
                }
                if plugin == FigureSources.meeting, let rating = input["rating"]?.number,
                   let index = meetings.firstIndex(where: { $0.step == step }),
                   let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    meetings[index].sessions[session].ratings.append(rating)
                }
            case .occurrenceOpened:
                guard let occurrence = event.occurrence, let due = event.data["due"].flatMap(\.dateValue) else { continue }
                if let index = meetings.firstIndex(where: { $0.step == step }) {
                    if let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == occurrence }) {
                        meetings[index].sessions[session].due = due
                    } else {
                        meetings[index].sessions.append(Session(occurrence: occurrence, due: due))
                    }
                }
                if let index = surveys.firstIndex(where: { $0.step == step }) {
                    if let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == occurrence }) {
                        surveys[index].invitations[invitation].due = due
                    } else {
                        surveys[index].invitations.append(Invitation(occurrence: occurrence, due: due))
                    }
                }
            case .occurrencePostponed:
                guard let occurrence = event.occurrence, let index = meetings.firstIndex(where: { $0.step == step }) else { continue }
                meetings[index].postponements[occurrence, default: 0] += 1
                // An open session's due date moves with it, as the engine moves it.
                if let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == occurrence }),
                   let from = event.data["from"].flatMap(\.dateValue), let to = event.data["to"].flatMap(\.dateValue) {
                    meetings[index].sessions[session].due = meetings[index].sessions[session].due.adding(days: from.days(until: to))
                }
            case .occurrenceCompleted, .occurrenceMissed:
                if let index = meetings.firstIndex(where: { $0.step == step }),
                   let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    let minutes = outputs["minutes"]?.number ?? lastMinutes[step] ?? 0
                    if event.kind == .occurrenceCompleted {
                        let heldOn = outputs["last_held"].flatMap(\.dateValue) ?? event.date
                        meetings[index].sessions[session].outcome = .held(on: heldOn, minutes: max(0, minutes - (lastMinutes[step] ?? 0)))
                    } else {
                        meetings[index].sessions[session].outcome = .missed
                    }
                    lastMinutes[step] = minutes
                    meetings[index].owedMinutes = outputs["owed_minutes"]?.number ?? 0
                }
                if let index = surveys.firstIndex(where: { $0.step == step }) {
                    averaged[step, default: []].formUnion(outputs.keys.filter { $0.hasPrefix("avg_") }.map { String($0.dropFirst(4)) })
                    if event.kind == .occurrenceCompleted,
                       let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == event.occurrence }) {
                        surveys[index].invitations[invitation].answered = event.date
                    }
                }
            case .occurrenceSkipped:
                if let occurrence = event.occurrence { drop(step: step, occurrence: occurrence) }
            default:
                break
            }
        }
        // What was still open when its step or the case stopped, and due after that, was
        // withdrawn with it: not due. What was already overdue stays due and not done.
        for index in meetings.indices {
            guard let stop = meetings[index].finished else { continue }
            for session in meetings[index].sessions.indices where meetings[index].sessions[session].outcome == .open && meetings[index].sessions[session].due > stop {
                meetings[index].sessions[session].outcome = .dropped
            }
        }
        for index in surveys.indices {
            if let stop = surveys[index].stopped {
                for invitation in surveys[index].invitations.indices where surveys[index].invitations[invitation].answered == nil
                    && (surveys[index].invitations[invitation].due.map { $0 > stop } ?? true) {
                    surveys[index].invitations[invitation].dropped = true
                }
            }
            // Only the questions the step averages: text answers are never averaged.
            let numeric = averaged[surveys[index].step] ?? []
            surveys[index].answers = surveys[index].answers.filter { numeric.contains($0.key) }
        }
        // A case on hold has reached the day its hold began; nothing falls due during it.
        if state == .open, let heldSince {
            reportDate = min(reportDate, heldSince)
            holds.append(heldSince...CalendarDate.latest)
        }
    }

    /// The day the case's status after return is last known for someone who has not left:
    /// the date the case has reached (a case runs until HR ends it, with `left-company`
    /// when someone leaves), or a later outcome.
    public var employedUntil: CalendarDate {
        max(reportDate, employedConfirmedOn ?? reportDate)
    }

    /// A resume moved the due dates of what was open during the hold, and withdrew what
    /// was scheduled in it.
    private mutating func resume(_ data: [String: PluginValue]) {
        guard let since = data["since"].flatMap(\.dateValue), let days = data["days"]?.number, days.isFinite, abs(days) < 4_000_000 else { return }
        let moved = Set((data["moved"]?.list ?? []).compactMap(\.text))
        for index in meetings.indices where moved.contains(meetings[index].step) {
            for session in meetings[index].sessions.indices where meetings[index].sessions[session].outcome == .open && meetings[index].sessions[session].due >= since {
                meetings[index].sessions[session].due = meetings[index].sessions[session].due.adding(days: Int(days))
            }
        }
        for index in surveys.indices where moved.contains(surveys[index].step) {
            for invitation in surveys[index].invitations.indices where surveys[index].invitations[invitation].answered == nil {
                if let due = surveys[index].invitations[invitation].due, due >= since {
                    surveys[index].invitations[invitation].due = due.adding(days: Int(days))
                }
            }
        }
        for withdrawn in (data["withdrawn"]?.list ?? []).compactMap(\.text) {
            let parts = withdrawn.split(separator: "#")
            guard parts.count == 2, let number = Int(parts[1]) else { continue }
            drop(step: String(parts[0]), occurrence: number)
        }
    }

    private mutating func drop(step: String, occurrence: Int) {
        if let index = meetings.firstIndex(where: { $0.step == step }),
           let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == occurrence }), meetings[index].sessions[session].outcome == .open {
            meetings[index].sessions[session].outcome = .dropped
        }
        if let index = surveys.firstIndex(where: { $0.step == step }),
           let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == occurrence }), surveys[index].invitations[invitation].answered == nil {
            surveys[index].invitations[invitation].dropped = true
        }
    }

    private mutating func noteLeft(_ date: CalendarDate) {
        leftOn = min(leftOn ?? date, date)
    }

    private static func count(_ value: PluginValue?) -> Int {
        guard let number = value?.number, number.isFinite, number >= 0, number < 1e9 else { return 0 }
        return Int(number)
    }
}

private extension PluginValue {
    var dateValue: CalendarDate? {
        if case .date(let date) = self { return date }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
