import SojournCore
import SojournKit

/// How values sit in columns: dates as day numbers, lists of rule indexes as text,
/// requests and values as compact JSON. Every reading says what was wrong instead of
/// throwing from deep inside a decoder, so an unreadable case is named with its problem.
enum ColumnValues {
    // MARK: - Dates

    /// The date of a day-number column, when it is one Sojourn can hold
    /// (`CalendarDate.isInRange`: 0001-01-01 to 9999-12-31).
    static func date(_ day: Int?) -> CalendarDate? {
        guard let day else { return nil }
        let date = CalendarDate(dayNumber: day)
        return date.isInRange ? date : nil
    }

    // MARK: - Roles left vacant

    /// `coach,mentor`, or `NULL` for none.
    static func roles(_ roles: Set<String>) -> String? {
        roles.isEmpty ? nil : roles.sorted().joined(separator: ",")
    }

    static func roles(_ text: String?) -> Set<String> {
        Set((text ?? "").split(separator: ",").map(String.init))
    }

    // MARK: - Reminder rules already sent
    // MARK: - Reminder rules already sent (and -1, the escalation)
    static func rules(_ sent: [Int]) -> String? {
        sent.isEmpty ? nil : sent.map(String.init).joined(separator: ",")
    }

    static func rules(_ text: String?) -> [Int]? {
        guard let text, !text.isEmpty else { return [] }
        var result: [Int] = []
        for part in text.split(separator: ",") {
            guard let number = Int(part), number >= -1 else { return nil }
            result.append(number)
        }
        return result
    }

    // MARK: - Requests

    static func request(_ request: InputRequest?) -> String? {
        guard let request else { return nil }
        var object: [String: PluginValue] = ["prompt": .text(request.prompt)]
        if !request.fields.isEmpty {
            object["fields"] = .list(request.fields.map { field in
                .object(["name": .text(field.name), "kind": .text(field.kind), "required": .bool(field.required), "summary": .text(field.summary)])
            })
        }
        return PluginValue.object(object).jsonText
    }

    static func request(_ text: String?) -> InputRequest?? {
        guard let text else { return .some(nil) }
        guard let value = PluginValue(jsonText: text) else { return nil }
        return request(value)
    }

    static func request(_ value: PluginValue) -> InputRequest?? {
        guard case .object(let object) = value, case .text(let prompt)? = object["prompt"] else { return nil }
        var fields: [InputField] = []
        if case .list(let items)? = object["fields"] {
            for item in items {
                guard case .object(let field) = item, case .text(let name)? = field["name"], case .text(let kind)? = field["kind"] else { return nil }
                fields.append(InputField(name, kind, required: field["required"] == .bool(true), field["summary"]?.text ?? ""))
            }
        }
        return .some(InputRequest(prompt, fields: fields))
    }

    // MARK: - Values

    static func object(_ text: String?) -> [String: PluginValue]? {
        guard let text else { return [:] }
        guard case .object(let object)? = PluginValue(jsonText: text) else { return nil }
        return object
    }

    static func json(_ object: [String: PluginValue]) -> String? {
        object.isEmpty ? nil : PluginValue.object(object).jsonText
    }

    // MARK: - The outbox

    /// An outbox row's `recipients`: the people as a JSON list, compared whole.
    static func recipients(_ people: [String]) -> String {
        PluginValue.list(people.map(PluginValue.text)).jsonText
    }

    /// What an invitation's stored calendar holds for the series `uid`: its UID on a line
    /// of its own (invitations are stored unfolded).
    static func uidLine(_ uid: String) -> String { "\r\nUID:\(uid)\r\n" }

    // MARK: - The roster

    /// A person as the `people` table stores them.
    static func value(of person: RosterPerson) -> PluginValue {
        var object: [String: PluginValue] = [
            "email": .text(person.email), "name": .text(person.name), "capacity": .number(Double(person.capacity)),
            "active": .bool(person.active), "languages": .list(person.languages.map(PluginValue.text)),
            "assignments": .list(person.assignments.map { assignment in
                var item: [String: PluginValue] = ["country": .text(assignment.country), "from": .text(assignment.from.description)]
                if let to = assignment.to { item["to"] = .text(to.description) }
                return .object(item)
            }),
        ]
        if let country = person.country { object["country"] = .text(country) }
        if let timezone = person.timezone { object["timezone"] = .text(timezone) }
        if let unit = person.unit { object["unit"] = .text(unit) }
        if let locale = person.locale { object["locale"] = .text(locale) }
        if let digest = person.digest { object["digest"] = .bool(digest) }
        return .object(object)
    }

    /// A person from what the `people` table stores (or what earlier versions stored
    /// there with `JSONEncoder`, which has the same keys).
    static func person(_ value: PluginValue) -> RosterPerson? {
        guard case .object(let object) = value, let email = object["email"]?.text, let name = object["name"]?.text else { return nil }
        var person = RosterPerson(email: email, name: name)
        person.country = object["country"]?.text
        person.timezone = object["timezone"]?.text
        person.unit = object["unit"]?.text
        person.locale = object["locale"]?.text
        if case .bool(let digest)? = object["digest"] { person.digest = digest }
        if case .list(let items)? = object["languages"] { person.languages = items.compactMap(\.text) }
        if case .list(let items)? = object["assignments"] {
            for item in items {
                guard case .object(let assignment) = item, let country = assignment["country"]?.text,
                      let from = assignment["from"]?.text.flatMap({ CalendarDate($0) }) else { return nil }
                person.assignments.append(.init(country: country, from: from, to: assignment["to"]?.text.flatMap { CalendarDate($0) }))
            }
        }
        if let capacity = object["capacity"]?.number.flatMap({ Int(exactly: $0) }) { person.capacity = capacity }
        if case .bool(let active)? = object["active"] { person.active = active }
        return person
    }
}
