import Foundation
import SojournCore
import SojournKit

/// `sojourn record --from FILE`: check every line, then record each in its own
/// transaction (or all in one that is undone, for a dry run).
struct RecordLines {
    let service: CaseService
    let path: String
    let format: InputLinesFile.Format
    let actor: String
    let skipBad: Bool
    let dryRun: Bool
    let progressLines: Bool
    let json: Bool

    /// A line that was not recorded, and why.
    struct Refusal {
        var line: Int
        var caseID: String?
        var messages: [String]
    }

    private var file: InputLinesFile { reader }
    private let reader: InputLinesFile

    init(service: CaseService, path: String, format: InputLinesFile.Format, encoding: CSVFile.Encoding = .utf8, actor: String, skipBad: Bool, dryRun: Bool, progressLines: Bool, json: Bool) {
        self.service = service
        self.path = path
        self.format = format
        self.actor = actor
        self.skipBad = skipBad
        self.dryRun = dryRun
        self.progressLines = progressLines
        self.json = json
        self.reader = InputLinesFile(path: path, format: format, defaultActor: actor, encoding: encoding)
    }
    private let paint = Paint.standardError

    func run() throws {
        // First pass: every line, without touching a case.
        var refused: [Refusal] = []
        var good = 0
        var workflows: [String: Workflow] = [:]
        let checking = ProgressBar("checking lines", total: nil)
        do {
            try file.read { number, parsed in
                switch parsed {
                case .failure(let problem):
                    refused.append(Refusal(line: number, caseID: nil, messages: problem.messages))
                case .success(let line):
                    if var problem = service.check(line, workflows: &workflows) {
                        // Read the line again exactly, to point at the value by column.
                        if format == .jsonl, !problem.diagnostics.isEmpty, let text = file.lineText(number),
                           case .success(let exact) = file.exactLine(text, number: number), let positioned = service.check(exact, workflows: &workflows) {
                            problem = positioned
                        }
                        refused.append(Refusal(line: number, caseID: line.caseID, messages: messages(problem, line: number)))
                    } else {
                        good += 1
                    }
                }
                if (good + refused.count) % 1000 == 0 { checking.update(good + refused.count) }
            }
        } catch {
            checking.finish()
            throw Failure.report(error)
        }
        checking.finish()
        report(refused)
        if !refused.isEmpty, !skipBad {
            Output.printError("\(refused.count) of \((good + refused.count).counted("line")) cannot be recorded; nothing was recorded. Fix them, or add --skip-bad to record the \(good) good \(good == 1 ? "line" : "lines").")
            throw ExitStatus.inputErrors
        }
        let badLines = Set(refused.map(\.line))

        // Second pass: record.
        var recorded = 0, already = 0, events = 0
        var later: [Refusal] = []
        // Lines recorded before the first refusal: all a run without --skip-bad records.
        var beforeRefusal = 0
        let progress = ProgressBar(dryRun ? "rehearsing" : "recording", total: good, lines: progressLines)
        func note(_ line: CaseService.InputLine, _ result: Result<CaseService.LineOutcome, ServiceError>) {
            switch result {
            case .success(.recorded(_, let written)):
                recorded += 1
                events += written.count
            case .success(.alreadyRecorded):
                already += 1
            case .failure(let error):
                later.append(Refusal(line: line.line, caseID: line.caseID, messages: messages(positioned(error, line), line: line.line)))
            }
            if later.isEmpty { beforeRefusal = recorded }
            if (recorded + already + later.count) % 100 == 0 { progress.update(recorded + already + later.count) }
        }
        do {
            if dryRun {
                var lines: [CaseService.InputLine] = []
                try file.read { number, parsed in
                    guard case .success(let line) = parsed, !badLines.contains(number) else { return }
                    // Read exactly, so a refusal points at the value's column.
                    if format == .jsonl, let text = file.lineText(number), case .success(let exact) = file.exactLine(text, number: number) {
                        lines.append(exact)
                    } else {
                        lines.append(line)
                    }
                }
                try service.rehearse(lines, each: note)
            } else {
                try file.read { number, parsed in
                    guard case .success(let line) = parsed, !badLines.contains(number) else { return }
                    guard later.isEmpty || skipBad else { return }
                    do {
                        note(line, .success(try service.record(line)))
                    } catch {
                        note(line, .failure(Self.serviceError(error)))
                    }
                }
            }
        } catch {
            progress.finish()
            throw Failure.report(error)
        }
        progress.finish()
        report(later)
        summarise(recorded: recorded, already: already, events: events, refused: refused + later)
        if !later.isEmpty, !skipBad {
            if dryRun {
                Output.printError("line \(later[0].line) would be refused; a run without --skip-bad stops there (\(beforeRefusal.counted("line")) before it would be recorded). Nothing was written.")
            } else {
                Output.printError("line \(later[0].line) was refused, and nothing after it was recorded (\(recorded.counted("line")) before it \(recorded == 1 ? "was" : "were")). Fix it and run the file again: lines already recorded are skipped.")
            }
            throw ExitStatus.inputErrors
        }
    }

