import Foundation
public import SojournKit
import SojournLanguage

/// Importing the roster HR keeps of possible mentors and coaches.
public enum RosterImport {
    /// The fields a roster row can give; CSV columns map to them by name or `--map`.
    public static let fields = ["name", "email", "country", "timezone", "unit", "languages", "assignments", "capacity", "locale", "digest"]

    /// One row's problems.
    public struct RowProblem: Sendable, Hashable {
        public var line: Int
        public var message: String
    }

    /// Reads one row (values by field name) into a person, or says what is wrong.
    ///
    /// `languages` are separated by `;` or `,`; `assignments` are `NO 2019-01-01..2020-06-30`
    /// separated by `;` (an open end, `SG 2024-03-01..`, means still there).
    public static func person(_ values: [String: String]) -> Result<RosterPerson, FieldValueError> {
        func value(_ key: String) -> String? {
            values[key].map { $0.trimmingSpaces }.flatMap { $0.isEmpty ? nil : $0 }
        }
        for column in values.keys.sorted() {
            let limit = column == "name" || column == "email" ? TextSafety.nameLimit : TextSafety.lineLimit
            if let problem = TextSafety.lineProblem(values[column] ?? "", limit: limit) {
                return .failure(FieldValueError("\(problem) (column \(column))"))
            }
        }
        guard let name = value("name") else { return .failure(FieldValueError("has no name")) }
        guard let email = value("email"), EmailAddress.isValid(email) else {
            return .failure(FieldValueError("'\(values["email"] ?? "")' is not an email address (column email)"))
        }
        var person = RosterPerson(email: email, name: name)
        if let country = value("country") {
            guard case .success(.text(let code)) = FieldType.country.parse(country) else {
                return .failure(FieldValueError("'\(country)' is not an ISO 3166-1 country code (column country)"))
            }
            person.country = code
        }
        if let timezone = value("timezone") {
            guard TimeZones.isKnown(timezone) else { return .failure(FieldValueError("'\(timezone)' is not an IANA time zone (column timezone)")) }
            person.timezone = timezone
        }
        person.unit = value("unit")
        if let locale = value("locale") {
            guard locale.lowercased().wholeMatch(of: /[a-z]{2,3}(-[a-z0-9]{2,8})*/) != nil else {
                return .failure(FieldValueError("'\(locale)' is not a language tag; write one such as en, de or pt-BR (column locale)"))
            }
            person.locale = locale.lowercased()
        }
        if let digest = value("digest") {
            switch digest.lowercased() {
            case "daily": person.digest = true
            case "none": person.digest = false
            default: return .failure(FieldValueError("'\(digest)' is not a digest setting; write daily, none, or leave it empty for the workflow's (column digest)"))
            }
        }
        person.languages = (value("languages") ?? "").split(whereSeparator: { $0 == ";" || $0 == "," }).map { String($0).trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
        for item in (value("assignments") ?? "").split(separator: ";") {
            let parts = item.trimmingSpaces.split(separator: " ", maxSplits: 1).map(String.init)
            let range = parts.count == 2 ? parts[1].components(separatedBy: "..") : []
            guard parts.count == 2, range.count == 2, case .success(.text(let code)) = FieldType.country.parse(parts[0]),
                  let from = CalendarDate(range[0].trimmingSpaces) else {
                return .failure(FieldValueError("'\(item.trimmingSpaces)' is not an assignment; write COUNTRY FROM..TO, such as NO 2019-01-01..2020-06-30 (column assignments)"))
            }
            let toText = range[1].trimmingSpaces
            let to = toText.isEmpty ? nil : CalendarDate(toText)
            if !toText.isEmpty, to == nil { return .failure(FieldValueError("'\(toText)' is not a date (column assignments)")) }
            person.assignments.append(.init(country: code, from: from, to: to))
        }
        if let capacity = value("capacity") {
            guard let count = Int(capacity), count >= 0 else { return .failure(FieldValueError("'\(capacity)' is not a whole number (column capacity)")) }
            person.capacity = count
        }
        return .success(person)
    }

    /// What an import did, or would do.
    public struct Report: Sendable {
        public var added = 0
        public var updated = 0
        public var deactivated: [String] = []
    }

    /// Stores the people; those on the roster but not in `people` become inactive. Refuses
    /// (changing nothing) when that would deactivate more than 10% of the active roster,
    /// unless `force`.
    public static func apply(_ people: [RosterPerson], to store: any CaseStore, force: Bool) throws -> Report {
        try store.write { writer in
            let current = try writer.roster()
            let incoming = Set(people.map { $0.email.lowercased() })
            let active = current.filter(\.active)
            let missing = active.filter { !incoming.contains($0.email.lowercased()) }.map(\.email)
            if !force, !active.isEmpty, missing.count * 10 > active.count {
                throw ServiceError("this import would mark \(missing.count) of \(active.count) active people inactive (more than 10%): \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : ""); if the file is complete, run it again with --force")
            }
            var report = Report()
            let known = Set(current.map { $0.email.lowercased() })
            for person in people {
                try writer.save(person)
                if known.contains(person.email.lowercased()) { report.updated += 1 } else { report.added += 1 }
            }
            try writer.deactivate(missing)
            report.deactivated = missing
            return report
        }
    }
}
