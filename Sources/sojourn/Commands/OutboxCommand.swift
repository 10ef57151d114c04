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
            for entry in entries where entry.isWaiting {
                let file = folder.appendingPathComponent("\(entry.id ?? 0).eml")
                try entry.eml(from: sender).write(to: file, atomically: true, encoding: .utf8)
                written.append(entry.id ?? 0)
            }
            try service.store.write { writer in try writer.markSent(written, at: service.clock.now()) }
            Output.print("wrote \(written.count.counted("message")) to \(folder.path)")
            return
        }
        if markSent {
            let ids = entries.filter(\.isWaiting).compactMap(\.id)
            try service.store.write { writer in try writer.markSent(ids, at: service.clock.now()) }
            Output.printError("marked \(ids.count.counted("message")) sent")
        }
    }
}
