public import SojournKit

/// The figures that show whether a programme worked, per workflow: how many took part and
/// were eligible, how often pairs met and how they rated it, what surveys said, who was
/// recognised, and retention and promotion after return. Built from the outputs of each
/// case's steps, by the kind of step (`meeting`, `survey`, `outcome`, …), so it works for
/// any workflow that uses those plugins.
public struct ProgrammeReport: Sendable {
    /// The figures of one workflow (all its versions).
    public struct Programme: Sendable {
        public var workflow: String
        public var title: String
        public var cases = 0
        public var open = 0
        public var completed = 0
        public var cancelled = 0
        /// Questionnaires answered with an `eligible` output, and how many were eligible.
        public var answered = 0
        public var eligible = 0
        /// Percent of those who answered who were eligible.
        public var eligiblePercent: Double? { answered == 0 ? nil : Double(eligible) * 100 / Double(answered) }
        /// Cases in which each match step (by title) bound someone.
        public var matched: [Count] = []
        public var sessions: [Sessions] = []
        public var surveys: [Survey] = []
        /// Recognition decisions: awarded, declined, not-eligible, nominated.
        public var recognition: [Count] = []
        public var outcomes: [Outcome] = []
    }

    /// A named count.
    public struct Count: Sendable, Hashable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// A `meeting` step across cases.
    public struct Sessions: Sendable {
        public var step: String
        public var title: String
        public var cases = 0
        public var held = 0
        public var missed = 0
        /// Cases with rated sessions, and the sum of their average ratings.
        public var ratedCases = 0
        var ratingSum = 0.0
        /// Cases whose attendance fell below `min_attendance`.
        public var fellShort = 0

        /// Percent of sessions held.
        public var attendance: Double? { held + missed == 0 ? nil : Double(held) * 100 / Double(held + missed) }
        /// The mean of the cases' average ratings.
        public var averageRating: Double? { ratedCases == 0 ? nil : ratingSum / Double(ratedCases) }
    }

    /// A `survey` step across cases: the mean of each question's average per case.
    public struct Survey: Sendable {
        public var step: String
        public var title: String
        public var cases = 0
        public var questions: [(name: String, cases: Int, sum: Double)] = []

        public var averages: [(name: String, average: Double)] {
            questions.map { ($0.name, $0.sum / Double(Swift.max(1, $0.cases))) }
        }
    }

    /// An `outcome` step across cases.
    public struct Outcome: Sendable {
        public var step: String
        /// Its `label`, else the step's title.
        public var label: String
        public var recorded = 0
        public var stillEmployed = 0
        public var promoted = 0
        public var movedRole = 0

        public var retention: Double? { recorded == 0 ? nil : Double(stillEmployed) * 100 / Double(recorded) }
        public var promotion: Double? { recorded == 0 ? nil : Double(promoted) * 100 / Double(recorded) }
    }

    /// One entry per workflow id, in the order first seen.
    public var programmes: [Programme] = []

    public init() {}

    /// Adds one case.
    public mutating func add(_ stored: StoredCase, workflow: Workflow) {
        let id = workflow.id.value
        Self.update(&programmes, where: { $0.workflow == id }, new: Programme(workflow: id, title: workflow.title)) { programme in
            Self.count(stored, workflow: workflow, into: &programme)
        }
    }

    private static func count(_ stored: StoredCase, workflow: Workflow, into programme: inout Programme) {
        programme.cases += 1
        switch stored.progress.state {
        case .open: programme.open += 1
        case .completed: programme.completed += 1
        case .cancelled: programme.cancelled += 1
        }
        for step in workflow.steps {
            let stepID = step.id.value
            guard let progress = stored.progress.steps[stepID] else { continue }
            let outputs = progress.outputs
            let title = step.displayTitle
            switch step.uses.value {
            case "questionnaire":
                guard case .bool(let eligible)? = outputs["eligible"] else { continue }
                programme.answered += 1
                if eligible { programme.eligible += 1 }
            case "mentor-match":
                guard progress.state == .completed, outputs["matched"] != nil else { continue }
                increment(&programme.matched, title)
            case "meeting":
                guard let held = outputs["held"]?.number, let missed = outputs["missed"]?.number else { continue }
                Self.update(&programme.sessions, where: { $0.step == stepID }, new: Sessions(step: stepID, title: title)) { sessions in
                    sessions.cases += 1
                    sessions.held += Int(held)
                    sessions.missed += Int(missed)
                    if let rating = outputs["average_rating"]?.number {
                        sessions.ratedCases += 1
                        sessions.ratingSum += rating
                    }
                    if outputs["fell_short"] == .bool(true), progress.isFinished { sessions.fellShort += 1 }
                }
            case "survey":
                let averages = outputs.filter { $0.key.hasPrefix("avg_") }.sorted { $0.key < $1.key }
                guard !averages.isEmpty else { continue }
                Self.update(&programme.surveys, where: { $0.step == stepID }, new: Survey(step: stepID, title: title)) { survey in
                    survey.cases += 1
                    for (key, value) in averages {
                        guard let number = value.number else { continue }
                        let name = String(key.dropFirst(4))
                        Self.update(&survey.questions, where: { $0.name == name }, new: (name, 0, 0)) { question in
                            question.cases += 1
                            question.sum += number
                        }
                    }
                }
            case "recognition":
                guard let decision = outputs["decision"]?.text else { continue }
                increment(&programme.recognition, decision)
            case "outcome":
                guard progress.state == .completed, case .bool(let employed)? = outputs["still_employed"] else { continue }
                let label = outputs["label"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? title
                Self.update(&programme.outcomes, where: { $0.step == stepID }, new: Outcome(step: stepID, label: label)) { outcome in
                    outcome.recorded += 1
                    if employed { outcome.stillEmployed += 1 }
                    if outputs["promoted"] == .bool(true) { outcome.promoted += 1 }
                    if outputs["moved_role"] == .bool(true) { outcome.movedRole += 1 }
                }
            default:
                continue
            }
        }
    }

    private static func increment(_ counts: inout [Count], _ name: String) {
        update(&counts, where: { $0.name == name }, new: Count(name: name, count: 0)) { $0.count += 1 }
    }

    /// Changes the item that `matches`, appending `new` first when there is none, so
    /// entries keep the order they were first seen in.
    private static func update<T>(_ items: inout [T], where matches: (T) -> Bool, new: @autoclosure () -> T, _ change: (inout T) -> Void) {
        if let index = items.firstIndex(where: matches) {
            change(&items[index])
        } else {
            var item = new()
            change(&item)
            items.append(item)
        }
    }
}
