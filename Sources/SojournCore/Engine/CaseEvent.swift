public import SojournKit

/// One change to a case, as the append-only history stores it.
public struct CaseEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case caseOpened = "case-opened"
        case phaseStarted = "phase-started"
        case phaseSkipped = "phase-skipped"
        case phaseCompleted = "phase-completed"
        case stepReady = "step-ready"
        case stepStarted = "step-started"
        case stepWaiting = "step-waiting"
        case inputRecorded = "input-recorded"
        case stepCompleted = "step-completed"
        case stepSkipped = "step-skipped"
        case stepOverdue = "step-overdue"
        case reminderDue = "reminder-due"
        /// A step (or occurrence) still not done some time after its due date: the roles
        /// its `escalate:` names are told.
        case stepEscalated = "step-escalated"
        case stepFailed = "step-failed"
        case stepRetried = "step-retried"
        case occurrenceOpened = "occurrence-opened"
        case occurrenceCompleted = "occurrence-completed"
        case occurrencePostponed = "occurrence-postponed"
        case occurrenceSkipped = "occurrence-skipped"
        case occurrenceMissed = "occurrence-missed"
        case duePostponed = "due-postponed"
        case caseCompleted = "case-completed"
        case caseCancelled = "case-cancelled"
        case caseMigrated = "case-migrated"
        case caseAmended = "case-amended"
        case caseEnded = "case-ended"
        case caseHeld = "case-held"
        case caseResumed = "case-resumed"
        case stepRescheduled = "step-rescheduled"
        case roleBound = "role-bound"
        case roleReleased = "role-released"
        case pairingEnded = "pairing-ended"
        case messageQueued = "message-queued"
        /// Someone read a step's private input (`sojourn private`).
        case privateInputRead = "private-input-read"
        /// A person's values were erased from the case (`sojourn person erase`): the
        /// events it rewrote, and why.
        case personalDataErased = "personal-data-erased"
    }

    public var kind: Kind
    /// The date in the case's time the change belongs to (not the wall clock).
    public var date: CalendarDate
    public var phase: String?
    public var step: String?
    public var occurrence: Int?
    /// Who caused it (for recorded input, skips, cancellations), else `nil` (the engine).
    public var actor: String?
    /// Details: a message, the input, the outputs, a reason.
    public var data: [String: PluginValue]
    /// Input the plugin marks private (a meeting's notes), by key: stored apart from the
    /// history (`private_inputs`), never printed by `history` or written in `data`.
    public var privateInput: [String: PluginValue] = [:]

    public init(_ kind: Kind, on date: CalendarDate, phase: String? = nil, step: String? = nil, occurrence: Int? = nil, actor: String? = nil, data: [String: PluginValue] = [:]) {
        self.kind = kind
        self.date = date
        self.phase = phase
        self.step = step
        self.occurrence = occurrence
        self.actor = actor
        self.data = data
    }

    /// One line for people: `step eligibility completed`; for something an operator did
    /// for someone, `… (for Ana Lima <ana@example.com>: she sent it by e-mail)`.
    public var summary: String {
        guard let person = data["for"]?.displayText else { return ownSummary }
        return ownSummary + " (for \(person): \(data["reason"]?.displayText ?? ""))"
    }

    private var ownSummary: String {
        let target = [phase.map { "phase \($0)" }, step.map { occurrence == nil ? $0 : "\($0)#\(occurrence!)" }].compactMap { $0 }.first ?? ""
        let message = data["message"]?.displayText
        switch kind {
        case .caseOpened: return "case opened"
        case .phaseStarted: return "\(target) started"
        case .phaseSkipped: return "\(target) skipped (its condition is false)"
        case .phaseCompleted: return "\(target) completed"
        case .stepReady: return "\(target) ready; starts on \(data["starts"]?.displayText ?? "its start date")"
        case .stepStarted: return "\(target) started" + (data["due"].map { ", due \($0.displayText)" } ?? "")
        case .stepWaiting: return "\(target) waiting: \(message ?? "for input")"
        case .inputRecorded:
            let input = data["input"]?.displayText ?? ""
            return "\(target): input recorded" + (input.isEmpty ? "" : " (\(input))")
        case .stepCompleted: return "\(target) completed"
        case .stepSkipped: return "\(target) skipped" + (message.map { ": \($0)" } ?? "")
        case .stepOverdue: return "\(target) overdue (due \(data["due"]?.displayText ?? "?"))"
        case .reminderDue: return "reminder for \(target) (\(data["rule"]?.displayText ?? ""))"
        case .stepEscalated: return "\(target) escalated to \(data["to"]?.list?.compactMap(\.text).joined(separator: ", ") ?? "?") (due \(data["due"]?.displayText ?? "?"))"
        case .stepFailed: return "\(target) failed: \(message ?? "")"
        case .stepRetried: return "\(target) retried"
        case .occurrenceOpened: return "\(target) opened" + (data["due"].map { ", due \($0.displayText)" } ?? "")
        case .occurrenceCompleted: return "\(target) completed"
        case .occurrencePostponed: return "\(target) postponed from \(data["from"]?.displayText ?? "?") to \(data["to"]?.displayText ?? "?")"
        case .occurrenceMissed: return "\(target) missed"
        case .occurrenceSkipped: return "\(target) skipped" + (message.map { ": \($0)" } ?? "")
        case .duePostponed: return "\(target) due date moved from \(data["from"]?.displayText ?? "?") to \(data["to"]?.displayText ?? "?")"
        case .caseCompleted: return "case completed"
        case .caseCancelled: return "case cancelled" + (message.map { ": \($0)" } ?? "")
        case .caseEnded:
            let stopped = data["stopped"]?.list?.count ?? 0
            return "case ended: \(data["reason"]?.displayText ?? "?")" + (message.map { " (\($0))" } ?? "") + (stopped > 0 ? "; \(stopped) step\(stopped == 1 ? "" : "s") stopped" : "")
        case .caseHeld: return "case on hold" + (message.map { ": \($0)" } ?? "")
        case .caseResumed:
            let days = data["days"]?.number.map { Int($0) } ?? 0
            var moved = ""
            if let steps = data["moved"]?.list, !steps.isEmpty { moved = "; \(steps.count) due date\(steps.count == 1 ? "" : "s") moved \(days) day\(days == 1 ? "" : "s") later" }
            let withdrawn = data["withdrawn"]?.list?.count ?? 0
            return "case resumed after \(days) day\(days == 1 ? "" : "s") on hold" + moved + (withdrawn > 0 ? "; \(withdrawn) occurrence\(withdrawn == 1 ? "" : "s") in the hold withdrawn" : "")
                + (message.map { " (\($0))" } ?? "")
        case .caseAmended:
            let before = data["before"]?.object ?? [:], after = data["after"]?.object ?? [:]
            let changes = after.keys.sorted().map { "\($0) \(before[$0]?.displayText ?? "none") → \(after[$0]?.displayText ?? "none")" }
            return "case amended: " + changes.joined(separator: ", ") + (message.map { " (\($0))" } ?? "")
        case .stepRescheduled:
            var parts: [String] = []
            if let added = data["added"]?.list?.compactMap(\.number).map({ Int($0) }), !added.isEmpty { parts.append("\(Self.numbers(added)) added") }
            if let withdrawn = data["withdrawn"]?.list?.compactMap(\.number).map({ Int($0) }), !withdrawn.isEmpty { parts.append("\(Self.numbers(withdrawn)) withdrawn") }
            if let moved = data["moved"]?.list?.compactMap(\.number).map({ Int($0) }), !moved.isEmpty { parts.append("\(Self.numbers(moved)) moved") }
            return "\(target) rescheduled: " + parts.joined(separator: ", ") + (data["last"].map { "; last \($0.displayText)" } ?? "")
        case .caseMigrated: return "case moved to workflow version \(data["to"]?.displayText ?? "?")"
        case .roleBound: return "\(data["role"]?.displayText ?? "role") is now \(data["person"]?.displayText ?? "?")" + (step.map { " (\($0))" } ?? "")
        case .pairingEnded: return "\(data["person"]?.displayText ?? "?") is no longer paired as \(data["role"]?.displayText ?? "role"): no step left for the role"
        case .roleReleased: return "\(data["person"]?.displayText ?? "?") is no longer \(data["role"]?.displayText ?? "role")"
        case .messageQueued: return "message to \(data["to"]?.displayText ?? "?"): \(data["subject"]?.displayText ?? "")"
        case .privateInputRead: return "private input of \(target) read (events \(data["events"]?.displayText ?? ""))"
        case .personalDataErased:
            let events = data["events"]?.list?.compactMap(\.number).map { Int($0) } ?? []
            return "a person's data erased, now \(data["person"]?.displayText ?? "?")"
                + (events.isEmpty ? "" : "; events \(events.map(String.init).joined(separator: ", ")) rewritten") + " (\(data["reason"]?.displayText ?? ""))"
        }
    }

    /// `#3`, `#3–#5`, `#3, #7`.
    private static func numbers(_ values: [Int]) -> String {
        guard let first = values.first, let last = values.last else { return "" }
        if values.count > 2, values == Array(first...last) { return "#\(first)–#\(last)" }
        return values.map { "#\($0)" }.joined(separator: ", ")
    }
}
