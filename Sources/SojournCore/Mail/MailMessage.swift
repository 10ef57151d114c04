public import Foundation
import SojournKit

/// An e-mail message as RFC 5322 and MIME (RFC 2045-2047) want it: folded headers with
/// names quoted or encoded, `Date`, a stable `Message-ID`, `MIME-Version`, a UTF-8
/// `text/plain` body (7bit when it can be, quoted-printable otherwise), and, for a
/// calendar invitation, a `text/calendar` part beside it (RFC 6047).
public struct MailMessage: Sendable, Hashable {
    public var from: Mailbox
    public var to: [Mailbox]
    public var subject: String
    public var date: Date
    /// `<…@…>`, the same every time this message is written or sent.
    public var messageID: String
    public var body: String
    /// Extra `X-` headers (`X-Sojourn-Case`), in order.
    public var extraHeaders: [(name: String, value: String)]
    /// An iCalendar object and its iTIP method (`REQUEST`, `CANCEL`), sent as a
    /// `text/calendar` part beside the text.
    public var calendar: (method: String, text: String)?

    public init(from: Mailbox, to: [Mailbox], subject: String, date: Date, messageID: String, body: String,
                extraHeaders: [(name: String, value: String)] = [], calendar: (method: String, text: String)? = nil) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.body = body
        self.extraHeaders = extraHeaders
        self.calendar = calendar
    }

    public static func == (a: Self, b: Self) -> Bool { a.rendered == b.rendered }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered) }

    /// The message, with CRLF line ends, ready for a mail agent or a `.eml` file. Lines
    /// are not dot-stuffed: that is the SMTP client's job on the wire.
    public var rendered: String {
        var head = HeaderField.mailboxes("From", [from]).rendered
            + HeaderField.mailboxes("To", to).rendered
            + HeaderField.unstructured("Subject", subject).rendered
            + HeaderField(name: "Date", words: [Self.rfc5322Date(date)]).rendered
            + HeaderField(name: "Message-ID", words: [messageID]).rendered
            + "MIME-Version: 1.0\r\n"
        for (name, value) in extraHeaders { head += HeaderField.unstructured(name, value).rendered }
        guard let calendar else { return head + Self.textPart(body) }
        var boundary = "sojourn-" + String(messageID.unicodeScalars.filter { Mailbox.isAtomText($0) && $0 != "=" }.prefix(40))
        // A boundary must not occur in what it separates.
        while body.contains(boundary) || calendar.text.contains(boundary) { boundary += "-x" }
        return head
            + "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            // The line break before a boundary belongs to it (RFC 2046 §5.1.1): each part
            // gets one more, so that its text keeps its own last line break.
            + "--\(boundary)\r\n" + Self.textPart(body) + "\r\n"
            + "--\(boundary)\r\n"
            + "Content-Type: text/calendar; charset=utf-8; method=\(calendar.method)\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + QuotedPrintable.encode(Self.withoutLastBreak(calendar.text)) + "\r\n\r\n"
            + "--\(boundary)--\r\n"
    }

    /// A text part: its `Content-Type` and encoding headers, a blank line and the body,
    /// which ends with one line break.
    static func textPart(_ text: String) -> String {
        let ended = withoutLastBreak(text)
        let lines = ended.split(separator: "\n", omittingEmptySubsequences: false)
        let plain = ended.unicodeScalars.allSatisfy { ($0.value >= 32 && $0.value < 127) || $0 == "\n" || $0 == "\t" }
            && lines.allSatisfy { $0.utf8.count <= QuotedPrintable.lineLimit && !$0.hasSuffix(" ") && !$0.hasSuffix("\t") }
        if plain {
            return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + lines.joined(separator: "\r\n") + "\r\n"
        }
        return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + QuotedPrintable.encode(ended) + "\r\n"
    }

    /// `text` without the line break it ends with, if any (`\n` or `\r\n`).
    static func withoutLastBreak(_ text: String) -> String {
        text.hasSuffix("\n") || text.hasSuffix("\r\n") ? String(text.dropLast()) : text
    }

    /// `Tue, 01 Dec 2026 09:30:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
