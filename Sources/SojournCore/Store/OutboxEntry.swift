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

    /// Whether it is still to be sent: neither sent nor withdrawn.
    public var isWaiting: Bool { sentAt == nil && withdrawnAt == nil }
}
