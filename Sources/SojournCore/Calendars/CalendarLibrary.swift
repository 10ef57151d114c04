import Foundation
public import SojournKit

/// The holiday calendars a workflow counts business days in: those compiled into the
/// binary (20 countries, see `Calendars/Holidays/`), each overridden by a file
/// `<CODE>.yaml` in a folder: `calendars/` beside the workflow, or `--calendars FOLDER`.
public struct CalendarLibrary: Sendable {
    /// Calendars already read, by country: a file is read once per process.
    private let cache = Cache()

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var calendars: [String: BusinessCalendar?] = [:]
    }

    /// The folder whose files override the bundled calendars, if any.
    public let directory: String?
    /// Whether validation checks that a `calendar: XX` file exists (not for workflows
    /// pinned by cases, whose calendars are pinned with them).
    public let checksFiles: Bool

    /// Creates a library reading from `directory` first, then the bundled calendars.
    public init(directory: String?) {
        self.directory = directory
        self.checksFiles = true
    }

    private init(unchecked directory: String?) {
        self.directory = directory
        self.checksFiles = false
    }

    /// The bundled calendars alone.
    public static let bundled = CalendarLibrary(directory: nil)

    /// For validating workflows pinned by cases.
    public static let pinned = CalendarLibrary(unchecked: nil)

    /// The library for a workflow file: its folder's `calendars/` when there is one,
    /// over the bundled calendars.
    public init(besideWorkflowAt path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let beside = (folder.isEmpty ? "." : folder) + "/calendars"
        var isFolder: ObjCBool = false
        self.init(directory: FileManager.default.fileExists(atPath: beside, isDirectory: &isFolder) && isFolder.boolValue ? beside : nil)
    }

    /// The country codes that have a calendar, bundled or in the folder, sorted.
    public var availableCountries: [String] {
        let files = directory.flatMap { try? FileManager.default.contentsOfDirectory(atPath: $0) } ?? []
        let own = files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.filter { $0.count == 2 }
        return Set(own).union(BundledHolidays.files.keys).sorted()
    }

    /// Why a calendar a case needs is refused: none for `code` (chosen by `field`, if a
    /// field chose it), and the three ways to fix it.
    public func missing(_ code: String, field: String?) -> String {
        let place = directory.map { "built in or in \($0)" } ?? "built in"
        let add = directory.map { "add \(code).yaml to \($0)" } ?? "add \(code).yaml to a folder calendars/ beside the workflow"
        return "there is no holiday calendar for \(code)\(field.map { " (\($0))" } ?? "") \(place); \(add), give --calendars FOLDER, or write 'calendar: weekends' in the workflow to count weekends only"
    }

    /// Where a country's calendar is read from: the folder's file, else the bundled one
    /// (`(built in)/FR.yaml`).
    public func path(for country: String) -> String {
        if let directory, FileManager.default.fileExists(atPath: "\(directory)/\(country).yaml") { return "\(directory)/\(country).yaml" }
        return "(built in)/\(country).yaml"
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
        // A country code names a file: nothing else (no path, no dots) is looked up.
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
        let path = path(for: country)
        let text: String
        if let directory, path.hasPrefix(directory + "/") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DiagnosticError([.error("cannot read the holiday calendar", at: SourceLocation(file: path, line: 1, column: 1))])
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let bytes = BundledHolidays.files[country] {
            text = String(decoding: bytes, as: UTF8.self)
        } else {
            return nil
        }
        let source = SourceFile(path: path, text: text)
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
