public import SojournKit

/// The figures of one group of cases (a whole programme, or one value of `--by`), each
/// with the counts behind it. Computed from the cases' facts by
/// `ProgrammeFigures.init(_:steps:options:)`; the formulas are in `Docs/kpis.md`.
public struct ProgrammeFigures: Sendable {
    public struct Cases: Sendable, Hashable {
        public var total = 0, open = 0, completed = 0, ended = 0
        /// Cancelled cases are listed but counted in no other figure.
        public var cancelled = 0
        public var endedBy: [ProgrammeReport.Count] = []
    }

    public struct Participation: Sendable, Hashable {
        /// Eligible of those who answered the eligibility questionnaire.
        public var eligible: Ratio
        /// Participants (matched) of the eligible; `nil` when the workflow has no match
        /// step, so nobody is a participant more than anyone else.
        public var participating: Ratio?
        /// Cases not taking part: not eligible, and eligible or unanswered but not matched.
        public var notEligible: Int
        public var notMatched: Int
    }

    public struct Matching: Sendable, Hashable {
        public var step: String
        public var title: String
        /// Matched of those whose match step started.
        public var matched: Ratio
        /// Days from the step's start to the match.
        public var days: Spread
        /// Matched cases whose person stayed in the role (was not released or replaced),
        /// of the matched: mentor retention, for a mentor match.
        public var stayed: Ratio
    }

    public struct Sessions: Sendable, Hashable {
        public var step: String
        public var title: String
        /// Cases whose meeting step started.
        public var pairs: Int
        /// Sessions due (recorded, or open past their due date).
        public var due: Int
        public var held: Int
        public var missed: Int
        /// Held on or before their due date, of those due.
        public var adherence: Ratio
        /// Postponements, and sessions postponed at least once.
        public var postponements: Int
        public var postponedSessions: Int
        /// Hours held: the minutes recorded for held sessions, over 60.
        public var hours: Double
        /// Make-up minutes still owed, over the cases owing any.
        public var owedMinutes: Double
        public var owingCases: Int
        /// Pairs with a session held in the 28 days to the report date, of pairs running.
        public var active: Ratio
        public var rating: Mean
    }

    public struct Survey: Sendable, Hashable {
        public struct Question: Sendable, Hashable {
            public var name: String
            public var mean: Mean
        }
        public var step: String
        public var title: String
        /// Invitations answered, of those due or answered.
        public var response: Ratio
        public var questions: [Question]
    }

    public struct Goals: Sendable, Hashable {
        public var step: String
        public var title: String
        /// Cases whose goals step is complete.
        public var cases: Int
        public var met: Ratio
        public var closed: Int
        public var overdue: Int
    }

    public struct Milestones: Sendable, Hashable {
        public var step: String
        public var title: String
        public var cases: Int
        public var onTime: Ratio
        public var late: Int
        public var missed: Int
    }

    public struct KnowledgeShare: Sendable, Hashable {
        public var step: String
        public var title: String
        /// Sessions held of cases whose step started.
        public var held: Ratio
        public var attendance: Double
        /// Mean attendance per session held.
        public var meanAttendance: Double?
    }

    public struct Outcomes: Sendable, Hashable {
        /// Whether the groups are participants and non-participants; when the workflow has
        /// no match step, `participants` holds everyone and `nonParticipants` nobody.
        public var byParticipation: Bool
        public var participants: Retention
        public var nonParticipants: Retention
        /// Cases recorded as leaving before their return date (not in the retention base).
        public var leftDuringAssignment: Int
        public var comparisons: [Comparison]
    }

    public var cases = Cases()
    public var participation: Participation
    public var matching: [Matching] = []
    public var sessions: [Sessions] = []
    public var surveys: [Survey] = []
    public var goals: [Goals] = []
    public var milestones: [Milestones] = []
    public var knowledgeShares: [KnowledgeShare] = []
    public var recognition: [ProgrammeReport.Count] = []
    public var outcomes: Outcomes
}

