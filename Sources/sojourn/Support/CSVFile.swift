import ArgumentParser
import CSV
import Foundation
import SojournCore

/// A CSV file opened for reading row by row, the same way by every command that reads
/// one (`open --from`, `record --from`, `people import`): its text checked to be UTF-8
/// first (or converted from the encoding `--encoding` names), a byte-order mark dropped,
/// and a header whose columns all have a name and none repeats.
struct CSVFile {
    /// The encodings `--encoding` converts from.
    enum Encoding: String, ExpressibleByArgument, CaseIterable, Sendable {
        case utf8 = "utf-8", latin1 = "latin-1", windows1252 = "windows-1252", utf16 = "utf-16"

        var foundation: String.Encoding {
            switch self {
            case .utf8: .utf8
            case .latin1: .isoLatin1
            case .windows1252: .windowsCP1252
            case .utf16: .utf16
            }
        }
    }

    /// The largest file converted from another encoding (it is converted in memory).
    static let conversionLimit = 256 << 20

    let path: String
    let reader: CSVReader
    /// The column names, as the file has them.
    let header: [String]

    /// Opens `path`, refusing (with the line and column) a file that is not in `encoding`,
    /// and a header with an unnamed or repeated column.
    /// With `limit`, a larger file is refused before it is read (a file that must stay
    /// small).
    static func open(_ path: String, encoding: Encoding = .utf8, limit: Int? = nil) throws -> CSVFile {
        guard FileManager.default.fileExists(atPath: path) else { throw ServiceError("there is no file \(path)") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw ServiceError("cannot read \(path)") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ServiceError("\(path) is a folder, not a CSV file")
        default: throw ServiceError("\(path) is not a regular file (a device or a pipe); give a CSV file")
        }
        // A regular file's size is known before reading it.
        if let limit, info.st_size > limit {
            throw ServiceError("\(path) is larger than the limit of \(limit / 1_048_576) MiB; nothing was read")
        }
        let reader: CSVReader
        do {
            if encoding == .utf8 {
                if let bad = try firstInvalidUTF8(path) {
                    throw ServiceError("\(path):\(bad.line):\(bad.column): the file is not UTF-8 (byte 0x\(String(bad.byte, radix: 16, uppercase: true))); save it as UTF-8, or say what it is with --encoding latin-1, windows-1252 or utf-16")
                }
                guard let stream = InputStream(fileAtPath: path) else { throw ServiceError("cannot read \(path)") }
                reader = try CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: true, trimFields: true)
            } else {
                let data: Data
                switch BoundedFile.read(path, limit: conversionLimit) {
                case .success(let read): data = read
                case .failure(let refusal): throw ServiceError(refusal.message)
                }
                guard let text = String(data: data, encoding: encoding.foundation) else {
                    throw ServiceError("\(path) cannot be read as \(encoding.rawValue)")
                }
                reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
            }
        } catch let error as ServiceError {
            throw error
        } catch CSVError.cannotReadHeaderRow {
            throw ServiceError("\(path):1: there is no header row; the first line names the columns")
        } catch {
            throw ServiceError("\(path) is not a CSV file: \(error)")
        }
        var header = reader.headerRow ?? []
        // Spreadsheets often start a UTF-8 file with a byte-order mark.
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            guard !name.isEmpty else { throw ServiceError("\(path):1: column \(index + 1) has no name; name it or remove it") }
            if let earlier = seen[name] {
                throw ServiceError("\(path):1: column '\(name)' appears twice (columns \(earlier + 1) and \(index + 1)); keep one")
            }
            seen[name] = index
        }
        return CSVFile(path: path, reader: reader, header: header)
    }

    /// Where the first byte that is not UTF-8 is, read a megabyte at a time.
    static func firstInvalidUTF8(_ path: String) throws -> (line: Int, column: Int, byte: UInt8)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ServiceError("cannot read \(path)") }
        defer { try? handle.close() }
        var line = 1, column = 1
        var pending: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let bytes = pending + [UInt8](chunk)
            pending = []
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
                guard length > 0 else { return (line, column, lead) }
                guard index + length <= bytes.count else {
                    pending = Array(bytes[index...])
                    break
                }
                if length > 1, String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil { return (line, column, lead) }
                if lead == 0x0A { line += 1; column = 1 } else { column += 1 }
                index += length
            }
        }
        return pending.first.map { (line, column, $0) }
    }
}
