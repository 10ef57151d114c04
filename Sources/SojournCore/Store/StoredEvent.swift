/// One stored event.
public struct StoredEvent: Sendable {
    /// The event's position in its case's history, from 1.
    public var sequence: Int
    public var caseID: String
    public var event: CaseEvent
    /// When it was written, by the wall clock.
    public var recordedAt: Timestamp

    public init(sequence: Int, caseID: String, event: CaseEvent, recordedAt: Timestamp) {
        self.sequence = sequence
        self.caseID = caseID
        self.event = event
        self.recordedAt = recordedAt
    }
}
