import Foundation
public import GRDB
public import SojournCore
import SojournKit

/// The embedded case store: one SQLite file, in WAL mode, created readable by its
/// owner only (it holds personal data).
///
/// Each `write` is one `BEGIN IMMEDIATE` transaction, so two `sojourn` processes take
/// turns (waiting up to 30 seconds for each other) instead of interleaving. A crash at
/// any point leaves every transaction either fully written or not at all.
public final class SQLiteCaseStore: CaseStore {
    let writer: any DatabaseWriter
    /// The path, when this process may only read the database.
    private let readOnlyPath: String?
    private let cache = CaseCache()
    private let rosterCache = RosterCache()

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Throws: `NewerDatabase` when a newer Sojourn wrote it; otherwise when the file
    ///   cannot be created or opened, or is not a Sojourn database.
    public init(path: String) throws {
        if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
            writer = try Self.openReadOnly(path: path)
            readOnlyPath = path
            return
        }
        readOnlyPath = nil
        if FileManager.default.fileExists(atPath: path) {
            // A database a newer Sojourn wrote is refused before anything can write to it.
            try Self.refuseNewer(path: path)
        } else {
            // Create it with owner-only permissions before SQLite opens it; SQLite gives
            // the -wal and -shm files the same permissions.
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw DatabaseError(message: "cannot create the database file \(path)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // With WAL, NORMAL keeps every committed transaction through a crash of the
            // process (kill -9); only a power cut can lose the last ones, never corrupt.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Self.upgrade(pool, path: path)
        writer = pool
    }

    /// A store in memory, for tests.
    public init() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(configuration: configuration)
        try Self.upgrade(queue, path: ":memory:")
        writer = queue
        readOnlyPath = nil
    }

    /// Opens a database this process may not write (a read-only file, an archived copy):
    /// commands that read work; one that writes is refused by SQLite and changes
    /// nothing. Without a write-ahead log beside it, the file is opened as immutable,
    /// since SQLite cannot otherwise read a WAL database in a folder it may not write.
    private static func openReadOnly(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let log = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? nil
        let location = (log ?? 0) > 0 ? path : "file:\(Self.uriEscaped(path))?immutable=1"
        let queue = try DatabaseQueue(path: location, configuration: configuration)
        try queue.read { db in
            let migrator = Schema.migrator
            if try migrator.hasBeenSuperseded(db) {
                let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
                throw NewerDatabase(path: path, writtenBy: try Meta.value(Meta.writtenBy, in: db), unknownMigrations: unknown)
            }
            guard try migrator.completedMigrations(db).count == migrator.migrations.count else {
                throw DatabaseError(message: "\(path) needs its schema upgraded, and this process may not write it; run any sojourn command once as a user who may")
            }
        }
        return queue
    }

    /// A path as the file part of an SQLite URI: `%`, `?` and `#` escaped.
    private static func uriEscaped(_ path: String) -> String {
        path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f").replacingOccurrences(of: "#", with: "%23")
    }

    /// Looks at an existing file through a read-only connection: a newer schema is refused.
    private static func refuseNewer(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        // Another command may be writing or closing the file: wait for it, as the pool does.
        configuration.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        try queue.read { db in
            let migrator = Schema.migrator
            guard try migrator.hasBeenSuperseded(db) else { return }
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw NewerDatabase(path: path, writtenBy: try Meta.value(Meta.writtenBy, in: db), unknownMigrations: unknown)
        }
    }

    /// Refuses a database a newer Sojourn wrote, else applies the migrations it lacks
    /// and records which Sojourn did.
    private static func upgrade(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = Schema.migrator
        let (superseded, writtenBy, applied) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try Meta.value(Meta.writtenBy, in: db), try migrator.appliedIdentifiers(db))
        }
        if superseded {
            let unknown = applied.subtracting(migrator.migrations).sorted()
            throw NewerDatabase(path: path, writtenBy: writtenBy, unknownMigrations: unknown)
        }
        guard applied.count < migrator.migrations.count else { return }
        try migrator.migrate(writer)
        try writer.write { db in try Meta.set(Meta.writtenBy, SojournVersion.current, in: db) }
    }

    public func write<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T {
        try refuseIfReadOnly()
        let changes = CaseCacheChanges()
        let result = try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(SQLiteTransaction(db: db, cache: cache, rosterCache: rosterCache, changes: changes))
                return .commit
            }
            guard let result else { throw DatabaseError(message: "the transaction ended without a result") }
            return result
        }
        publish(changes)
        return result
    }

    public func compact() throws {
        try refuseIfReadOnly()
        // VACUUM writes the file again without the freed pages; in WAL mode the new
        // pages go through the log, which the checkpoint then empties into the file.
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    private func refuseIfReadOnly() throws {
        if let readOnlyPath {
            throw ReadOnlyDatabase(path: readOnlyPath)
        }
    }

    /// What a committed transaction read or wrote joins the caches.
    private func publish(_ changes: CaseCacheChanges) {
        cache.publish(changes)
        if let roster = changes.roster { rosterCache.keep(roster.people, version: roster.version) }
    }

    public func rehearse<T>(_ body: (any CaseStoreWriter) throws -> T) throws -> T {
        try refuseIfReadOnly()
        // What the rehearsal wrote is undone, so nothing of it joins the cache.
        return try writer.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(SQLiteTransaction(db: db, cache: cache, rosterCache: rosterCache, changes: CaseCacheChanges()))
                return .rollback
            }
            guard let result else { throw DatabaseError(message: "the transaction ended without a result") }
            return result
        }
    }

    public func read<T>(_ body: (any CaseStoreReader) throws -> T) throws -> T {
        let changes = CaseCacheChanges()
        let result = try writer.read { db in try body(SQLiteTransaction(db: db, cache: cache, rosterCache: rosterCache, changes: changes)) }
        publish(changes)
        return result
    }
}

/// A database this process may only read, asked to write.
public struct ReadOnlyDatabase: Error, Sendable, CustomStringConvertible {
    public var path: String

    public var description: String {
        "\(path) is read-only for this user, and this command writes to it; nothing was changed. Commands that only read (list, status, history, report, verify) work"
    }
}

/// A database a newer version of Sojourn wrote: this one does not know its schema, so it
/// neither reads nor writes it.
public struct NewerDatabase: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// The version that last upgraded it, when it says.
    public var writtenBy: String?
    /// The migrations it has that this build does not know.
    public var unknownMigrations: [String]

    public var description: String {
        let who = writtenBy.map { "Sojourn \($0)" } ?? "a newer Sojourn"
        return "\(path) was written by \(who), which changed its schema (\(unknownMigrations.map { "'\($0)'" }.joined(separator: ", "))); "
            + "this is Sojourn \(SojournVersion.current), which knows the schema up to '\(Schema.latest)'. Use \(who) or later; nothing was read or written"
    }
}

/// Small facts about the database itself.
enum Meta {
    static let writtenBy = "written_by"
    static let advancedTo = "advanced_to"
    /// Counts every change to the roster, so a process knows its copy is current.
    static let rosterVersion = "roster_version"

    static func value(_ key: String, in db: Database) throws -> String? {
        guard try db.tableExists("meta") else { return nil }
        return try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func set(_ key: String, _ value: String, in db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
    }
}
