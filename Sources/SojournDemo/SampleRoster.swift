import Foundation
public import SojournKit

/// The roster the demo imports: mentors who have worked abroad, colleagues who have not
/// (for reverse mentoring), in several countries and time zones.
public enum SampleRoster {
    static func person(_ name: String, _ country: String, _ timezone: String, _ unit: String, _ languages: [String], capacity: Int, _ assignments: [(String, String, String?)]) -> RosterPerson {
        let email = name.folding(options: .diacriticInsensitive, locale: nil).lowercased().split(separator: " ").joined(separator: ".") + "@example.com"
        return RosterPerson(
            email: email, name: name, country: country, timezone: timezone, unit: unit, languages: languages,
            assignments: assignments.map { .init(country: $0.0, from: CalendarDate($0.1)!, to: $0.2.flatMap { CalendarDate($0) }) },
            capacity: capacity)
    }

    /// Everyone on the sample roster.
    public static let people: [RosterPerson] = [
        person("Bo Berg", "BR", "America/Sao_Paulo", "Payments", ["portuguese", "english"], capacity: 1, [("BR", "2025-06-01", nil)]),
        person("Cy Chen", "DE", "Europe/Berlin", "Cards", ["german", "portuguese", "english"], capacity: 2, [("BR", "2021-01-01", "2022-12-31")]),
        person("Dag Dahl", "NO", "Europe/Oslo", "Cards", ["norwegian", "english"], capacity: 2, [("SG", "2020-01-01", "2021-06-30"), ("US", "2023-01-01", "2024-06-30")]),
        person("Ama Mensah", "GB", "Europe/London", "Risk", ["english", "french"], capacity: 2, [("US", "2019-03-01", "2021-02-28")]),
        person("Kenji Sato", "JP", "Asia/Tokyo", "Payments", ["japanese", "english"], capacity: 2, [("JP", "2024-04-01", nil)]),
        person("Priya Nair", "IN", "Asia/Kolkata", "Operations", ["hindi", "english"], capacity: 2, [("SG", "2022-01-01", "2023-12-31"), ("IN", "2025-01-01", nil)]),
        person("Lucía Gómez", "MX", "America/Mexico_City", "Sales", ["spanish", "english"], capacity: 2, [("MX", "2024-09-01", nil), ("US", "2018-01-01", "2019-12-31")]),
        person("Omar Haddad", "AE", "Asia/Dubai", "Treasury", ["arabic", "english", "french"], capacity: 2, [("AE", "2023-05-01", nil)]),
        person("Wei Zhang", "CN", "Asia/Shanghai", "Operations", ["mandarin", "english"], capacity: 1, [("CN", "2022-02-01", "2024-01-31")]),
        person("Sophie Martin", "FR", "Europe/Paris", "Sales", ["french", "english"], capacity: 2, [("GB", "2020-09-01", "2022-08-31"), ("AU", "2023-01-01", "2024-12-31")]),
        person("Jack Wilson", "AU", "Australia/Sydney", "Risk", ["english"], capacity: 1, [("AU", "2025-02-01", nil)]),
        person("Emma Jansen", "NL", "Europe/Amsterdam", "Payments", ["dutch", "english", "german"], capacity: 2, [("SG", "2024-01-01", nil)]),
        person("Eli Evans", "DE", "Europe/Berlin", "Risk", ["german", "english"], capacity: 4, []),
        person("Fio Faria", "DE", "Europe/Berlin", "People", ["german", "portuguese"], capacity: 4, []),
        person("Greta Lind", "GB", "Europe/London", "Treasury", ["english", "swedish"], capacity: 4, []),
        person("Hugo Petit", "FR", "Europe/Paris", "Cards", ["french", "english"], capacity: 4, []),
        person("Jan Kowalski", "PL", "Europe/Warsaw", "Operations", ["polish", "english", "german"], capacity: 4, []),
        person("Iris de Vries", "NL", "Europe/Amsterdam", "Sales", ["dutch", "english"], capacity: 4, []),
    ]
}
