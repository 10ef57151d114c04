import SojournKit

extension CaseService {
    /// What one `outbox send` did.
    public struct DeliveryRun: Sendable {
        /// Accepted by the mail agent.
        public var sent: [OutboxEntry] = []
        /// Refused for now: tried again from the time given.
        public var retrying: [(entry: OutboxEntry, at: Timestamp, reason: String)] = []
        /// Refused for good, or out of attempts: not tried again.
        public var failed: [(entry: OutboxEntry, reason: String)] = []
        /// Caught half-way through an earlier hand-over: nobody knows whether they went,
        /// so they are not sent again until someone settles them.
        public var uncertain: [OutboxEntry] = []
        /// Without a recipient address: they stay unsent.
        public var unaddressed: [OutboxEntry] = []
        /// Waiting for their next attempt.
        public var deferred: [OutboxEntry] = []
        /// Digests made in this run, each gathering one person's waiting notices.
        public var digests: [OutboxEntry] = []
        /// Notices waiting for their recipient's next digest (today's went out).
        public var heldForDigest: [OutboxEntry] = []
        /// Why the run stopped before the end: the agent could not be run or reached, or
        /// refused the connection (the setup is wrong). The rest wait, losing no attempt.
        public var stopped: String?

        /// Whether anything needs someone's attention (a refusal for now does not: it is
        /// tried again).
        public var hasProblems: Bool { !failed.isEmpty || !uncertain.isEmpty || !unaddressed.isEmpty || stopped != nil }
    }

    /// How many times a message is tried before it is given up, unless told otherwise.
    public static let defaultMaxAttempts = 8

    /// How long to wait after the `attempt`th refusal: 5 minutes, then three times as
    /// long each time, at most 12 hours (8 attempts span about 2 days).
    public static func backoff(afterAttempt attempt: Int) -> Int64 {
        var seconds: Int64 = 300
        for _ in 1..<max(attempt, 1) { seconds = min(seconds * 3, 43_200) }
        return seconds * 1000
    }

    /// Hands every waiting message to `transport`, one at a time, so that none is ever
    /// sent twice: each is first marked as being handed over, in its own committed
    /// transaction; the agent's answer then marks it sent, or due again later (with
    /// back-off), or failed. A message still marked from a run that stopped half-way
    /// (killed, the machine down) is reported as uncertain and left alone.
    public func sendOutbox(via transport: any MailTransport, from sender: Mailbox, maxAttempts: Int = defaultMaxAttempts) throws -> DeliveryRun {
        var run = DeliveryRun()
        let domain = sender.domain
        run.digests = try composeDigests()
        for entry in try store.read({ try $0.outbox(unsentOnly: true) }) {
            guard let id = entry.id else { continue }
            // It goes out in a digest, tomorrow's if today's has gone.
            if entry.waitsForDigest { run.heldForDigest.append(entry); continue }
            if entry.isUncertain { run.uncertain.append(entry); continue }
            guard entry.isWaiting else { continue }
            let now = clock.now()
            if let next = entry.delivery.nextAttemptAt, next.milliseconds > now.milliseconds { run.deferred.append(entry); continue }
            guard !entry.recipients.isEmpty else { run.unaddressed.append(entry); continue }
            guard let messageID = try store.write({ try $0.claim(outboxEntry: id, messageID: entry.newMessageID(domain: domain), at: now) }) else { continue }
            let message = entry.mailMessage(from: sender, messageID: messageID, date: now)
            let outcome: DeliveryOutcome
            do {
                try transport.deliver(message, sender: sender.address, recipients: entry.recipients.map(\.address))
                outcome = .accepted
            } catch where error.beforeMessage {
                // Not this message's fault: it waits as it was, and so do the rest.
                try store.write { try $0.recordDelivery(of: id, .untried, at: clock.now()) }
                run.stopped = error.message
                break
            } catch {
                let attempts = entry.delivery.attempts + 1
                if error.permanent || attempts >= maxAttempts {
                    outcome = .failed(reason: error.permanent ? error.message : "\(error.message) (gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"))")
                } else {
                    outcome = .retry(at: Timestamp(milliseconds: clock.now().milliseconds + Self.backoff(afterAttempt: attempts)), reason: error.message)
                }
            }
            try store.write { try $0.recordDelivery(of: id, outcome, at: clock.now()) }
            var recorded = entry
            recorded.delivery.messageID = messageID
            switch outcome {
            case .accepted: run.sent.append(recorded)
            case .retry(let at, let reason): run.retrying.append((recorded, at, reason))
            case .failed(let reason): run.failed.append((recorded, reason))
            case .untried: break
            }
        }
        return run
    }

    /// Settles a message an earlier run was handing over when it stopped, or one that
    /// failed: `sent` when it arrived after all, else the next run sends it again, with
    /// its attempts counted from zero.
    public func settleUncertain(_ id: Int, sent: Bool) throws {
        try store.write { writer in
            guard let entry = try writer.outboxEntry(id) else {
                throw ServiceError("there is no message #\(id); sojourn outbox --all lists them")
            }
            guard entry.isUncertain || entry.state == .failed else {
                throw ServiceError("message #\(id) is \(entry.state.rawValue), not uncertain or failed; only those are settled")
            }
            _ = try writer.settleUncertain(id, sent: sent, at: clock.now())
        }
    }
}
