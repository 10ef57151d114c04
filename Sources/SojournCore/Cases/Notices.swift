import SojournKit

/// The messages Sojourn writes on its own when a case's time passes: a reminder to the
/// person who owes a step, an overdue notice to them, an escalation to the roles a step
/// names. Each is worded from the workflow's templates (or the built-in English) in its
/// recipient's language, and one recipient gets one message, so that each reads their
/// own language.
///
/// A notice is written only for a step or occurrence still not done once the change
/// that produced it is over: a session marked missed the day it became overdue gets no
/// overdue notice, and a reminder long past when a case is brought up to date is not sent
/// for something already finished.
struct Notices {
    let workflow: Workflow
    /// The case after the change.
    let stored: StoredCase
    let roster: any RosterService
    let recordedAt: Timestamp

    /// The outbox entries `event` calls for: none for most events.
    func entries(for event: CaseEvent) -> [OutboxEntry] {
        let kind: OutboxEntry.Kind
        switch event.kind {
        case .reminderDue: kind = .reminder
        case .stepOverdue: kind = .overdue
        case .stepEscalated: kind = .escalation
        default: return []
        }
        guard let stepID = event.step, let (step, _) = workflow.step(stepID), let prompt = waiting(stepID, occurrence: event.occurrence) else { return [] }
        let owner = step.owner.flatMap { stored.people[$0.value] }
        let recipients: [String]
        switch kind {
        case .escalation:
            recipients = (event.data["to"]?.list ?? []).compactMap(\.text).compactMap { stored.people[$0] }
        case .reminder:
            recipients = [event.data["person"]?.text ?? owner].compactMap { $0 }
        default:
            recipients = [owner].compactMap { $0 }
        }
        let due = event.data["due"].flatMap { value -> CalendarDate? in if case .date(let date) = value { return date } else { return nil } }
        var values = Template.values(fields: stored.fields, people: stored.people)
        values["step"] = step.displayTitle + (event.occurrence.map { " #\($0)" } ?? "")
        values["case"] = stored.label
        values["workflow"] = workflow.title
        values["due"] = due?.description ?? "no date"
        values["prompt"] = prompt
        values["owner"] = owner.map(PersonText.name) ?? "nobody"
        let late = due.map { event.date.dayNumber - $0.dayNumber } ?? 0
        values["days"] = String(late)
        values["days_late"] = late == 1 ? "1 day" : "\(late) days"
        var seen = Set<String>()
        return recipients.compactMap { person -> OutboxEntry? in
            let email = SideEffects.email(of: person)
            guard seen.insert(email.lowercased()).inserted else { return nil }
            let entry = roster.person(email: email)
            var filled = values
            filled["person"] = PersonText.name(person)
            let templateKind = MessageTemplates.Kind(rawValue: kind.rawValue) ?? .reminder
            let wording = workflow.messages.wording(templateKind, language: entry?.locale).wording
            var message = OutboxEntry(
                caseID: stored.id, step: stepID, to: [person], subject: Template.fill(wording.subject, with: filled),
                body: Template.fill(wording.body, with: filled), date: event.date, queuedAt: recordedAt)
            message.kind = kind
            message.occurrence = event.occurrence
            message.wantsDigest = entry?.digest ?? workflow.digest
            return message
        }
    }

    /// What the step or occurrence asks for, when it is still waiting to be done.
    private func waiting(_ stepID: String, occurrence: Int?) -> String? {
        guard stored.progress.state == .open, let state = stored.progress.steps[stepID] else { return nil }
        if let occurrence {
            guard let found = state.occurrences.first(where: { $0.number == occurrence }), !found.isFinished else { return nil }
            return found.request?.prompt ?? ""
        }
        guard !state.isFinished else { return nil }
        return state.request?.prompt ?? ""
    }
}
