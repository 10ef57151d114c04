import CSV
import Foundation
import SojournCore
import SojournKit

/// `sojourn report --compare FILE.csv`: assignees outside the programme, one per row,
/// with `return` and `status_on` (dates), and `left_on` and `promoted_on` (dates, empty
/// when they have not). Any other column is kept for `--by`. A row that does not fit is
/// refused with its line and column, and nothing is reported.
enum ComparisonFile {
    static let required = ["return", "status_on"]
    static let optional = ["left_on", "promoted_on"]

    /// The largest comparison file read (it is read whole).
    static let limit = 16 << 20

    static func read(_ path: String) throws -> [ComparisonRecord] {
        let file = try CSVFile.open(path, limit: limit)
        let missing = required.filter { !file.header.contains($0) }
        guard missing.isEmpty else {
            let lower = missing.filter { name in file.header.contains { $0.lowercased() == name } }
            throw ServiceError("\(path):1: the comparison file needs the column" + (missing.count == 1 ? " " : "s ") + missing.joined(separator: " and ")
                               + (lower.isEmpty ? "" : " (column names are lower-case)")
                               + "; a comparison file has the columns return, status_on, left_on, promoted_on, and any you group by; nothing was reported")
        }
        // Each row has as many cells as the header.
        let width = file.header.count
        var records: [ComparisonRecord] = []
        var problems: [String] = []
        var line = 2
        while let values = file.reader.next() {
            defer { line += 1 + values.reduce(0) { $0 + $1.filter { $0 == "\n" }.count } }
            if values.allSatisfy(\.isEmpty) { continue }
            guard values.count == width else {
                problems.append("\(path):\(line): the row has \(values.count) cells, the header \(width); give each row one cell per column (empty ones too)")
                continue
            }
            var row: [String: String] = [:]
            for (index, name) in file.header.enumerated() { row[name] = values[index] }
            func column(_ name: String) -> Int { (file.header.firstIndex(of: name) ?? 0) + 1 }
            // Every date column, each problem at its column; empty optional ones are nil.
            var dates: [String: CalendarDate] = [:]
            var fits = true
            for name in required + optional {
                let text = row[name] ?? ""
                let position = "\(path):\(line):\(column(name))"
                if text.isEmpty {
                    if required.contains(name) { problems.append("\(position): \(name) is empty; give a date like 2027-06-30"); fits = false }
                } else if let value = CalendarDate(text) {
                    dates[name] = value
                } else {
                    problems.append("\(position): \(name) '\(text.prefix(40))' is not a date; write it as YYYY-MM-DD")
                    fits = false
                }
            }
            guard fits, let back = dates["return"], let status = dates["status_on"] else { continue }
            let left = dates["left_on"], promoted = dates["promoted_on"]
            if let left, left > status {
                problems.append("\(path):\(line):\(column("left_on")): left_on \(left) is after status_on \(status); status_on is the last day their employment is known")
                continue
            }
            if let promoted, promoted < back {
                problems.append("\(path):\(line):\(column("promoted_on")): promoted_on \(promoted) is before return \(back); give the first promotion after return, or leave it empty")
                continue
            }
            var fields = row
            for name in required + optional { fields[name] = nil }
            records.append(ComparisonRecord(returnDate: back, statusOn: status, leftOn: left, promotedOn: promoted, fields: fields))
        }
        guard problems.isEmpty else { throw ServiceError((problems.prefix(20) + (problems.count > 20 ? ["and \(problems.count - 20) more"] : [])).joined(separator: "\n") + "\nnothing was reported") }
        guard !records.isEmpty else { throw ServiceError("\(path) has no rows; give one row per assignee outside the programme") }
        return records
    }
}
