public import SojournKit

/// A message in the outbox.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int?
    public var caseID: String
    public var step: String?
    /// People as `Name <email>`, or addresses.
    public var to: [String]
    public var subject: String
    public var body: String
    /// The date in the case's time the message belongs to.
    public var date: CalendarDate
    /// When it was queued and, once sent, when it was sent.
    public var queuedAt: Timestamp
    public var sentAt: Timestamp?
    /// When it was withdrawn unsent (its case ended); it is never sent then.
    public var withdrawnAt: Timestamp?
    /// How its delivery goes (`sojourn outbox send`).
    public var delivery = Delivery()
    /// What it is.
    public var kind = Kind.message
    /// The occurrence of its step it is about (`mentoring#3`), for reminders and notices.
    public var occurrence: Int?
    /// Whether it waits to go out in its recipient's daily digest rather than alone.
    public var wantsDigest = false
    /// The digest it went out in (`#id`), once gathered into one.
    public var digestID: Int?
    /// An iCalendar object (RFC 5546: `METHOD:REQUEST` or `CANCEL`) sent with it as a
    /// `text/calendar` part: an invitation, its update, or its cancellation.
    public var calendar: String?

    /// What a message is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// From a step's plugin (a notification).
        case message
        case reminder, overdue, escalation
        /// One person's reminders, overdue notices and escalations of a day, together.
        case digest
        /// A meeting invitation, its update or its cancellation.
        case invitation
    }

    /// Where a message is in its delivery.
    public struct Delivery: Sendable, Hashable {
        /// Its `Message-ID`, given the first time it is written or sent, and kept.
        public var messageID: String?
        /// Attempts the mail agent did not accept.
        public var attempts = 0
        /// Not to be tried again before this (after a refusal that may pass).
        public var nextAttemptAt: Timestamp?
        /// What the mail agent last said when it did not accept it.
        public var lastError: String?
        /// When it was handed to the mail agent. Set in its own transaction before the
        /// hand-over and cleared with the outcome: still set on the next run, it means
        /// sojourn stopped in between, and nobody knows whether the agent took it.
        public var handedOverAt: Timestamp?
        /// When it was given up (refused for good, or out of attempts).
        public var failedAt: Timestamp?

        public init(messageID: String? = nil, attempts: Int = 0, nextAttemptAt: Timestamp? = nil, lastError: String? = nil, handedOverAt: Timestamp? = nil, failedAt: Timestamp? = nil) {
            self.messageID = messageID
            self.attempts = attempts
            self.nextAttemptAt = nextAttemptAt
            self.lastError = lastError
            self.handedOverAt = handedOverAt
            self.failedAt = failedAt
        }
    }

    public init(id: Int? = nil, caseID: String, step: String?, to: [String], subject: String, body: String, date: CalendarDate, queuedAt: Timestamp, sentAt: Timestamp? = nil, withdrawnAt: Timestamp? = nil) {
        self.withdrawnAt = withdrawnAt
        self.id = id
        self.caseID = caseID
        self.step = step
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.queuedAt = queuedAt
        self.sentAt = sentAt
    }

    /// Whether it is still to be sent: neither sent, withdrawn, given up, nor caught
    /// half-way through a hand-over.
    public var isWaiting: Bool { sentAt == nil && withdrawnAt == nil && digestID == nil && delivery.failedAt == nil && delivery.handedOverAt == nil }

    /// Whether it waits to go out in its recipient's next digest rather than alone: a
    /// notice that wants one, still waiting, to one deliverable address (one without is
    /// sent, and reported, as any other).
    public var waitsForDigest: Bool {
        wantsDigest && kind != .digest && isWaiting && recipients.count == 1
    }

    /// Whether sojourn stopped while handing it over: it may or may not have gone.
    public var isUncertain: Bool { sentAt == nil && withdrawnAt == nil && delivery.handedOverAt != nil }

    /// Where a message stands, in a word.
    public enum State: String, Sendable {
        case unsent, sent, withdrawn
        /// Gone out in a digest.
        case digested
        case failed
        /// Caught half-way through a hand-over.
        case uncertain
    }

    /// Where it stands.
    public var state: State {
        if sentAt != nil { return .sent }
        if withdrawnAt != nil { return .withdrawn }
        if digestID != nil { return .digested }
        if delivery.failedAt != nil { return .failed }
        if delivery.handedOverAt != nil { return .uncertain }
        return .unsent
    }
}
