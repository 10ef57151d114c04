import ArgumentParser
import CSV
import Foundation
import SojournCore
import SojournKit

/// The lines of a `sojourn record --from` file: JSON Lines (one object a line) or CSV
/// (a header, then one input a row). Both name the same things:
///
/// - `case` and `step` (`mentoring#3` for an occurrence), required;
/// - `as_of`, the date to record on, and `by`, who recorded it, optional;
/// - the input's values: a `values` object in JSON Lines, every other column in CSV
///   (each cell read as YAML, as `--set` reads it; empty cells are left out);
/// - or, instead of values, `postpone` (a date) or `skip` (the reason).
struct InputLinesFile {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv

        /// The format a file's extension names, if any.
        init?(path: String) {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "jsonl", "ndjson", "json": self = .jsonl
            case "csv": self = .csv
            default: return nil
            }
        }
    }

    /// Why a line cannot be recorded, before any case is looked at.
    struct LineProblem: Error {
        var messages: [String]
        var diagnostics: [Diagnostic] = []
        var source: SourceFile?
    }

    static let reserved: Set<String> = ["case", "step", "as_of", "by", "values", "postpone", "skip"]

    let path: String
    let format: Format
    /// Who runs the import (`--by`, else `$SOJOURN_ACTOR`, else the user): it records
    /// every line, for the line's `by` person when that is someone else.
    let defaultActor: String
    /// A CSV file's encoding (`--encoding`).
    var encoding: CSVFile.Encoding = .utf8

    /// Calls `body` with each line's number and its input, or why it cannot be one.
    func read(_ body: (Int, Result<CaseService.InputLine, LineProblem>) throws -> Void) throws {
        switch format {
        case .jsonl: try readJSONLines(body)
        case .csv: try readCSV(body)
        }
    }

    // MARK: - JSON Lines

    private func readJSONLines(_ body: (Int, Result<CaseService.InputLine, LineProblem>) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw ServiceError("cannot read \(path)") }
        var number = 0
        var failure: (any Error)?
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                number += 1
                var last = end
                if last > start, bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<last])
                start = end + 1
                guard slice.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    try body(number, .failure(LineProblem(messages: ["it is not UTF-8 text"])))
                    continue
                }
                do {
                    try body(number, jsonLine(text, number: number, exact: false))
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    /// One line read again through the YAML loader, so that problems in it can be
    /// pointed at by column (the fast reading knows only the line).
    func exactLine(_ text: String, number: Int) -> Result<CaseService.InputLine, LineProblem> {
        jsonLine(text, number: number, exact: true)
    }

    /// The text of line `number`, to read it again exactly (the file's lines are read
    /// once, the first time one is asked for).
    func lineText(_ number: Int) -> String? {
        guard format == .jsonl else { return nil }
        if lines.text == nil {
            let text = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) } ?? ""
            lines.text = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        }
        guard let all = lines.text, number >= 1, number <= all.count else { return nil }
        return all[number - 1]
    }

    /// The file's lines, once read.
    final class Lines {
        var text: [String]?
    }

    let lines = Lines()

    private func jsonLine(_ text: String, number: Int, exact: Bool) -> Result<CaseService.InputLine, LineProblem> {
        let node: Node
        if exact {
            do {
                node = try YAMLLoader().loadDocument(SourceFile(path: path, text: text)).relocated(toLine: number)
            } catch {
                return .failure(LineProblem(messages: ["it is not a JSON object: \(error.message)"]))
            }
        } else {
            // JSON read directly; every node placed at the line's start.
            guard let value = PluginValue(jsonText: text) else { return jsonLine(text, number: number, exact: true) }
            node = Self.node(value, at: SourceLocation(file: path, line: number, column: 1))
        }
        guard let pairs = node.mapping else { return .failure(LineProblem(messages: ["it is not a JSON object"])) }
        var fields: [String: Node] = [:]
        var problems: [String] = []
        for pair in pairs {
            guard let key = pair.key.text else { continue }
            guard Self.reserved.contains(key) else {
                problems.append("unknown key '\(key)'\(Suggestions.didYouMean(key, among: Self.reserved.sorted())); put input values under \"values\"")
                continue
            }
            fields[key] = pair.value
        }
        let values: Node?
        if let found = fields["values"] {
            guard found.mapping != nil else { return .failure(LineProblem(messages: problems + ["\"values\" must be an object of input values"])) }
            values = found
        } else {
            values = nil
        }
        return line(number: number, text: { fields[$0]?.text }, values: values, problems: problems)
    }

    /// A JSON value as the node the YAML loader would have made of it: strings quoted (so
    /// "3" stays text), numbers, yes/no and null plain.
    static func node(_ value: PluginValue, at location: SourceLocation) -> Node {
        switch value {
        case .null: return Node(.scalar(Scalar("null")), at: location)
        case .bool(let flag): return Node(.scalar(Scalar(flag ? "true" : "false")), at: location)
        case .number(let number): return Node(.scalar(Scalar(Int(exactly: number).map(String.init) ?? "\(number)")), at: location)
        case .text(let text): return Node(.scalar(Scalar(text, style: .doubleQuoted)), at: location)
        case .date(let date): return Node(.scalar(Scalar(date.description)), at: location)
        case .list(let items): return Node(.sequence(items.map { node($0, at: location) }), at: location)
        case .object(let pairs):
            return Node(.mapping(pairs.sorted { $0.key < $1.key }.map {
                Node.Pair(key: Node(.scalar(Scalar($0.key, style: .doubleQuoted)), at: location), value: node($0.value, at: location))
            }), at: location)
        }
    }

    // MARK: - CSV

    private func readCSV(_ body: (Int, Result<CaseService.InputLine, LineProblem>) throws -> Void) throws {
        let file = try CSVFile.open(path, encoding: encoding)
        let reader = file.reader
        let header = file.header
        for required in ["case", "step"] where !header.contains(required) {
            throw ServiceError("\(path) has no column '\(required)'; the columns are case, step, as_of, by, postpone, skip, and the input's values")
        }
        var number = 2
        while let cells = reader.next() {
            var fields: [String: String] = [:]
            var valuePairs: [Node.Pair] = []
            var problems: [String] = []
            for (name, cell) in zip(header, cells) where !cell.isEmpty {
                if Self.reserved.contains(name) {
                    fields[name] = cell
                    continue
                }
                let file = "\(path):\(number) column \(name)"
                do {
                    let value = try YAMLLoader().loadStream(SourceFile(path: file, text: cell)).first
                        ?? Node(.scalar(Scalar("")), at: SourceLocation(file: path, line: number, column: 1))
                    let at = SourceLocation(file: path, line: number, column: 1)
                    valuePairs.append(Node.Pair(key: Node(.scalar(Scalar(name)), at: at), value: value.relocated(toLine: number, file: path)))
                } catch {
                    problems.append("column \(name): \(error.message)")
                }
            }
            let values = valuePairs.isEmpty ? nil : Node(.mapping(valuePairs), at: SourceLocation(file: path, line: number, column: 1))
            try body(number, line(number: number, text: { fields[$0] }, values: values, problems: problems))
            number += 1 + cells.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
            throw ServiceError("\(path):\(number): the CSV cannot be read there: \(error)")
        }
    }

    // MARK: - One line

    private func line(number: Int, text: (String) -> String?, values: Node?, problems: [String]) -> Result<CaseService.InputLine, LineProblem> {
        var problems = problems
        let caseID = text("case") ?? ""
        if caseID.isEmpty { problems.append("it names no case (case)") }
        let stepText = text("step") ?? ""
        let target = CaseEngine.Target(stepText)
        if stepText.isEmpty {
            problems.append("it names no step (step)")
        } else if target == nil {
            problems.append("'\(stepText)' is not a step; write its id, or id#N for an occurrence")
        }
        var date: CalendarDate?
        if let asOf = text("as_of") {
            date = CalendarDate(asOf)
            if date == nil { problems.append("as_of '\(asOf)' is not a date; write YYYY-MM-DD") }
        }
        let postpone = text("postpone")
        let skip = text("skip")
        let given = [values != nil, postpone != nil, skip != nil].filter { $0 }.count
        if given == 0 { problems.append("it gives no values, postpone or skip") }
        if given > 1 { problems.append("give values, postpone or skip, one at a time") }
        var postponeDate: CalendarDate?
        if let postpone {
            postponeDate = CalendarDate(postpone)
            if postponeDate == nil { problems.append("postpone '\(postpone)' is not a date; write YYYY-MM-DD") }
        }
        if let skip, skip.allSatisfy(\.isWhitespace) { problems.append("skip needs a reason") }
        guard problems.isEmpty, let target else { return .failure(LineProblem(messages: problems)) }
        let change: CaseService.Change
        let what: String
        if let values {
            change = .record(target, values)
            what = "values " + PluginValue(values).jsonText
        } else if let postponeDate {
            change = .postpone(target, to: postponeDate)
            what = "postpone \(postponeDate)"
        } else {
            change = .skip(target, reason: skip ?? "")
            what = "skip \(skip ?? "")"
        }
        let by = text("by")
        let key = CaseService.InputLine.key([caseID, target.description, date?.description ?? "", by ?? "", what])
        // Whoever runs the import records each line; a line someone else gave is
        // recorded for them, saying where it came from.
        let acting = by.flatMap { PersonText.same($0, defaultActor) ? nil : Acting(defaultActor, onBehalfOf: $0, reason: "line \(number) of \((path as NSString).lastPathComponent)") }
            ?? Acting(defaultActor)
        return .success(CaseService.InputLine(line: number, caseID: caseID, change: change, date: date, acting: acting, key: key))
    }
}
