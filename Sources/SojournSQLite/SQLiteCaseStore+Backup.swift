import Foundation
import GRDB
public import SojournCore

extension SQLiteCaseStore {
    /// A backup or restore that cannot be done, and why.
    public struct BackupProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Copies the database to a new file at `path`, online: SQLite's backup API reads one
    /// consistent snapshot while other processes go on writing (in WAL mode a reader
    /// never blocks a writer). The copy is created readable by its owner only and never
    /// replaces an existing file.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw BackupProblem(description: "\(path) already exists; give a new file name (a backup never replaces a file)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupProblem(description: "cannot create \(path)")
        }
        do {
            let copy = try DatabaseQueue(path: path)
            try writer.backup(to: copy)
            try copy.close()
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Replaces the database at `path` with the backup at `source`, after checking that
    /// the backup is a Sojourn database whose every history verifies (`verify`). The
    /// backup file is not changed: it is checked in a working copy beside the target,
    /// which is then copied in with SQLite's backup API, so processes that have the
    /// database open see either the old content or the restored one.
    ///
    /// - Parameter replacing: whether a database that holds cases may be replaced.
    /// - Returns: what the restored database holds, as `verify` counts it.
    public static func restore(from source: String, to path: String, replacing: Bool) throws -> JournalCheck {
        guard FileManager.default.fileExists(atPath: source) else {
            throw BackupProblem(description: "there is no backup at \(source)")
        }
        if FileManager.default.fileExists(atPath: path), !replacing {
            let target = try SQLiteCaseStore(path: path)
            let held = try target.read { try $0.caseCounts().reduce(0) { $0 + $1.count } }
            if held > 0 {
                throw BackupProblem(description: "\(path) holds cases; restoring replaces all of them. Give --force to replace them, or restore into a new --db")
            }
        }
        let working = path + ".restoring"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: working + suffix) }
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: working + suffix) } }
        guard FileManager.default.createFile(atPath: working, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw BackupProblem(description: "cannot create the working copy \(working)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let backup: DatabaseQueue
        do {
            backup = try DatabaseQueue(path: source, configuration: configuration)
            guard try backup.read({ db in try db.tableExists("cases") && db.tableExists("events") }) else {
                throw BackupProblem(description: "\(source) is not a Sojourn database")
            }
        } catch let error as BackupProblem {
            throw error
        } catch {
            throw BackupProblem(description: "\(source) is not a Sojourn database (\(error))")
        }
        try backup.backup(to: try DatabaseQueue(path: working))
        try backup.close()
        // Opening it brings an older schema up to date; then every link is checked.
        let copy = try SQLiteCaseStore(path: working)
        let check = try copy.read { try $0.verifyJournal() }
        guard check.isIntact else {
            throw BackupProblem(description: "\(source) does not verify (\(check.breaks.count) broken \(check.breaks.count == 1 ? "history" : "histories"); run sojourn verify --db \(source)); nothing was restored")
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw BackupProblem(description: "cannot create \(path)")
            }
        }
        let target = try DatabasePool(path: path)
        try copy.writer.backup(to: target)
        try target.close()
        return check
    }
}
