import Foundation
public import SojournKit

/// The employees the demo sends abroad: staggered departures, several host countries, a
/// range of assignment lengths.
public struct SampleCase: Sendable {
    public var number: Int
    public var employee: String
    public var manager: String
    public var home: String
    public var host: String
    public var departure: CalendarDate
    public var returnDate: CalendarDate
    public var months: Int
    public var languages: [String]
    public var timezone: String
    public var unit: String
    /// Says on the questionnaire that the assignment is too short for mentoring.
    public var eligible: Bool
    /// Meets a goal weeks after its target.
    public var lateGoal: Bool

    /// The fields `sojourn open` takes for this case.
    public var fields: [String: String] {
        [
            "employee": employee, "manager": manager, "home_country": home, "host_country": host,
            "departure": departure.description, "return": returnDate.description, "languages": languages.joined(separator: ", "),
            "timezone": timezone, "unit": unit, "level": months >= 10 ? "manager" : "analyst",
        ]
    }

    static let first = ["Ana", "Ben", "Carla", "Dev", "Elif", "Farid", "Grace", "Hiro", "Inés", "Jonas", "Kofi", "Lena", "Mateo", "Nora", "Olu", "Pia", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xin", "Yara", "Zoe"]
    static let last = ["Lima", "Okafor", "Ruiz", "Patel", "Yilmaz", "Karimi", "Hall", "Tanaka", "Moreno", "Weber", "Mensah", "Fischer", "Silva", "Berg", "Adeyemi", "Keller", "Brooks", "Costa", "Reid", "Kaur", "Aziz", "Novak", "Young", "Li", "Haddad", "Dubois"]
    static let hosts: [(country: String, timezone: String, language: String)] = [
        ("BR", "America/Sao_Paulo", "Portuguese"), ("SG", "Asia/Singapore", "English"), ("US", "America/New_York", "English"),
        ("BR", "America/Sao_Paulo", "Portuguese"), ("JP", "Asia/Tokyo", "Japanese"), ("AE", "Asia/Dubai", "Arabic"),
        ("MX", "America/Mexico_City", "Spanish"), ("IN", "Asia/Kolkata", "Hindi"), ("AU", "Australia/Sydney", "English"),
        ("CN", "Asia/Shanghai", "Mandarin"), ("GB", "Europe/London", "English"),
    ]
    static let homes: [(country: String, language: String)] = [("DE", "German"), ("FR", "French"), ("NL", "Dutch"), ("GB", "English")]
    static let units = ["Payments", "Cards", "Risk", "Operations", "Sales", "Treasury"]
    static let managers = ["Max Mueller <max.mueller@example.com>", "Nina Olsen <nina.olsen@example.com>", "Raj Iyer <raj.iyer@example.com>"]

    /// `count` cases: departures every nine days from 1 March 2027, six to twelve months
    /// abroad; the fourth employee is not eligible and the second meets a goal late.
    public static func cases(_ count: Int) -> [SampleCase] {
        let firstDeparture = CalendarDate("2027-03-01")!
        return (0..<count).map { index in
            let host = hosts[index % hosts.count]
            var home = homes[index % homes.count]
            if home.country == host.country { home = homes[(index + 1) % homes.count] }
            let name = "\(first[index % first.count]) \(last[(index * 7) % last.count])"
            let email = name.folding(options: .diacriticInsensitive, locale: nil).lowercased().replacing(" ", with: ".") + (index >= first.count ? "\(index)" : "") + "@example.com"
            let months = 6 + (index * 5) % 7
            let departure = firstDeparture.adding(days: index * 9)
            return SampleCase(
                number: index + 1, employee: "\(name) <\(email)>", manager: managers[index % managers.count], home: home.country, host: host.country,
                departure: departure, returnDate: departure.adding(months: months), months: months,
                languages: Array(Set([home.language, "English", host.language])).sorted(), timezone: host.timezone,
                unit: units[index % units.count], eligible: index % 10 != 3, lateGoal: index % 10 == 1)
        }
    }
}
