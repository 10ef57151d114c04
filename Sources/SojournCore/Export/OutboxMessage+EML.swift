import Foundation
import SojournKit

extension OutboxEntry {
    /// The message as an RFC 5322 file (`.eml`), for a mail system to pick up: UTF-8 text,
    /// CRLF line ends, non-ASCII subjects encoded as RFC 2047 words.
    /// The recipients a message can go to: those with an e-mail address that is one
    /// safe line (a header can never be split by what was stored).
    public var recipientAddresses: [String] {
        to.filter { $0.contains("@") && TextSafety.lineProblem($0, limit: TextSafety.nameLimit) == nil }
    }

    public func eml(from sender: String) -> String {
        let recipients = recipientAddresses
        let date = Self.rfc5322Date(queuedAt)
        var lines = [
            "From: \(sender)",
            "To: \(recipients.joined(separator: ", "))",
            "Subject: \(Self.encodedHeader(subject))",
            "Date: \(date)",
            "Message-ID: <\(id ?? 0).\(caseID)@sojourn>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
            "X-Sojourn-Case: \(caseID)",
        ]
        if let step { lines.append("X-Sojourn-Step: \(step)") }
        lines.append("")
        lines += body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            // A line holding only "." ends a message in SMTP; double it, as transports do.
            line == "." ? ".." : String(line)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func encodedHeader(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value > 126 || $0.value < 32 }) else { return text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func rfc5322Date(_ time: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(time.milliseconds) / 1000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    public var json: JSON {
        .object([
            ("id", .number(Double(id ?? 0))), ("case", .string(caseID)), ("step", step.map(JSON.string) ?? .null),
            ("to", .array(to.map(JSON.string))), ("subject", .string(subject)), ("body", .string(body)),
            ("date", .string(date.description)), ("queuedAt", .string(queuedAt.description)), ("sentAt", sentAt.map { .string($0.description) } ?? .null),
            ("withdrawnAt", withdrawnAt.map { .string($0.description) } ?? .null),
        ])
    }
}
