import Foundation
public import SojournKit

/// The holiday calendars beside a workflow: `calendars/<CODE>.yaml`, one per country.
public struct CalendarLibrary: Sendable {
    /// Calendars already read, by country: a file is read once per process.
    private let cache = Cache()

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var calendars: [String: BusinessCalendar?] = [:]
    }

    /// The folder the calendar files are in.
    public let directory: String
    /// Whether validation checks that a `calendar: XX` file exists (not for workflows
    /// pinned by cases, whose calendars are pinned with them).
    public let checksFiles: Bool

    /// Creates a library reading from `directory`.
    public init(directory: String) {
        self.directory = directory
        self.checksFiles = true
    }

    private init(unchecked directory: String) {
        self.directory = directory
        self.checksFiles = false
    }

    /// For validating workflows pinned by cases.
    public static let pinned = CalendarLibrary(unchecked: "")

    /// The library beside a workflow file: its folder's `calendars/`.
    public init(besideWorkflowAt path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        self.init(directory: (folder.isEmpty ? "." : folder) + "/calendars")
    }

    /// The country codes that have a calendar file, sorted.
    public var availableCountries: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.filter { $0.count == 2 }.sorted()
    }

    /// Why a calendar a case needs is refused: no file for `code` (chosen by `field`, if a
    /// field chose it), and the three ways to fix it.
    public func missing(_ code: String, field: String?) -> String {
        "there is no holiday calendar for \(code)\(field.map { " (\($0))" } ?? "") in \(directory); add \(code).yaml there, give --calendars FOLDER, or write 'calendar: weekends' in the workflow to count weekends only"
    }

    /// The path of a country's calendar file.
    public func path(for country: String) -> String {
        "\(directory)/\(country).yaml"
    }

    /// The business calendar of `country`, or `nil` when there is no file for it.
    ///
    /// - Throws: `DiagnosticError` when the file exists but cannot be read.
    public func calendar(for country: String) throws(DiagnosticError) -> BusinessCalendar? {
        cache.lock.lock()
        if let known = cache.calendars[country] {
            cache.lock.unlock()
            return known
        }
        cache.lock.unlock()
        let calendar = try readCalendar(for: country)
        cache.lock.lock()
        cache.calendars[country] = .some(calendar)
        cache.lock.unlock()
        return calendar
    }

    private func readCalendar(for country: String) throws(DiagnosticError) -> BusinessCalendar? {
        let path = path(for: country)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError([.error("cannot read the holiday calendar", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        let source = SourceFile(path: path, text: String(decoding: data, as: UTF8.self))
        let node: Node
        do {
            node = try YAMLLoader().loadDocument(source)
        } catch {
            throw DiagnosticError([error])
        }
        let file = try NodeDecoder().decode(HolidayCalendarFile.self, from: node)
        var problems: [Diagnostic] = []
        var holidays: Set<CalendarDate> = []
        for (text, _) in file.holidays {
            guard let date = CalendarDate(text) else {
                problems.append(.error("'\(text)' is not a date; write YYYY-MM-DD", at: node["holidays"]?.location))
                continue
            }
            holidays.insert(date)
        }
        guard file.years.count == 2, file.years[0] <= file.years[1] else {
            throw DiagnosticError([.error("'years' must be [first, last], such as [2025, 2032]", at: node["years"]?.location)])
        }
        if file.country != country {
            problems.append(.error("this file is named \(country).yaml but says 'country: \(file.country)'", at: node["country"]?.location))
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return BusinessCalendar(name: country, holidays: holidays, years: file.years[0]...file.years[1])
    }
}

/// The layout of a holiday calendar file.
struct HolidayCalendarFile: Decodable {
    var country: String
    var name: String
    var source: String?
    var years: [Int]
    /// Holiday names by date (`2027-05-17: Constitution Day`).
    var holidays: [String: String]
}
