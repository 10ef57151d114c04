import Foundation
import SojournCore
import Testing

/// The messages Sojourn writes and sends, read back by a real parser (Python's `email`
/// package): display names with commas, quotes, accents, CJK and emoji; long subjects
/// cut into encoded words of at most 75 characters; folded headers; UTF-8 bodies.
@Suite struct MailMessageTests {
    static func parsed(_ message: MailMessage) throws -> CanonicalJSON {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-mail-\(UUID().uuidString).eml")
        try Data(message.rendered.utf8).write(to: file)
        return try Python.parseMail(file.path)
    }

    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    static func message(to: [Mailbox], subject: String = "Hello", body: String = "Hi.\n") -> MailMessage {
        MailMessage(from: Mailbox(name: "Sojourn", address: "sojourn@example.com"), to: to, subject: subject, date: date,
                    messageID: "<sojourn.1.0b2hp4.abc@example.com>", body: body, extraHeaders: [(name: "X-Sojourn-Case", value: "0b2hp4")])
    }

    @Test(arguments: [
        "Ana Lima", "Lima, Ana", #"Jo "JJ" O'Neil"#, "Back\\slash (Person)", "Zoë Quartermaine", "Seán Ó Briain", "山田 太郎",
        "🙂 Smiley Face", "👩🏽‍💻 Developer with a rather long name that needs more than one encoded word to hold it",
        "=?UTF-8?B?Zm9v?= looks encoded",
    ])
    func aDisplayNameReadsBackAsItWasWritten(name: String) throws {
        let parsed = try Self.parsed(Self.message(to: [Mailbox(name: name, address: "ana@example.com"), Mailbox(name: "Bo Berg", address: "bo@example.com")]))
        #expect(parsed["to"]?.rendered() == CanonicalJSON.array([
            .object(["name": .string(name), "address": .string("ana@example.com")]),
            .object(["name": .string("Bo Berg"), "address": .string("bo@example.com")]),
        ]).rendered())
        #expect(parsed["defects"]?.items.isEmpty == true, "\(parsed["defects"]?.rendered() ?? "")")
        #expect((parsed["longestEncodedWord"]?.number ?? 99) <= 75)
        #expect((parsed["longestHeaderLine"]?.number ?? 999) <= 78)
    }

    @Test(arguments: [
        "Your mentoring pair for BR",
        "Erinnerung: Ihr Gespräch mit Zoë Quartermaine über die Rückkehr nach München ist überfällig",
        "リマインダー: メンタリングのセッションが予定されています。山田さんと来週お会いください",
        "🎉 Congratulations on your award 🏆 — the programme thanks you for everything you did abroad 🌍✈️",
        "=?UTF-8?B?Zm9v?= is not an encoded word here",
        Array(repeating: "A long ASCII subject", count: 8).joined(separator: " "),
    ])
    func aSubjectReadsBackWhole(subject: String) throws {
        let parsed = try Self.parsed(Self.message(to: [Mailbox(name: "Ana Lima", address: "ana@example.com")], subject: subject))
        #expect(parsed["subject"]?.text == subject)
        #expect(parsed["defects"]?.items.isEmpty == true, "\(parsed["defects"]?.rendered() ?? "")")
        #expect((parsed["longestEncodedWord"]?.number ?? 99) <= 75)
        #expect((parsed["longestHeaderLine"]?.number ?? 999) <= 78)
    }

    @Test func theHeadersAMailReaderNeedsAreThere() throws {
        let parsed = try Self.parsed(Self.message(to: [Mailbox(name: "Ana Lima", address: "ana@example.com")]))
        #expect(parsed["from"]?.rendered() == #"[{"address":"sojourn@example.com","name":"Sojourn"}]"#)
        #expect(parsed["date"]?.text == "2026-11-30T00:53:20+00:00")
        #expect(parsed["messageID"]?.text == "<sojourn.1.0b2hp4.abc@example.com>")
        #expect(parsed["mimeVersion"]?.text == "1.0")
        #expect(parsed["contentType"]?.text == "text/plain")
        #expect(parsed["textEncoding"]?.text == "7bit")
        #expect(parsed["bareLineFeeds"]?.number == 0)
    }

    @Test(arguments: [
        "Hello Ana,\nyour session is due.\n",
        "Grüße aus München, Zoë!\nSee you — soon.\n",
        "A line much longer than seventy-six characters, which quoted-printable must break softly and join again when read.\n",
        ".\nA line of one full stop, and one starting with a dot:\n.hidden\nFrom here on\n",
        "Trailing spaces stay   \nand tabs\t\n= signs = too\n",
        "山田さん、来週のセッションをお忘れなく。🙂\n",
    ])
    func aBodyReadsBackAsItWasWritten(body: String) throws {
        let parsed = try Self.parsed(Self.message(to: [Mailbox(name: "Ana Lima", address: "ana@example.com")], body: body))
        #expect(parsed["body"]?.text == body)
        #expect(parsed["defects"]?.items.isEmpty == true, "\(parsed["defects"]?.rendered() ?? "")")
        #expect((parsed["longestLine"]?.number ?? 999) <= 78)
        #expect(parsed["bareLineFeeds"]?.number == 0)
    }

    @Test func aCalendarInvitationTravelsBesideTheText() throws {
        var message = Self.message(to: [Mailbox(name: "Ana Lima", address: "ana@example.com")], body: "Your session, with the invitation attached.\n")
        let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sojourn//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x@example.com\r\nSUMMARY:Mentoring with Zoë\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        message.calendar = (method: "REQUEST", text: calendar)
        let parsed = try Self.parsed(message)
        #expect(parsed["contentType"]?.text == "multipart/alternative")
        #expect(parsed["body"]?.text == "Your session, with the invitation attached.\n")
        #expect(parsed["calendarMethod"]?.text == "REQUEST")
        #expect(parsed["calendar"]?.text == calendar.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(parsed["defects"]?.items.isEmpty == true, "\(parsed["defects"]?.rendered() ?? "")")
    }
}
