import SojournKit

extension CaseService {
    /// Gathers each person's waiting reminders, overdue notices and escalations (those
    /// that want a digest: `digest: daily` in the workflow or on the roster) into one
    /// message, overdue and escalated first, across all their cases. At most one digest
    /// per person per day (UTC): what comes later waits for the next day's. Gathering and
    /// the digest are one transaction, so each item goes out once. Answers the digests made.
    @discardableResult
    public func composeDigests() throws -> [OutboxEntry] {
        let now = clock.now()
        let today = Int(now.milliseconds / 86_400_000)
        return try store.write { writer in
            let all = try writer.outbox(unsentOnly: false)
            let waiting = all.filter(\.waitsForDigest)
            guard !waiting.isEmpty else { return [] }
            let sentToday = Set(all.filter { $0.kind == .digest && Int($0.queuedAt.milliseconds / 86_400_000) == today }.compactMap { $0.recipients.first?.address.lowercased() })
            let groups = Dictionary(grouping: waiting) { $0.recipients[0].address.lowercased() }
            let roster = StoreRoster(reader: writer)
            var made: [OutboxEntry] = []
            var labels: [String: String] = [:]
            for (address, parts) in groups.sorted(by: { $0.key < $1.key }) where !sentToday.contains(address) {
                let ordered = parts.sorted { (Self.digestRank($0.kind), $0.date, $0.id ?? 0) < (Self.digestRank($1.kind), $1.date, $1.id ?? 0) }
                let first = ordered[0]
                let templates = try writer.loadCase(first.caseID).map { try workflow(of: $0, reader: writer).messages } ?? MessageTemplates()
                let wording = templates.wording(.digest, language: roster.person(email: address)?.locale).wording
                // Two reminders of one step saying the same are one line; each names its case.
                var lines: [String] = []
                for part in ordered {
                    if labels[part.caseID] == nil { labels[part.caseID] = try writer.loadCase(part.caseID)?.label ?? part.caseID }
                    let line = "- \(part.subject) (\(labels[part.caseID] ?? part.caseID), case \(part.caseID))"
                    if !lines.contains(line) { lines.append(line) }
                }
                let items = lines.joined(separator: "\n")
                let values = ["person": PersonText.name(first.to[0]), "count": String(lines.count), "items": items]
                var digest = OutboxEntry(
                    caseID: first.caseID, step: nil, to: [first.to[0]], subject: Template.fill(wording.subject, with: values),
                    body: Template.fill(wording.body, with: values), date: ordered.map(\.date).max() ?? first.date, queuedAt: now)
                digest.kind = .digest
                let id = try writer.queue(digest)
                try writer.gather(ordered.compactMap(\.id), into: id)
                digest.id = id
                made.append(digest)
            }
            return made
        }
    }

    /// Overdue notices and escalations come before reminders.
    private static func digestRank(_ kind: OutboxEntry.Kind) -> Int {
        switch kind {
        case .overdue, .escalation: 0
        default: 1
        }
    }
}
