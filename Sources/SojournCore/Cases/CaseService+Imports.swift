public import SojournKit

extension CaseService {
    /// One input of many (`sojourn record --from`): a change to a case, with where it
    /// came from.
    public struct InputLine: Sendable {
        /// The line of the file it is on, for messages.
        public var line: Int
        public var caseID: String
        public var change: Change
        /// The date to record it on (the case's date or today when `nil`).
        public var date: CalendarDate?
        /// Who records it: the operator running the import, for the line's `by` person
        /// when it names someone else.
        public var acting: Acting
        /// What the line says, as a key: a line recorded once is not recorded again
        /// when the file is run again.
        public var key: String

        public init(line: Int, caseID: String, change: Change, date: CalendarDate?, acting: Acting, key: String) {
            self.line = line
            self.caseID = caseID
            self.change = change
            self.date = date
            self.acting = acting
            self.key = key
        }

        /// A key for a line's content: SHA-256 of its parts.
        public static func key(_ parts: [String]) -> String {
            WorkflowCatalog.hash(parts.joined(separator: "\u{1F}"))
        }
    }

    /// What recording a line did.
    public enum LineOutcome: Sendable {
        case recorded(date: CalendarDate, events: [CaseEvent])
        /// The same line was recorded before (a rerun); nothing was written.
        case alreadyRecorded
    }

    /// What can be known of a line before recording it: the case exists and has the
    /// step, and the input has the shape the step's plugin reads. `workflows` remembers
    /// each case's workflow between calls; no case is read.
    ///
    /// - Returns: every problem, as messages and positioned diagnostics; none when good.
    public func check(_ line: InputLine, workflows: inout [String: Workflow]) -> ServiceError? {
        let workflow: Workflow
        if let known = workflows[line.caseID] {
            workflow = known
        } else {
            do {
                let found = try store.read { reader -> Workflow? in
                    guard let hash = try reader.workflowHash(ofCase: line.caseID) else { return nil }
                    return try self.workflow(hash: hash, caseID: line.caseID, reader: reader)
                }
                guard let found else { return ServiceError(Self.noSuchCase(line.caseID)) }
                workflow = found
                workflows[line.caseID] = found
            } catch {
                return Self.serviceError(error, caseID: line.caseID)
            }
        }
        let target: CaseEngine.Target
        switch line.change {
        case .record(let found, _), .skip(let found, _), .postpone(let found, _): target = found
        case .retry(let step): target = CaseEngine.Target(step: step)
        case .cancel, .end, .hold, .resume: return nil
        }
        guard let (step, _) = workflow.step(target.step) else {
            let hint = Suggestions.closest(to: target.step, among: workflow.steps.map(\.id.value)).map { "; did you mean '\($0)'?" } ?? ""
            return ServiceError("workflow '\(workflow.id.value)' has no step '\(target.step)'\(hint)")
        }
        if target.occurrence != nil, step.repeats.isEmpty {
            return ServiceError("step '\(step.id.value)' does not repeat; write '\(step.id.value)' without '#\(target.occurrence!)'")
        }
        if case .record(_, let input) = line.change, let configuration = step.configuration {
            let problems = PluginInvocation(configuration: configuration).check(input)
            if !problems.isEmpty {
                return ServiceError("input for \(target) refused: \(problems[0].message)", diagnostics: problems)
            }
        }
        return nil
    }

    /// Records a line in its own transaction, with its key, unless a line with the same
    /// key was recorded before.
    ///
    /// - Throws: `ServiceError` when the case refuses it; nothing of it is written.
    public func record(_ line: InputLine) throws -> LineOutcome {
        let recordedAt = clock.now()
        return try store.write { writer in try record(line, in: writer, recordedAt: recordedAt) }
    }

    /// Records every line in one transaction that is then undone: what recording them
    /// would do, each line in its own savepoint, and nothing written. Holds the write
    /// lock throughout.
    public func rehearse(_ lines: some Sequence<InputLine>, each: (InputLine, Result<LineOutcome, ServiceError>) -> Void) throws {
        let recordedAt = clock.now()
        try store.rehearse { writer in
            for line in lines {
                do {
                    let outcome = try writer.savepoint { try record(line, in: writer, recordedAt: recordedAt) }
                    each(line, .success(outcome))
                } catch {
                    each(line, .failure(Self.serviceError(error, caseID: line.caseID)))
                }
            }
        }
    }

    private func record(_ line: InputLine, in writer: any CaseStoreWriter, recordedAt: Timestamp) throws -> LineOutcome {
        guard try !writer.isRecorded(line.key) else { return .alreadyRecorded }
        let (date, events) = try apply(line.change, to: line.caseID, as: line.acting, on: line.date, in: writer, recordedAt: recordedAt)
        try writer.noteRecorded(line.key, caseID: line.caseID, at: recordedAt)
        return .recorded(date: date, events: events)
    }
}
