import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn outbox`: messages plugins queued (notifications, nudges), and their delivery.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Queued messages: list them, send them, or write them as .eml files.",
        subcommands: [OutboxListCommand.self, OutboxSendCommand.self, OutboxSettleCommand.self],
        defaultSubcommand: OutboxListCommand.self
    )
}

/// `sojourn outbox [list]`: the queue, as text, JSON or `.eml` files.
struct OutboxListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List queued messages, or write them as .eml files for a mail system to send.",
        discussion: """
            --format eml --dir DIR writes each unsent message as an RFC 5322 file DIR/<id>.eml \
            and marks it sent. --mark-sent marks the listed messages sent without writing files.
            """
    )

    @Flag(help: "List sent messages too.")
    var all = false

    @Option(help: "text, json or eml.")
    var format: OutboxFormat = .text

    @Option(help: ArgumentHelp("With --format eml: the folder to write the .eml files to.", valueName: "folder"))
    var dir: String?

    @Option(help: ArgumentHelp("With --format eml: the From address.", valueName: "address"))
    var sender = MailSender.defaultSender

    @Flag(name: .customLong("mark-sent"), help: "Mark the listed unsent messages as sent.")
    var markSent = false

    @OptionGroup var database: DatabaseOptions

    enum OutboxFormat: String, ExpressibleByArgument, CaseIterable { case text, json, eml }

    func validate() throws {
        if format == .eml, dir == nil { throw ValidationError("--format eml needs --dir FOLDER to write the files to") }
        if format != .eml, dir != nil { throw ValidationError("--dir goes with --format eml") }
        _ = try MailSender.mailbox(sender, option: "--sender")
    }

    func run() throws {
        let service = try database.service()
        if format == .eml { _ = try service.composeDigests() }
        let entries = try service.store.read { reader in try reader.outbox(unsentOnly: !all) }
        switch format {
        case .json:
            Output.print(JSON.array(entries.map(\.json)).rendered())
        case .text:
            if entries.isEmpty { Output.print(all ? "the outbox is empty" : "no unsent messages") }
            for entry in entries {
                Output.print(Output.oneLine("#\(entry.id ?? 0)  \(entry.date)  \(entry.caseID)  to \(entry.to.joined(separator: ", "))  \(entry.subject)  (\(Self.describe(entry)))"))
            }
        case .eml:
            try writeFiles(entries, service: service)
            return
        }
        if markSent {
            let ids = entries.filter { $0.isWaiting && !$0.recipients.isEmpty }.compactMap(\.id)
            try service.store.write { writer in try writer.markSent(ids, at: service.clock.now()) }
            Output.printError("marked \(ids.count.counted("message")) sent")
        }
    }

    /// Where a message is, in a few words.
    static func describe(_ entry: OutboxEntry) -> String {
        if let sent = entry.sentAt { return "sent \(sent)" }
        if let withdrawn = entry.withdrawnAt {
            return "withdrawn \(withdrawn): " + (entry.kind == .invitation ? "its case ended, or a newer version replaced it" : "its case ended")
        }
        if let digest = entry.digestID { return "in digest #\(digest)" }
        if let failed = entry.delivery.failedAt { return "failed \(failed): \(Output.oneLine(entry.delivery.lastError ?? ""))" }
        if let handed = entry.delivery.handedOverAt { return "uncertain: sojourn stopped while handing it over at \(handed); see sojourn outbox settle" }
        if let next = entry.delivery.nextAttemptAt {
            return "unsent, \(entry.delivery.attempts.counted("attempt")); next at \(next): \(Output.oneLine(entry.delivery.lastError ?? ""))"
        }
        if entry.waitsForDigest { return "unsent, for the daily digest" }
        return "unsent" + (entry.calendar != nil ? ", with an invitation" : "")
    }

    /// Writes each waiting message as `DIR/<id>.eml`. Each is marked as being handed
    /// over before its file is written and sent after, in transactions of their own: a
    /// run stopped in between leaves it uncertain (not written again) rather than sent twice.
    private func writeFiles(_ entries: [OutboxEntry], service: CaseService) throws {
        let from = try MailSender.mailbox(sender, option: "--sender")
        guard let lock = try OutboxLock(database: database.resolvedPath) else {
            Output.printError("note: a sojourn outbox send is running on \(database.resolvedPath); nothing was written (run this again once it ends)")
            return
        }
        defer { lock.release() }
        let folder = URL(fileURLWithPath: dir ?? ".")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written = 0
        var problems = 0
        for entry in entries where entry.isWaiting || entry.isUncertain {
            guard let id = entry.id else { continue }
            // It goes out in its recipient's digest.
            if entry.waitsForDigest { continue }
            guard !entry.isUncertain else {
                Output.printError("error: message #\(id) was being written when sojourn stopped; it is not written again: \(MailSender.settleAdvice(id))")
                problems += 1
                continue
            }
            // A message nobody can receive stays queued, and says why.
            guard !entry.recipients.isEmpty else {
                Output.printError("error: message #\(id) (case \(entry.caseID)) has no recipient address (to: \(Output.oneLine(entry.to.joined(separator: ", ")))); it stays unsent: give the role a person with an e-mail address (sojourn reassign)")
                problems += 1
                continue
            }
            let now = service.clock.now()
            guard let messageID = try service.store.write({ try $0.claim(outboxEntry: id, messageID: entry.newMessageID(domain: from.domain), at: now) }) else { continue }
            let file = folder.appendingPathComponent("\(id).eml")
            do {
                try Self.createPrivateFile(file.path, contents: Data(entry.mailMessage(from: from, messageID: messageID, date: now).rendered.utf8))
            } catch let error as FileExists {
                try service.store.write { try $0.recordDelivery(of: id, .untried, at: now) }
                Output.printError("error: \(error.path) already exists and was not overwritten; message #\(id) stays unsent: move the file away, or write to an empty --dir")
                problems += 1
                continue
            }
            try service.store.write { try $0.recordDelivery(of: id, .accepted, at: service.clock.now()) }
            written += 1
        }
        Output.print("wrote \(written.counted("message")) to \(folder.path)")
        if problems > 0 { throw ExitStatus.inputErrors }
    }

    struct FileExists: Error { var path: String }

    /// Creates `path` readable and writable by its owner only (a message holds personal
    /// data), refusing to replace a file that is already there.
    static func createPrivateFile(_ path: String, contents: Data) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw FileExists(path: path) }
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "cannot create \(path): \(String(cString: strerror(errno)))"])
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: contents)
        try handle.synchronize()
    }
}
