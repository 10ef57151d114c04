import ArgumentParser
import Foundation
import SojournCore
import SojournKit

/// `sojourn outbox`: messages plugins queued (notifications, nudges).
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List queued messages, and write them as .eml files for a mail system to send.",
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
    var sender = "Sojourn <sojourn@localhost>"

    @Flag(name: .customLong("mark-sent"), help: "Mark the listed unsent messages as sent.")
    var markSent = false

    @OptionGroup var database: DatabaseOptions

    enum OutboxFormat: String, ExpressibleByArgument, CaseIterable { case text, json, eml }

    func validate() throws {
        if format == .eml, dir == nil { throw ValidationError("--format eml needs --dir FOLDER to write the files to") }
        if format != .eml, dir != nil { throw ValidationError("--dir goes with --format eml") }
        if let problem = TextSafety.lineProblem(sender, limit: TextSafety.nameLimit) { throw ValidationError("--from \(problem)") }
    }

    func run() throws {
        let service = try database.service()
        let entries = try service.store.read { reader in try reader.outbox(unsentOnly: !all) }
        switch format {
        case .json:
            Output.print(JSON.array(entries.map(\.json)).rendered())
        case .text:
            if entries.isEmpty { Output.print(all ? "the outbox is empty" : "no unsent messages") }
            for entry in entries {
                let state = entry.sentAt.map { "sent \($0)" } ?? entry.withdrawnAt.map { "withdrawn \($0): its case ended" } ?? "unsent"
                Output.print("#\(entry.id ?? 0)  \(entry.date)  \(entry.caseID)  to \(entry.to.joined(separator: ", "))  \(entry.subject)  (\(state))")
            }
        case .eml:
            let folder = URL(fileURLWithPath: dir!)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var written: [Int] = []
            var problems = 0
            for entry in entries where entry.isWaiting {
                // A message nobody can receive stays queued, and says why.
                guard !entry.recipientAddresses.isEmpty else {
                    Output.printError("error: message #\(entry.id ?? 0) (case \(entry.caseID)) has no recipient address (to: \(Output.oneLine(entry.to.joined(separator: ", ")))); it stays unsent: give the role a person with an e-mail address (sojourn reassign)")
                    problems += 1
                    continue
                }
                let file = folder.appendingPathComponent("\(entry.id ?? 0).eml")
                do {
                    try Self.createPrivateFile(file.path, contents: Data(entry.eml(from: sender).utf8))
                } catch let error as FileExists {
                    Output.printError("error: \(error.path) already exists and was not overwritten; message #\(entry.id ?? 0) stays unsent: move the file away, or write to an empty --dir")
                    problems += 1
                    continue
                }
                written.append(entry.id ?? 0)
            }
            try service.store.write { writer in try writer.markSent(written, at: service.clock.now()) }
            Output.print("wrote \(written.count.counted("message")) to \(folder.path)")
            if problems > 0 { throw ExitStatus.inputErrors }
            return
        }
        if markSent {
            let ids = entries.filter { $0.isWaiting && !$0.recipientAddresses.isEmpty }.compactMap(\.id)
            try service.store.write { writer in try writer.markSent(ids, at: service.clock.now()) }
            Output.printError("marked \(ids.count.counted("message")) sent")
        }
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
