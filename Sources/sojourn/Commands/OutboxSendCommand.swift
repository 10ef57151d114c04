import ArgumentParser
import Foundation
import SojournCore
import SojournDelivery
import SojournKit

/// `sojourn outbox send`: hands every waiting message to the mail agent.
struct OutboxSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send waiting messages through sendmail or an SMTP relay, each exactly once.",
        discussion: """
            Each message is marked as being handed over before it goes and as sent once the \\
            agent accepted it (sendmail's exit status 0, the relay's 250), each in a \\
            transaction of its own: a run stopped in between (killed, the machine down) \\
            never sends a message twice; the next run reports it as uncertain until it is \\
            settled (sojourn outbox settle). A refusal for now is tried again later (after \\
            5 minutes, then 3 times longer each time, up to 12 hours; --max-attempts in all); \\
            a refusal for good is reported and not tried again. Bounces are not read.

            Examples:
              sojourn outbox send                                   # /usr/sbin/sendmail -t -i
              sojourn outbox send --smtp relay.example.com:587 --starttls \\\\
                  --smtp-user sojourn --smtp-password-file /etc/sojourn/smtp-password
            """
    )

    @Option(help: ArgumentHelp("The sendmail program and its arguments (default: \\(SendmailTransport.defaultCommand)).", valueName: "command"))
    var sendmail: String?

    @Option(help: ArgumentHelp("Send through this SMTP relay instead of sendmail.", valueName: "host:port"))
    var smtp: String?

    @Flag(help: "With --smtp: require STARTTLS before anything else is said.")
    var starttls = false

    @Option(name: .customLong("smtp-user"), help: ArgumentHelp("With --smtp: the user name to log in with (AUTH, over TLS only).", valueName: "name"))
    var smtpUser: String?

    @Option(name: .customLong("smtp-password-file"), help: ArgumentHelp("With --smtp-user: a file holding the password (default: $SOJOURN_SMTP_PASSWORD).", valueName: "file"))
    var smtpPasswordFile: String?

    @Option(name: .customLong("smtp-ca"), help: ArgumentHelp("With --starttls: a PEM file of certificates to trust instead of the system's.", valueName: "file"))
    var smtpCA: String?

    @Option(help: ArgumentHelp("The From address (default: $SOJOURN_MAIL_FROM, else Sojourn <sojourn@localhost>).", valueName: "address"))
    var from: String?

    @Option(name: .customLong("max-attempts"), help: ArgumentHelp("How many times a message is tried before it is given up.", valueName: "n"))
    var maxAttempts = CaseService.defaultMaxAttempts

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if sendmail != nil, smtp != nil { throw ValidationError("give --sendmail or --smtp, not both") }
        if smtp == nil, starttls || smtpUser != nil || smtpCA != nil || smtpPasswordFile != nil {
            throw ValidationError("--starttls, --smtp-user, --smtp-password-file and --smtp-ca go with --smtp HOST:PORT")
        }
        if smtpCA != nil, !starttls { throw ValidationError("--smtp-ca is for checking the relay's certificate, which only --starttls asks for: add --starttls") }
        if smtpPasswordFile != nil, smtpUser == nil { throw ValidationError("--smtp-password-file goes with --smtp-user NAME") }
        if let smtpCA, !FileManager.default.isReadableFile(atPath: smtpCA) { throw ValidationError("--smtp-ca \(smtpCA): no such file, or it cannot be read") }
        if let smtp, SMTPTransport.address(smtp) == nil { throw ValidationError("--smtp takes HOST:PORT, such as relay.example.com:587, not '\(smtp)'") }
        if smtpUser != nil, !starttls { throw ValidationError("--smtp-user sends a password, which sojourn does only over TLS: add --starttls") }
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts is from 1 to 100, not \(maxAttempts)") }
        _ = try MailSender.mailbox(from ?? MailSender.defaultSender, option: from == nil ? MailSender.defaultOption : "--from")
    }

    func run() throws {
        let service = try database.service()
        let sender = try MailSender.mailbox(from ?? MailSender.defaultSender, option: from == nil ? MailSender.defaultOption : "--from")
        // One sender at a time: a second run would see the first one's message in hand
        // as uncertain.
        guard let lock = try OutboxLock(database: database.resolvedPath) else {
            Output.printError("note: another sojourn outbox send is running on \(database.resolvedPath); this run sent nothing (that one goes on)")
            return
        }
        defer { lock.release() }
        let run: CaseService.DeliveryRun
        do {
            run = try service.sendOutbox(via: try transport(), from: sender, maxAttempts: maxAttempts)
        } catch {
            throw Failure.report(error)
        }
        if json {
            // Each message as it is now, after this run.
            let now = Dictionary((try service.store.read { try $0.outbox(unsentOnly: false) }).map { ($0.id ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            func current(_ entry: OutboxEntry) -> JSON { (now[entry.id ?? 0] ?? entry).json }
            Output.print(JSON.object([
                ("sent", .array(run.sent.map(current))),
                ("retrying", .array(run.retrying.map { .object([("message", current($0.entry)), ("at", .string($0.at.description)), ("reason", .string($0.reason))]) })),
                ("failed", .array(run.failed.map { .object([("message", current($0.entry)), ("reason", .string($0.reason))]) })),
                ("uncertain", .array(run.uncertain.map(current))),
                ("unaddressed", .array(run.unaddressed.map(current))),
                ("deferred", .array(run.deferred.map(current))),
                ("digests", .array(run.digests.map(current))),
                ("heldForDigest", .array(run.heldForDigest.map(current))),
                ("stopped", run.stopped.map(JSON.string) ?? .null),
            ]).rendered())
        } else {
            report(run)
        }
        if run.hasProblems { throw ExitStatus.inputErrors }
    }

    private func transport() throws -> any MailTransport {
        guard let smtp, let (host, port) = SMTPTransport.address(smtp) else {
            return SendmailTransport(commandLine: sendmail ?? SendmailTransport.defaultCommand)
        }
        var credentials: SMTPTransport.Credentials?
        if let smtpUser {
            let password: String
            if let smtpPasswordFile {
                do {
                    password = String(try String(contentsOfFile: smtpPasswordFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                } catch {
                    throw ServiceError("cannot read the password file \(smtpPasswordFile): \(error.localizedDescription)")
                }
            } else if let value = ProcessInfo.processInfo.environment["SOJOURN_SMTP_PASSWORD"] {
                password = value
            } else {
                password = ""
            }
            guard !password.isEmpty else {
                throw ServiceError("--smtp-user needs a password: --smtp-password-file FILE (its first line), or $SOJOURN_SMTP_PASSWORD; none was given, or it is empty")
            }
            credentials = SMTPTransport.Credentials(user: smtpUser, password: password)
        }
        let helo = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        return SMTPTransport(host: host, port: port, startTLS: starttls, credentials: credentials, trustRoots: smtpCA, heloName: helo)
    }

    private func report(_ run: CaseService.DeliveryRun) {
        for entry in run.sent {
            Output.print(Output.oneLine("sent #\(entry.id ?? 0) to \(entry.recipients.map(\.address).joined(separator: ", ")): \(entry.subject)"))
        }
        for (entry, at, reason) in run.retrying {
            Output.printError("warning: message #\(entry.id ?? 0) was not accepted (\(Output.oneLine(reason))); it is tried again from \(at)")
        }
        for (entry, reason) in run.failed {
            Output.printError("error: message #\(entry.id ?? 0) failed: \(Output.oneLine(reason)); it is not tried again (sojourn outbox --all lists it)")
        }
        for entry in run.uncertain {
            Output.printError("error: message #\(entry.id ?? 0) (Message-ID \(entry.delivery.messageID ?? "?")) was being handed over when sojourn stopped; it is not sent again: \(MailSender.settleAdvice(entry.id ?? 0))")
        }
        for entry in run.unaddressed {
            Output.printError("error: message #\(entry.id ?? 0) (case \(entry.caseID)) has no recipient address (to: \(Output.oneLine(entry.to.joined(separator: ", ")))); it stays unsent: give the role a person with an e-mail address (sojourn reassign)")
        }
        var parts = ["sent \(run.sent.count.counted("message"))"]
        if !run.retrying.isEmpty { parts.append("\(run.retrying.count) to try again") }
        if !run.deferred.isEmpty { parts.append("\(run.deferred.count) waiting for their next attempt") }
        if !run.digests.isEmpty { parts.append("\(run.digests.count.counted("digest")) made") }
        if !run.heldForDigest.isEmpty { parts.append("\(run.heldForDigest.count) held for tomorrow's digest") }
        if !run.failed.isEmpty { parts.append("\(run.failed.count) failed") }
        if !run.uncertain.isEmpty { parts.append("\(run.uncertain.count) uncertain") }
        if !run.unaddressed.isEmpty { parts.append("\(run.unaddressed.count) without an address") }
        Output.print(parts.joined(separator: ", "))
        if let stopped = run.stopped {
            Output.printError("error: \(Output.oneLine(stopped)); the run stopped there, and the messages not sent wait without losing an attempt: fix it and run again")
        }
    }
}

/// `sojourn outbox settle ID --sent|--resend`: after a run stopped half-way.
struct OutboxSettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle a message a stopped run was handing over, or one that failed: it arrived (--sent), or send it again (--resend).",
        discussion: "Look for its Message-ID in the mail agent's log (or the .eml folder) first."
    )

    @Argument(help: "The message's number (#N in sojourn outbox).")
    var id: Int

    @Flag(help: "It arrived: mark it sent.")
    var sent = false

    @Flag(help: "It did not arrive: the next sojourn outbox send sends it again (a failed one with its attempts counted from zero).")
    var resend = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard sent || resend else { throw ValidationError("say what became of it: --sent (it arrived) or --resend (it did not)") }
        guard !(sent && resend) else { throw ValidationError("give one of --sent (it arrived) and --resend (it did not), not both") }
    }

    func run() throws {
        guard let lock = try OutboxLock(database: database.resolvedPath) else {
            Output.printError("error: a sojourn outbox send is running on \(database.resolvedPath), and may be handing this message over; settle it once that run ends")
            throw ExitStatus.inputErrors
        }
        defer { lock.release() }
        do {
            try database.service().settleUncertain(id, sent: sent)
        } catch {
            throw Failure.report(error)
        }
        Output.print(sent ? "message #\(id) marked sent" : "message #\(id) will be sent by the next sojourn outbox send")
    }
}

/// The From address of the messages sojourn sends or writes.
enum MailSender {
    /// Where the default sender comes from, for messages about it.
    static var defaultOption: String {
        ProcessInfo.processInfo.environment["SOJOURN_MAIL_FROM"].map { $0.isEmpty ? "--from" : "$SOJOURN_MAIL_FROM" } ?? "--from"
    }

    static var defaultSender: String {
        ProcessInfo.processInfo.environment["SOJOURN_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "Sojourn <sojourn@localhost>"
    }

    static func mailbox(_ text: String, option: String) throws -> Mailbox {
        if let problem = TextSafety.lineProblem(text, limit: TextSafety.nameLimit) { throw ValidationError("\(option) \(problem)") }
        guard let mailbox = Mailbox(text) else {
            throw ValidationError("\(option) takes an address, such as 'Sojourn <sojourn@example.com>', not '\(text)'")
        }
        return mailbox
    }

    static func settleAdvice(_ id: Int) -> String {
        "look for its Message-ID in the mail log, then run sojourn outbox settle \(id) --sent (it arrived) or --resend (it did not)"
    }
}

/// An exclusive lock beside the database, held while messages are handed over: two
/// runs at once would each see the other's message in hand as uncertain.
final class OutboxLock {
    private let descriptor: Int32

    /// Takes the lock, or `nil` when another process holds it.
    init?(database: String) throws {
        let path = database + ".outbox-lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ServiceError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
