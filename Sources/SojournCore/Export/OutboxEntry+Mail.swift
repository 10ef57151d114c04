import Foundation
public import SojournKit

extension OutboxEntry {
    /// The people a message can go to: those with an address a mail agent takes, stored
    /// on one safe line (a header can never be split by what was stored).
    public var recipients: [Mailbox] {
        to.filter { TextSafety.lineProblem($0, limit: TextSafety.nameLimit) == nil }.compactMap(Mailbox.init)
    }

    /// The message as it is sent and written to `.eml` files, dated `date` (the time it
    /// is handed over; default: when it was queued).
    public func mailMessage(from sender: Mailbox, messageID: String, date sent: Timestamp? = nil) -> MailMessage {
        var headers = [(name: "X-Sojourn-Case", value: caseID)]
        if let step { headers.append((name: "X-Sojourn-Step", value: step)) }
        return MailMessage(from: sender, to: recipients, subject: subject, date: Date(timeIntervalSince1970: Double((sent ?? queuedAt).milliseconds) / 1000),
                           messageID: messageID, body: body, extraHeaders: headers, calendar: calendarPart)
    }

    /// The invitation's `text/calendar` part, with the method its object says.
    var calendarPart: (method: String, text: String)? {
        guard let calendar else { return nil }
        let method = calendar.split(separator: "\r\n").first { $0.hasPrefix("METHOD:") }.map { String($0.dropFirst("METHOD:".count)) } ?? "PUBLISH"
        return (method, CaseCalendar.folded(calendar))
    }

    /// A new `Message-ID` for this message: its number, its case and random letters, at
    /// the sender's domain (RFC 5322 §3.6.4).
    public func newMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        let token = String((0..<12).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return "<sojourn.\(id ?? 0).\(caseID).\(token)@\(domain)>"
    }

    public var json: JSON {
        .object([
            ("id", .number(Double(id ?? 0))), ("case", .string(caseID)), ("step", step.map(JSON.string) ?? .null),
            ("to", .array(to.map(JSON.string))), ("subject", .string(subject)), ("body", .string(body)),
            ("date", .string(date.description)), ("queuedAt", .string(queuedAt.description)), ("sentAt", sentAt.map { .string($0.description) } ?? .null),
            ("withdrawnAt", withdrawnAt.map { .string($0.description) } ?? .null),
            ("state", .string(state.rawValue)), ("messageID", delivery.messageID.map(JSON.string) ?? .null),
            ("attempts", .number(Double(delivery.attempts))), ("lastError", delivery.lastError.map(JSON.string) ?? .null),
            ("nextAttemptAt", delivery.nextAttemptAt.map { .string($0.description) } ?? .null),
            ("failedAt", delivery.failedAt.map { .string($0.description) } ?? .null),
            ("kind", .string(kind.rawValue)), ("digest", digestID.map { .number(Double($0)) } ?? .null),
            ("calendar", calendar.map { .string(CaseCalendar.folded($0)) } ?? .null),
        ])
    }
}
