public import SojournKit
public import SojournLanguage

/// The type of a case field: what HR must give when a case opens.
public enum FieldType: String, Sendable, CaseIterable {
    case text, number, yesNo = "yes-no", date, email, country, timezone, person, choice, list

    /// The same type as plugins see it.
    public var kind: FieldKind {
        switch self {
        case .text: .text
        case .number: .number
        case .yesNo: .yesNo
        case .date: .date
        case .email: .email
        case .country: .country
        case .timezone: .timezone
        case .person: .person
        case .choice: .choice
        case .list: .list
        }
    }

    /// What the type accepts, for messages and documentation.
    public var summary: String {
        switch self {
        case .text: "any text"
        case .number: "a number, such as 3 or 2.5"
        case .yesNo: "yes or no"
        case .date: "a date, YYYY-MM-DD"
        case .email: "an email address"
        case .country: "an ISO 3166-1 country code, such as NO or FR"
        case .timezone: "an IANA time zone, such as Europe/Oslo"
        case .person: "a name, or a name and email as 'Ana Lima <ana@example.com>'"
        case .choice: "one of the field's options"
        case .list: "a list of texts, separated by commas"
        }
    }

    /// The type of the field's value in expressions.
    var expressionType: ExpressionType { kind.expressionType }

    /// Reads a value given as text (on the command line or in a CSV file).
    ///
    /// - Returns: the value, or a message saying what is wrong and what to write.
    public func parse(_ text: String, options: [String] = []) -> Result<Value, FieldValueError> {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return .failure(FieldValueError("is empty; expected \(summary)")) }
        if let problem = TextSafety.lineProblem(trimmed, limit: self == .person || self == .email ? TextSafety.nameLimit : TextSafety.lineLimit) {
            return .failure(FieldValueError(problem))
        }
        switch self {
        case .text:
            return .success(.text(trimmed))
        case .number:
            guard let number = Double(trimmed), number.isFinite else { return .failure(FieldValueError("'\(trimmed)' is not a number")) }
            return .success(.number(number))
        case .yesNo:
            switch trimmed.lowercased() {
            case "yes", "true", "y": return .success(.bool(true))
            case "no", "false", "n": return .success(.bool(false))
            default: return .failure(FieldValueError("'\(trimmed)' is not yes or no"))
            }
        case .date:
            guard let date = CalendarDate(trimmed) else {
                if trimmed.utf8.count == 10, trimmed.hasPrefix("0000-") {
                    return .failure(FieldValueError("'\(trimmed)' is before the year 0001; dates run from 0001-01-01 to 9999-12-31"))
                }
                return .failure(FieldValueError("'\(trimmed)' is not a date; write YYYY-MM-DD, for example 2027-03-01"))
            }
            return .success(.date(date))
        case .email:
            guard EmailAddress.isValid(trimmed) else {
                return .failure(FieldValueError("'\(trimmed)' is not an email address; write it as name@example.com"))
            }
            return .success(.text(trimmed))
        case .country:
            let code = trimmed.uppercased()
            if Countries.isKnown(code) { return .success(.text(code)) }
            if let meant = Countries.commonMistakes[code] {
                return .failure(FieldValueError("'\(trimmed)' is not an ISO 3166-1 code; did you mean '\(meant)' (\(Countries.names[meant]!))?"))
            }
            let byName = Countries.names.first { $0.value.lowercased() == trimmed.lowercased() }
            let hint = byName.map { "; did you mean '\($0.key)'?" } ?? "; use two letters such as NO (Norway) or FR (France)"
            return .failure(FieldValueError("'\(trimmed)' is not an ISO 3166-1 country code\(hint)"))
        case .timezone:
            guard TimeZones.isKnown(trimmed) else {
                let hint = Suggestions.closest(to: trimmed, among: TimeZones.known).map { "; did you mean '\($0)'?" } ?? "; use an IANA name such as Europe/Oslo"
                return .failure(FieldValueError("'\(trimmed)' is not a time zone\(hint)"))
            }
            return .success(.text(trimmed))
        case .person:
            switch Person.parse(trimmed) {
            case .success(let person): return .success(.text(person.description))
            case .failure(let error): return .failure(error)
            }
        case .choice:
            guard options.contains(trimmed) else {
                let hint = Suggestions.didYouMean(trimmed, among: options)
                return .failure(FieldValueError("'\(trimmed)' is not an option\(hint); choose \(Suggestions.list(options))"))
            }
            return .success(.text(trimmed))
        case .list:
            let items = trimmed.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            return .success(.list(items.map(Value.text)))
        }
    }
}

/// Why a field value was refused: completes "field 'x' ...".
public struct FieldValueError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// A person as HR writes them: `Ana Lima` or `Ana Lima <ana@example.com>`.
public struct Person: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var email: String?

    public var description: String { email.map { "\(name) <\($0)>" } ?? name }

    /// Reads `Name` or `Name <email>`.
    public static func parse(_ text: String) -> Result<Person, FieldValueError> {
        let trimmed = text.trimmingSpaces
        if let problem = TextSafety.lineProblem(trimmed, limit: TextSafety.nameLimit) { return .failure(FieldValueError(problem)) }
        guard let open = trimmed.firstIndex(of: "<") else {
            if trimmed.contains("@"), !trimmed.contains(" ") {
                return .failure(FieldValueError("'\(trimmed)' has no name; write 'Name <\(trimmed)>'"))
            }
            return trimmed.isEmpty ? .failure(FieldValueError("is empty; write a name")) : .success(Person(name: trimmed, email: nil))
        }
        guard trimmed.hasSuffix(">") else {
            return .failure(FieldValueError("'\(trimmed)' has no closing '>'; write 'Name <email>'"))
        }
        let name = String(trimmed[..<open]).trimmingSpaces
        let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]).trimmingSpaces
        guard !name.isEmpty else { return .failure(FieldValueError("'\(trimmed)' has no name before '<'")) }
        guard EmailAddress.isValid(email) else { return .failure(FieldValueError("'\(email)' is not an email address")) }
        return .success(Person(name: name, email: email))
    }
}

/// A deliberately simple email check: `local@domain.tld`, no spaces.
enum EmailAddress {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" "), !text.contains("<"), !text.contains(">") else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
