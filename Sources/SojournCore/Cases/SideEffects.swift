import SojournKit

/// The roster as plugins read it, live inside the current transaction: a binding made
/// for one case is counted when the next case in the same batch is matched.
struct StoreRoster: RosterService, @unchecked Sendable {
    let reader: any CaseStoreReader
    /// Who was paired with whom before, asked once per role and employee per change.
    private let earlier = Earlier()

    init(reader: any CaseStoreReader) {
        self.reader = reader
    }

    private final class Earlier {
        var pairings: [String: Set<String>] = [:]
    }

    func people() -> [RosterPerson] { (try? reader.roster()) ?? [] }

    func activePairings(of email: String, role: String) -> Int {
        (try? reader.activePairings(of: email, role: role)) ?? 0
    }

    func openPairings(role: String) -> [String: Int]? {
        try? reader.openPairings(role: role)
    }

    func person(email: String) -> RosterPerson? {
        try? reader.rosterPerson(email: email)
    }

    func pairedBefore(_ email: String, role: String, employee: String) -> Bool {
        let key = role + "\u{1F}" + employee.lowercased()
        if earlier.pairings[key] == nil { earlier.pairings[key] = (try? reader.pairedBefore(role: role, employee: employee)) ?? [] }
        return earlier.pairings[key]?.contains(email.lowercased()) ?? false
    }
}

/// What a case's events change outside the case: pairings and the outbox (the plugins'
/// messages, reminders and notices, invitations).
enum SideEffects {
    /// `before` is the case as it was (`nil` for a case just opened).
    static func apply(_ events: [CaseEvent], of stored: StoredCase, before: StoredCase?, workflow: Workflow, in writer: any CaseStoreWriter, recordedAt: Timestamp) throws {
        let employee = employeeKey(stored.fields, workflow: workflow) ?? stored.id
        let roster = StoreRoster(reader: writer)
        let notices = Notices(workflow: workflow, stored: stored, roster: roster, recordedAt: recordedAt)
        for event in events {
            switch event.kind {
            case .reminderDue, .stepOverdue, .stepEscalated:
                for entry in notices.entries(for: event) { try writer.queue(entry) }
            case .stepCompleted, .stepSkipped, .occurrenceCompleted, .occurrenceMissed, .occurrenceSkipped, .occurrencePostponed, .duePostponed:
                // Done, or due another day: what was waiting to remind someone of it is no
                // longer true (a postponed date gets its own reminders).
                guard let step = event.step else { continue }
                try writer.withdrawUnsentNotices(caseID: stored.id, step: step, occurrence: event.occurrence, at: recordedAt)
            case .roleBound:
                guard case .text(let role)? = event.data["role"], case .text(let person)? = event.data["person"] else { continue }
                try writer.startPairing(caseID: stored.id, role: role, email: email(of: person), employee: employee, on: event.date)
            case .roleReleased, .pairingEnded:
                guard case .text(let role)? = event.data["role"] else { continue }
                try writer.endPairings(caseID: stored.id, role: role, on: event.date)
                // Someone who left the role is not reminded of its steps any more.
                if event.kind == .roleReleased, case .text(let person)? = event.data["person"] {
                    try writer.withdrawUnsentNotices(caseID: stored.id, to: person, at: recordedAt)
                }
            case .messageQueued:
                let to: [String] = event.data["to"].flatMap { value -> [String]? in
                    if case .list(let items) = value { return items.compactMap(\.text) }
                    return nil
                } ?? []
                try writer.queue(OutboxEntry(
                    caseID: stored.id, step: event.step, to: to, subject: event.data["subject"]?.text ?? "",
                    body: event.data["body"]?.text ?? "", date: event.date, queuedAt: recordedAt))
            case .caseCompleted, .caseCancelled:
                // A finished case frees its people's capacity.
                try writer.endPairings(caseID: stored.id, role: nil, on: event.date)
            case .caseEnded:
                // Nobody is paired with a case that ended, and nothing more is sent about it.
                try writer.endPairings(caseID: stored.id, role: nil, on: event.date)
                try writer.withdrawUnsent(caseID: stored.id, at: recordedAt)
            default:
                continue
            }
        }
        // After the loop: an ending withdraws what was queued, not its cancellations.
        let invitations = Invitations(workflow: workflow, roster: roster, recordedAt: recordedAt)
        let sent = try invitations.entries(from: before, to: stored, events: events, history: { try writer.events(of: stored.id) },
                                           wasSent: { uid, to in try writer.invitationSent(caseID: stored.id, uid: uid, to: to) })
        // The newer version of a series replaces one to the same people not yet sent.
        for (entry, uid) in sent { try writer.withdrawUnsentInvitations(caseID: stored.id, uid: uid, to: entry.to, at: recordedAt) }
        for (entry, _) in sent { try writer.queue(entry) }
    }

    /// The email in `Name <email>`, else the whole text.
    static func email(of person: String) -> String {
        PersonText.email(person) ?? person
    }

    /// Who the case is about, for pairings: the first person field's email.
    static func employeeKey(_ fields: [String: PluginValue], workflow: Workflow) -> String? {
        for field in workflow.fields where field.type == .person {
            if case .text(let text)? = fields[field.name.value] { return email(of: text) }
        }
        return nil
    }
}