    /// A refusal of a JSON Lines line, pointed at the value: the line was read fast,
    /// without positions, so it is read again exactly and rehearsed (in a transaction that
    /// is undone; the refusal wrote nothing, so the case is as it was).
    private func positioned(_ error: ServiceError, _ line: CaseService.InputLine) -> ServiceError {
        // A dry run reads its lines exactly already (and is inside its own transaction).
        guard !dryRun, format == .jsonl, !error.diagnostics.isEmpty, let text = file.lineText(line.line),
              case .success(let exact) = file.exactLine(text, number: line.line) else { return error }
        var found = error
        try? service.rehearse([exact]) { _, result in
            if case .failure(let again) = result, !again.diagnostics.isEmpty { found = again }
        }
        return found
    }

    private static func serviceError(_ error: any Error) -> ServiceError {
        (error as? ServiceError) ?? ServiceError("\(error)")
    }

    /// A problem as lines: `file:line: error: …`, positioned inside JSON Lines.
    private func messages(_ error: ServiceError, line: Int) -> [String] {
        if format == .jsonl, !error.diagnostics.isEmpty {
            return error.diagnostics.map { diagnostic in "\(diagnostic.location.map { "\($0)" } ?? "\(path):\(line)"): \(diagnostic.message)" }
        }
        return [error.message]
    }

    private func report(_ refusals: [Refusal]) {
        guard !json else { return }
        for refusal in refusals {
            for message in refusal.messages {
                let what = refusal.caseID.flatMap { message.contains($0) ? nil : " (case \($0))" } ?? ""
                let text = message.hasPrefix(path + ":") ? message : "\(path):\(refusal.line): \(message)"
                if let colon = text.range(of: ": ", options: [], range: text.index(text.startIndex, offsetBy: path.count)..<text.endIndex) {
                    Output.printError(String(text[..<colon.lowerBound]) + ": \(paint.red("error:")) " + text[colon.upperBound...] + what)
                } else {
                    Output.printError("\(paint.red("error:")) \(text)\(what)")
                }
            }
        }
    }

    private func summarise(recorded: Int, already: Int, events: Int, refused: [Refusal]) {
        if json {
            Output.print(JSON.object([
                ("file", .string(path)),
                ("dryRun", .bool(dryRun)),
                ("recorded", .number(Double(recorded))),
                ("alreadyRecorded", .number(Double(already))),
                ("events", .number(Double(events))),
                ("refused", .array(refused.map { refusal in
                    .object([
                        ("line", .number(Double(refusal.line))),
                        ("case", refusal.caseID.map(JSON.string) ?? .null),
                        ("errors", .array(refusal.messages.map(JSON.string))),
                    ])
                })),
            ]).rendered())
            return
        }
        var parts = ["\(dryRun ? "would record" : "recorded") \(recorded.counted("line")) from \(path) (\(events.counted("event")))"]
        if already > 0 { parts.append("\(already.counted("line")) recorded before") }
        if !refused.isEmpty { parts.append("\(refused.count.counted("line")) refused") }
        Output.printError(parts.joined(separator: "; ") + (dryRun ? "; nothing was written" : ""))
    }
}
