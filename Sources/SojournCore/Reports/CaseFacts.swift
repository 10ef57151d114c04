public import SojournKit

/// What one case contributes to the programme figures, read off its events (not its
/// current state), so a figure can be recounted from the history alone: which steps
/// happened on which dates, each session's due date and outcome, each answer. Built by
/// `CaseFacts.init(_:workflow:advancedTo:)`; the figures are computed over many of these
/// (`ProgrammeFigures`).
public struct CaseFacts: Sendable {
    public struct Match: Sendable, Hashable {
        public var step: String
        public var started: CalendarDate?
        public var bound: CalendarDate?
        /// The role it filled and the person it bound first.
        public var role: String?
        public var person: String?
        /// Whether that person later left the role (released, or replaced).
        public var released = false
    }

    /// One session of a meeting step.
    public struct Session: Sendable, Hashable {
        public enum Outcome: Sendable, Hashable {
            case open
            case held(on: CalendarDate, minutes: Double)
            case missed
            /// Skipped or withdrawn: not counted as due.
            case dropped
        }
        public var occurrence: Int
        /// The date it is due by, after any postponement.
        public var due: CalendarDate
        public var outcome: Outcome = .open
        public var postponements = 0
        /// Ratings recorded for it.
        public var ratings: [Double] = []
    }

    public struct Meeting: Sendable, Hashable {
        public var step: String
        public var started: CalendarDate?
        /// When it stopped: completed, skipped, or the case ended.
        public var finished: CalendarDate?
        public var sessions: [Session] = []
        /// Make-up minutes still owed, as the step last said.
        public var owedMinutes = 0.0
    }

    /// One invitation to answer a survey (a step, or one occurrence of a repeating step).
    public struct Invitation: Sendable, Hashable {
        public var occurrence: Int?
        public var due: CalendarDate?
        public var answered: CalendarDate?
        public var dropped = false
    }

    public struct Survey: Sendable, Hashable {
        public var step: String
        public var invitations: [Invitation] = []
        /// Every numeric answer, by question, one entry per answer.
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
    /// The date the case has reached: figures about what is due count up to it.
    public var reportDate: CalendarDate
    public var fields: [String: PluginValue]
    public var departure: CalendarDate?
    public var returnDate: CalendarDate?

    /// The first questionnaire's `eligible`, if answered.
    public var eligible: Bool?
    public var matches: [Match] = []
    public var meetings: [Meeting] = []
    public var surveys: [Survey] = []
    public var goals: [Goals] = []
    public var milestones: [Milestones] = []
    public var knowledgeShares: [KnowledgeShare] = []
    /// Recognition decisions, one per recognition step decided.
    public var recognition: [String] = []
    /// Each step's latest outputs (of the step, or its latest occurrence), for the
    /// figures plugins declare.
    public var outputs: [String: [String: PluginValue]] = [:]

    /// The day the case recorded the employee as gone: `sojourn end --reason
    /// left-company`, or an outcome saying not still employed (the earlier).
    public var leftOn: CalendarDate?
    /// The latest day an outcome recorded the employee as still employed.
    public var employedConfirmedOn: CalendarDate?
    /// The first day an outcome recorded a promotion.
    public var promotedOn: CalendarDate?

    /// A participant: the workflow's first match step bound someone.
    public var participant: Bool { matches.first?.bound != nil }

