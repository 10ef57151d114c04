/// Something that hands messages to a mail agent: the system's `sendmail`, or an SMTP
/// relay (`SojournDelivery`).
public protocol MailTransport: Sendable {
    /// Hands `message` over and returns once the agent accepted it for every recipient.
    ///
    /// - Parameters:
    ///   - sender: the envelope sender (`MAIL FROM`), where bounces go.
    ///   - recipients: the envelope recipients (`RCPT TO`), the message's `To` addresses.
    /// - Throws: `DeliveryFailure`, saying whether trying again may help.
    func deliver(_ message: MailMessage, sender: String, recipients: [String]) throws(DeliveryFailure)
}

/// A mail agent did not accept a message.
public struct DeliveryFailure: Error, Sendable, CustomStringConvertible {
    /// Whether it was refused for good (an SMTP 5xx reply, a `sendmail` usage error),
    /// rather than for now (a 4xx reply, a relay that cannot be reached).
    public var permanent: Bool
    /// What the agent said, one line.
    public var message: String
    /// Whether it failed before any message was at stake: the agent could not be run or
    /// reached, or refused the connection, TLS or the login. Then the setup is wrong,
    /// not the message: the run stops, and no message loses an attempt.
    public var beforeMessage: Bool

    public init(permanent: Bool, _ message: String, beforeMessage: Bool = false) {
        self.permanent = permanent
        self.message = message
        self.beforeMessage = beforeMessage
    }

    public var description: String { message }
}

/// What became of one attempt to send a message.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The agent accepted it.
    case accepted
    /// Refused for now: tried again from `at`.
    case retry(at: Timestamp, reason: String)
    /// Refused for good, or out of attempts.
    case failed(reason: String)
    /// Not handed over after all (the agent could not be reached, a file was in the
    /// way): it waits as it was, its attempts unchanged.
    case untried
}