extension ProgrammeFigures {
    /// The figures over `all` (cancelled cases are counted in `cases` only).
    /// - Parameters:
    ///   - titles: each step's title, by id.
    ///   - asOf: the latest date the programme's cases have reached: how far a leaver's
    ///     status is known.
    ///   - comparison: the comparison file's rows for this group.
    public init(_ all: [CaseFacts], titles: [String: String], options: ReportOptions, asOf: CalendarDate?, comparison: [ComparisonRecord] = []) {
        var cases = Cases()
        cases.total = all.count
        var endings: [CaseEnding.Reason: Int] = [:]
        for fact in all {
            switch fact.state {
            case .open: cases.open += 1
            case .completed: cases.completed += 1
            case .cancelled: cases.cancelled += 1
            case .ended:
                cases.ended += 1
                if let ending = fact.ending { endings[ending, default: 0] += 1 }
            }
        }
        cases.endedBy = CaseEnding.Reason.allCases.compactMap { reason in endings[reason].map { ProgrammeReport.Count(name: reason.rawValue, count: $0) } }
        self.cases = cases
        let facts = all.filter { $0.state != .cancelled }
        func title(_ step: String) -> String { titles[step] ?? step }

        // Participation needs a match step; without one, retention is shown for everyone.
        let byParticipation = facts.contains { !$0.matches.isEmpty }
        let answered = facts.filter { $0.eligible != nil }
        let eligible = answered.filter { $0.eligible == true }
        participation = Participation(
            eligible: Ratio(eligible.count, of: answered.count),
            participating: byParticipation ? Ratio(eligible.filter(\.participant).count, of: eligible.count) : nil,
            notEligible: answered.count - eligible.count,
            notMatched: facts.filter { $0.eligible != false && !$0.participant }.count)

        // Each family's steps, over every case (of any version), in the order first seen.

        for step in Self.order(facts, { $0.matches.map(\.step) }) {
            let rows = facts.compactMap { $0.matches.first { $0.step == step } }.filter { $0.started != nil }
            let bound = rows.filter { $0.bound != nil }
            matching.append(Matching(step: step, title: title(step), matched: Ratio(bound.count, of: rows.count),
                                     days: Spread(bound.compactMap { row in row.started.flatMap { start in row.bound.map { Double(start.days(until: $0)) } } }),
                                     stayed: Ratio(bound.filter { !$0.released }.count, of: bound.count)))
        }

        for step in Self.order(facts, { $0.meetings.map(\.step) }) {
            var pairs = 0, due = 0, held = 0, missed = 0, onTime = 0, postponements = 0, postponed = 0, owing = 0, running = 0, active = 0
            var minutes = 0.0, owed = 0.0
            var ratings: [[Double]] = []
            for fact in facts {
                guard let meeting = fact.meetings.first(where: { $0.step == step }), meeting.started != nil else { continue }
                pairs += 1
                var caseRatings: [Double] = []
                postponements += meeting.postponements.values.reduce(0, +)
                postponed += meeting.postponements.count
                for session in meeting.sessions {
                    caseRatings += session.ratings
                    guard session.isDue(by: fact.reportDate) else { continue }
                    due += 1
                    if session.heldOnTime { onTime += 1 }
                    switch session.outcome {
                    case .held(_, let length): held += 1; minutes += length
                    case .missed: missed += 1
                    case .open, .dropped: break
                    }
                }
                ratings.append(caseRatings)
                if meeting.owedMinutes > 0 { owing += 1; owed += meeting.owedMinutes }
                if let activity = Self.activity(meeting, of: fact, on: fact.reportDate) {
                    running += 1
                    if activity { active += 1 }
                }
            }
            guard pairs > 0 else { continue }
            sessions.append(Sessions(
                step: step, title: title(step), pairs: pairs, due: due, held: held, missed: missed,
                adherence: Ratio(onTime, of: due), postponements: postponements, postponedSessions: postponed,
                hours: minutes / 60, owedMinutes: owed, owingCases: owing, active: Ratio(active, of: running),
                rating: Mean(answers: ratings, minimumRespondents: options.minimumRespondents)))
        }

        for step in Self.order(facts, { $0.surveys.map(\.step) }) {
            var invited = 0, answered = 0
            var answers: [String: [[Double]]] = [:]
            for fact in facts {
                guard let survey = fact.surveys.first(where: { $0.step == step }) else { continue }
                for invitation in survey.invitations where invitation.counts(by: fact.reportDate) {
                    invited += 1
                    if invitation.answered != nil { answered += 1 }
                }
                for (question, values) in survey.answers { answers[question, default: []].append(values) }
            }
            guard facts.contains(where: { $0.surveys.first { $0.step == step }?.started == true }) else { continue }
            surveys.append(Survey(step: step, title: title(step), response: Ratio(answered, of: invited),
                                  questions: answers.keys.sorted().map { Survey.Question(name: $0, mean: Mean(answers: answers[$0] ?? [], minimumRespondents: options.minimumRespondents)) }))
        }

        for step in Self.order(facts, { $0.goals.map(\.step) }) {
            let done = facts.compactMap { $0.goals.first { $0.step == step } }.filter { $0.set > 0 }
            guard !done.isEmpty else { continue }
            goals.append(Goals(step: step, title: title(step), cases: done.count,
                               met: Ratio(done.reduce(0) { $0 + $1.met }, of: done.reduce(0) { $0 + $1.set }),
                               closed: done.reduce(0) { $0 + $1.closed }, overdue: done.reduce(0) { $0 + $1.overdue }))
        }

        for step in Self.order(facts, { $0.milestones.map(\.step) }) {
            let done = facts.compactMap { $0.milestones.first { $0.step == step } }.filter { $0.total > 0 }
            guard !done.isEmpty else { continue }
            let total = done.reduce(0) { $0 + $1.total }, met = done.reduce(0) { $0 + $1.met }, late = done.reduce(0) { $0 + $1.late }
            milestones.append(Milestones(step: step, title: title(step), cases: done.count, onTime: Ratio(met - late, of: total), late: late, missed: total - met))
        }

        for step in Self.order(facts, { $0.knowledgeShares.map(\.step) }) {
            let started = facts.compactMap { $0.knowledgeShares.first { $0.step == step } }.filter(\.started)
            guard !started.isEmpty else { continue }
            let held = started.filter { $0.heldOn != nil }
            let attendance = held.reduce(0) { $0 + $1.attendance }
            knowledgeShares.append(KnowledgeShare(step: step, title: title(step), held: Ratio(held.count, of: started.count),
                                                  attendance: attendance, meanAttendance: held.isEmpty ? nil : attendance / Double(held.count)))
        }

        var decisions: [String: Int] = [:]
        for fact in facts { for decision in fact.recognition { decisions[decision, default: 0] += 1 } }
        recognition = decisions.sorted { $0.key < $1.key }.map { ProgrammeReport.Count(name: $0.key, count: $0.value) }

        // A leaver's status is known up to the date the programme has reached; anyone
        // else's up to the date their case has reached (or a later outcome).
        func record(_ fact: CaseFacts) -> Retention.Record? {
            fact.returnDate.map { Retention.Record(returnDate: $0, leftOn: fact.leftOn, knownUntil: fact.leftOn == nil ? fact.employedUntil : max(asOf ?? fact.reportDate, fact.reportDate), promotedOn: fact.promotedOn) }
        }
        let participants = Retention(facts.filter { $0.participant || !byParticipation }.compactMap(record))
        let others = Retention(facts.filter { !$0.participant && byParticipation }.compactMap(record))
        let subject = byParticipation ? "participants" : "everyone who returned"
        var comparisons = byParticipation ? [Comparison(subject: subject, against: "non-participants", participants: participants, others: others)] : []
        if let name = options.comparisonName {
            comparisons.append(Comparison(subject: subject, against: name, participants: participants, others: Retention(comparison.map(\.record))))
        }
        outcomes = Outcomes(byParticipation: byParticipation, participants: participants, nonParticipants: others,
                            leftDuringAssignment: facts.filter { fact in fact.leftOn.flatMap { left in fact.returnDate.map { left < $0 } } ?? false }.count,
                            comparisons: comparisons)
    }

    /// The step ids `pick` lists, over every case (of any workflow version), in the order
    /// first seen.
    static func order(_ facts: [CaseFacts], _ pick: (CaseFacts) -> [String]) -> [String] {
        var seen: Set<String> = [], order: [String] = []
        for fact in facts { for step in pick(fact) where seen.insert(step).inserted { order.append(step) } }
        return order
    }

    /// Whether a meeting step's pair was active on `date` (a session held in the 28 days
    /// up to it), or `nil` when the pair was not running then: started at least 28 days
    /// before, not yet finished, and the case not on hold.
    static func activity(_ meeting: CaseFacts.Meeting, of fact: CaseFacts, on date: CalendarDate) -> Bool? {
        guard let started = meeting.started, started <= date.adding(days: -28) else { return nil }
        guard !fact.holds.contains(where: { $0.contains(date) }) else { return nil }
        if let finished = meeting.finished, finished <= date { return nil }
        let window = date.adding(days: -27)...date
        return meeting.sessions.contains { session in
            if case .held(let on, _) = session.outcome { return window.contains(on) }
            return false
        }
    }
}
