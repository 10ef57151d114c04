import Foundation
import SojournCore

/// Cases this process has read or written lately, by id, with the version they had.
/// Reading a case checks its version in the database first (the case's own row, read
/// anyway) and takes the rest from here when it matches, instead of reading every phase,
/// step and occurrence again. A case enters only once the transaction that wrote it has
/// committed, so the cache never holds what another process could not see.
final class CaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cases: [String: StoredCase] = [:]
    private let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The case with `id` at `version`, if cached.
    func stored(_ id: String, version: Int) -> StoredCase? {
        lock.lock()
        defer { lock.unlock() }
        guard let found = cases[id], found.version == version else { return nil }
        return found
    }

    /// Keeps what a committed transaction wrote or read, and forgets what it touched
    /// without a known result.
    func publish(_ changes: CaseCacheChanges) {
        lock.lock()
        defer { lock.unlock() }
        for id in changes.forgotten { cases[id] = nil }
        for (id, stored) in changes.kept {
            if cases.count >= capacity, cases[id] == nil { cases.removeAll(keepingCapacity: true) }
            cases[id] = stored
        }
    }
}

/// What one transaction would add to or remove from the cache once it commits.
final class CaseCacheChanges {
    var kept: [String: StoredCase] = [:]
    var forgotten: Set<String> = []

    func keep(_ stored: StoredCase) {
        kept[stored.id] = stored
        forgotten.remove(stored.id)
    }

    func forget(_ id: String) {
        kept[id] = nil
        forgotten.insert(id)
    }
}
