import ArgumentParser
import CSV
import Foundation
import SojournCore
import SojournKit

/// `sojourn open`: one case per employee.
struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a case of a workflow, or one per row of a CSV file.",
        discussion: """
            Every field is checked against its type; nothing is stored when any is wrong. \
            Prints the new case's id. With --from, the CSV's header names the fields (and \
            roles as role:mentor); every row is checked first and none is opened if any is \
            bad, unless --skip-bad.

            A case is opened once: one with the same key (HR's reference in the --key \
            column, else the workflow, the employee and the first date field) is not opened \
            again, so an interrupted import can simply be run again.
            """
    )

    @Argument(help: "The workflow file.")
    var workflow: String

    @Option(name: .customLong("field"), help: ArgumentHelp("A field value, as name=value; repeat for each field.", valueName: "name=value"))
    var fields: [String] = []

    @Option(name: .customLong("role"), help: ArgumentHelp("A person for a role, as role='Name <email>'.", valueName: "role=person"))
    var roles: [String] = []

    @Option(name: .customLong("from"), help: ArgumentHelp("A CSV file with one case per row.", valueName: "file.csv"))
    var csv: String?

    @Flag(name: .customLong("skip-bad"), help: "With --from: open the good rows and report the bad ones.")
    var skipBad = false

    @Flag(help: "With --from: a line on standard error as each batch of cases is committed (for logs), instead of a bar on a terminal.")
    var progress = false

    @Option(help: ArgumentHelp("With --from: the file's encoding when it is not UTF-8: latin-1, windows-1252 or utf-16.", valueName: "encoding"))
    var encoding: CSVFile.Encoding = .utf8

    @Option(name: .customLong("key"), help: ArgumentHelp("With --from: the column holding HR's own reference for each case; a rerun skips references already open.", valueName: "column"))
    var keyColumn: String?

    @Option(name: .customLong("reference"), help: ArgumentHelp("HR's own reference for the case; a case with it already open is not opened again.", valueName: "text"))
    var reference: String?

    @Option(help: ArgumentHelp("Folder of holiday calendars overriding the built-in ones (default: calendars/ beside the workflow, if there is one).", valueName: "folder"))
    var calendars: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var actor: ActorOptions

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        _ = try FieldArguments.parse(fields)
        _ = try FieldArguments.parse(roles, option: "--role")
        if csv != nil, !fields.isEmpty || !roles.isEmpty || reference != nil {
            throw ValidationError("give the values either with --field/--role/--reference or in the CSV file (--from), not both")
        }
        if keyColumn != nil, csv == nil { throw ValidationError("--key names a column of the CSV file; it goes with --from") }
    }

    func run() throws {
        let service = try database.service()
        do {
            let opening = try service.opening(workflowAt: workflow, calendars: calendars.map(CalendarLibrary.init(directory:)))
            let date = asOf.date ?? service.clock.today()
            if let csv {
                try openFromCSV(csv, service: service, opening: opening, date: date)
                return
            }
            let new = CaseService.NewCase(fields: try FieldArguments.parse(fields), people: try FieldArguments.parse(roles, option: "--role"), reference: reference)
            let checked = try service.check(new, for: opening, on: date).get()
            for warning in checked.warnings { Output.printError("\(Paint.standardError.yellow("warning:")) \(warning)") }
            let opened = try service.open([checked], with: opening, on: date, by: actor.resolved)
            if json {
                Output.print(JSON.object([
                    ("opened", .array(opened.filter(\.isNew).map { .string($0.id) })),
                    ("existing", .array(opened.filter { !$0.isNew }.map(Self.existingJSON))),
                    ("warnings", .array(checked.warnings.map(JSON.string))),
                ]).rendered())
            } else {
                for case let existing in opened where !existing.isNew {
                    Output.printError("\(Paint.standardError.yellow("note:")) case \(existing.id) is already open for \(existing.key.map(\.description) ?? "these values"); nothing was opened")
                }
                Output.print(opened[0].id)
            }
        } catch {
            throw Failure.report(error)
        }
    }

    static func existingJSON(_ existing: CaseService.OpenedCase) -> JSON {
        .object([("case", .string(existing.id)), ("key", existing.key.map { .string($0.description) } ?? .null)])
    }

    // MARK: - CSV

    /// One row's values, read from the CSV.
    struct Row {
        var line: Int
        var new: CaseService.NewCase
    }

    /// Reads the CSV a row at a time, so memory does not grow with the file.
    private func rows(_ path: String, workflow: Workflow, _ body: (Row) throws -> Void) throws {
        let file = try CSVFile.open(path, encoding: encoding)
        let reader = file.reader
        let header = file.header
        if let keyColumn, !header.contains(keyColumn) {
            throw ServiceError("\(path) has no column '\(keyColumn)' for --key; its columns are \(header.joined(separator: ", "))")
        }
        try Self.checkColumns(header, of: path, against: workflow, key: keyColumn)
        var line = 2
        while let values = reader.next() {
            var new = CaseService.NewCase(fields: [:])
            for (name, value) in zip(header, values) where !value.isEmpty {
                if name == keyColumn {
                    new.reference = value
                } else if name.hasPrefix("role:") {
                    new.people[String(name.dropFirst(5))] = value
                } else {
                    new.fields[name] = value
                }
            }
            try body(Row(line: line, new: new))
            // A quoted value may span lines; the next row starts after them.
            line += 1 + values.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        }
        // CSV.swift reports the end of the stream as `cannotReadFile` on Linux.
        if let error = reader.error, !(error is CSVError && "\(error)" == "cannotReadFile") {
            throw ServiceError("\(path):\(line): the CSV cannot be read there: \(error)")
        }
    }

    /// Every column names a field, a role (`role:mentor`) or the `--key` column, and
    /// every required field without a default has a column: a misspelt column would
    /// otherwise be dropped, or fail every row.
    static func checkColumns(_ header: [String], of path: String, against workflow: Workflow, key: String?) throws {
        let fields = workflow.fields.map(\.name.value)
        let roles = workflow.roles.map(\.value)
        var problems: [String] = []
        for name in header where name != key {
            if name.hasPrefix("role:") {
                let role = String(name.dropFirst(5))
                if !roles.contains(role) {
                    let hint = Suggestions.closest(to: role, among: roles).map { " (did you mean 'role:\($0)'?)" } ?? ""
                    problems.append("column '\(name)' names no role of the workflow\(hint); its roles are \(roles.joined(separator: ", "))")
                }
            } else if !fields.contains(name) {
                let hint = Suggestions.closest(to: name, among: fields).map { " (did you mean '\($0)'?)" }
                    ?? (roles.contains(name) ? name : Suggestions.closest(to: name, among: roles)).map { " (a role is written 'role:\($0)')" } ?? ""
                problems.append("column '\(name)' is not a field of the workflow\(hint); the columns are its fields (\(fields.joined(separator: ", "))), roles as role:ROLE, and the --key column")
            }
        }
        for field in workflow.fields where field.required && field.defaultValue == nil && !header.contains(field.name.value) {
            problems.append("there is no column for the required field '\(field.name.value)'")
        }
        guard problems.isEmpty else {
            // One line each, positioned as the rows' errors are, then what happened.
            for problem in problems { Output.printError("\(path):1: \(Paint.standardError.red("error:")) \(problem)") }
            Output.printError("no case was opened")
            throw ExitStatus.inputErrors
        }
    }

    private func openFromCSV(_ path: String, service: CaseService, opening: CaseService.Opening, date: CalendarDate) throws {
        let paint = Paint.standardError
        // First pass: check every row.
        var bad: [(line: Int, messages: [String])] = []
        var total = 0
        let checking = ProgressBar("checking rows", total: nil, lines: false)
        try rows(path, workflow: opening.workflow) { row in
            total += 1
            if case .failure(let problems) = service.check(row.new, for: opening, on: date) {
                bad.append((row.line, problems.messages))
            }
            if total % 1000 == 0 { checking.update(total) }
        }
        checking.finish()
        for (line, messages) in bad {
            for message in messages { Output.printError("\(path):\(line): \(paint.red("error:")) \(message)") }
        }
        if !bad.isEmpty, !skipBad {
            Output.printError("\(bad.count) of \(total) rows have errors; no case was opened. Fix them, or add --skip-bad to open the \(total - bad.count) good rows.")
            throw ExitStatus.inputErrors
        }
        // Second pass: open the good rows, a batch per transaction.
        let badLines = Set(bad.map(\.line))
        // As text, the ids are printed batch by batch, so memory stays flat however many
        // rows the file has; as JSON they are kept for the one object printed at the end.
        var opened: [CaseService.OpenedCase] = []
        var newCount = 0, existingCount = 0
        // Warnings (a country without a holiday calendar) once each, however many rows.
        var warnings: [String] = []
        var batch: [CaseService.CheckedCase] = []
        let progress = ProgressBar("opening cases", total: total - bad.count, lines: self.progress)
        func flush() throws {
            guard !batch.isEmpty else { return }
            let done = try service.open(batch, with: opening, on: date, by: actor.resolved)
            batch.removeAll(keepingCapacity: true)
            let new = done.filter(\.isNew)
            newCount += new.count
            existingCount += done.count - new.count
            if json {
                opened += done
            } else if !new.isEmpty {
                progress.finish()  // the ids go on lines of their own, then the bar again
                Output.print(new.map(\.id).joined(separator: "\n"))
            }
            progress.update(newCount + existingCount)
        }
        try rows(path, workflow: opening.workflow) { row in
            // Checked in the first pass; the plan need not be worked out again.
            guard !badLines.contains(row.line), case .success(let checked) = service.check(row.new, for: opening, on: date, verifyPlan: false) else { return }
            for warning in checked.warnings where !warnings.contains(warning) { warnings.append(warning) }
            batch.append(checked)
            if batch.count == 500 { try flush() }
        }
        try flush()
        progress.finish()
        if json {
            Output.print(JSON.object([
                ("opened", .array(opened.filter(\.isNew).map { .string($0.id) })),
                ("existing", .array(opened.filter { !$0.isNew }.map(Self.existingJSON))),
                ("skipped", .array(bad.map { JSON.object([("line", .number(Double($0.line))), ("errors", .array($0.messages.map(JSON.string)))]) })),
                ("warnings", .array(warnings.map(JSON.string))),
            ]).rendered())
        } else {
            for warning in warnings { Output.printError("\(paint.yellow("warning:")) \(warning)") }
            var summary = "opened \(newCount.counted("case"))"
            if existingCount > 0 { summary += "; \(existingCount.counted("row")) already had a case (a rerun opens only what is missing)" }
            if !bad.isEmpty { summary += "; skipped \(bad.count.counted("bad row"))" }
            Output.printError(summary)
        }
    }
}