    public init(_ source: ReportCase, workflow: Workflow, advancedTo: CalendarDate?) {
        id = source.id
        state = source.state
        ending = source.ending
        reportDate = CaseService.effectiveDate(asOf: source.asOf, open: source.state == .open, nextMoment: source.nextMoment, advancedTo: advancedTo)
        fields = source.fields
        departure = source.fields["departure"].flatMap(\.dateValue)
        returnDate = source.fields["return"].flatMap(\.dateValue)

        var uses: [String: String] = [:]
        for step in workflow.steps { uses[step.id.value] = step.uses.value }
        // Families in workflow order, so "the first match step" is the workflow's first.
        for step in workflow.steps {
            let id = step.id.value
            switch step.uses.value {
            case FigureSources.match: matches.append(Match(step: id))
            case FigureSources.meeting: meetings.append(Meeting(step: id))
            case FigureSources.survey: surveys.append(Survey(step: id))
            case FigureSources.goals: goals.append(Goals(step: id))
            case FigureSources.milestones: milestones.append(Milestones(step: id))
            case FigureSources.knowledgeShare: knowledgeShares.append(KnowledgeShare(step: id))
            default: break
            }
        }

        var lastMinutes: [String: Double] = [:]
        for event in source.events {
            let step = event.step
            let plugin = step.flatMap { uses[$0] }
            let outputs = event.data["outputs"]?.object ?? [:]
            if let step, [.stepCompleted, .occurrenceCompleted, .occurrenceMissed].contains(event.kind), event.data["outputs"] != nil {
                self.outputs[step] = outputs
            }
            switch event.kind {
            case .caseEnded:
                endedOn = event.date
                if event.data["reason"]?.text == CaseEnding.Reason.leftCompany.rawValue { noteLeft(event.date) }
                for index in meetings.indices where meetings[index].finished == nil { meetings[index].finished = event.date }
            case .caseCompleted, .caseCancelled:
                endedOn = event.date
                for index in meetings.indices where meetings[index].finished == nil { meetings[index].finished = event.date }
            case .stepStarted:
                guard let step else { continue }
                if let index = matches.firstIndex(where: { $0.step == step }), matches[index].started == nil { matches[index].started = event.date }
                if let index = meetings.firstIndex(where: { $0.step == step }), meetings[index].started == nil { meetings[index].started = event.date }
                if let index = knowledgeShares.firstIndex(where: { $0.step == step }) { knowledgeShares[index].started = true }
                // A survey that does not repeat is one invitation, due when the step is.
                if let index = surveys.firstIndex(where: { $0.step == step }), event.data["occurrences"] == nil {
                    surveys[index].invitations.append(Invitation(occurrence: nil, due: event.data["due"].flatMap(\.dateValue)))
                }
            case .roleBound:
                if let step, let index = matches.firstIndex(where: { $0.step == step }), matches[index].bound == nil {
                    matches[index].bound = event.date
                    matches[index].role = event.data["role"]?.text
                    matches[index].person = event.data["person"]?.text
                }
            case .roleReleased:
                for index in matches.indices where matches[index].bound != nil
                    && matches[index].role == event.data["role"]?.text && matches[index].person == event.data["person"]?.text {
                    matches[index].released = true
                }
            case .stepSkipped:
                guard let step else { continue }
                if let index = meetings.firstIndex(where: { $0.step == step }), meetings[index].finished == nil { meetings[index].finished = event.date }
                if let index = surveys.firstIndex(where: { $0.step == step }) {
                    for invitation in surveys[index].invitations.indices where surveys[index].invitations[invitation].answered == nil {
                        surveys[index].invitations[invitation].dropped = true
                    }
                }
            case .stepCompleted:
                guard let step else { continue }
                switch plugin {
                case FigureSources.questionnaire?:
                    if eligible == nil, let value = outputs["eligible"]?.boolValue { eligible = value }
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
                    if outputs["still_employed"]?.boolValue == false { noteLeft(event.date) }
                    if outputs["still_employed"]?.boolValue == true { employedConfirmedOn = max(employedConfirmedOn ?? event.date, event.date) }
                    if outputs["promoted"]?.boolValue == true, promotedOn == nil { promotedOn = event.date }
                case FigureSources.survey?:
                    if let index = surveys.firstIndex(where: { $0.step == step }),
                       let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == nil && $0.answered == nil }) {
                        surveys[index].invitations[invitation].answered = event.date
                    }
                default: break
                }
            case .inputRecorded:
                guard let step, let input = event.data["input"]?.object else { continue }
                if plugin == FigureSources.survey, let index = surveys.firstIndex(where: { $0.step == step }) {
                    for (question, answer) in input { if let number = answer.number { surveys[index].answers[question, default: []].append(number) } }
                }
                if plugin == FigureSources.meeting, let rating = input["rating"]?.number,
                   let index = meetings.firstIndex(where: { $0.step == step }),
                   let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    meetings[index].sessions[session].ratings.append(rating)
                }
            case .occurrenceOpened:
                guard let step, let occurrence = event.occurrence, let due = event.data["due"].flatMap(\.dateValue) else { continue }
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
                if let step, let index = meetings.firstIndex(where: { $0.step == step }),
                   let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    meetings[index].sessions[session].postponements += 1
                }
            case .occurrenceCompleted, .occurrenceMissed:
                guard let step else { continue }
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
                if event.kind == .occurrenceCompleted, let index = surveys.firstIndex(where: { $0.step == step }),
                   let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    surveys[index].invitations[invitation].answered = event.date
                }
            case .occurrenceSkipped:
                guard let step else { continue }
                if let index = meetings.firstIndex(where: { $0.step == step }),
                   let session = meetings[index].sessions.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    meetings[index].sessions[session].outcome = .dropped
                }
                if let index = surveys.firstIndex(where: { $0.step == step }),
                   let invitation = surveys[index].invitations.lastIndex(where: { $0.occurrence == event.occurrence }) {
                    surveys[index].invitations[invitation].dropped = true
                }
            default:
                break
            }
        }
        // What a case that stopped left open is not due: it was withdrawn with the case.
        if let endedOn {
            for index in meetings.indices {
                for session in meetings[index].sessions.indices where meetings[index].sessions[session].outcome == .open && meetings[index].sessions[session].due > endedOn {
                    meetings[index].sessions[session].outcome = .dropped
                }
            }
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
