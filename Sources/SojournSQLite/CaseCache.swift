import Foundation
import SojournCore
import SojournKit

/// Cases this process has read or written lately, by id, with the version they had.
/// Reading a case checks its version in the database first (the case's own row, read
/// anyway) and takes the rest from here when it matches, instead of reading every phase,
/// step and occurrence again. A case enters only once the transaction that wrote it has
/// committed, so the cache never holds what another process could not see.
final class CaseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var cases: [String: StoredCase] = [:]
    /// Ids in the order they were kept, oldest first, to let the oldest go when full.
    private var order: [String] = []
    private var oldest = 0
    private let capacity: Int

    /// - Parameter capacity: how many cases to keep (a case of a large programme is a few
    ///   kilobytes, so the default holds about 10 MB at most).
    init(capacity: Int = 2_048) {
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
            if cases[id] == nil {
                while cases.count >= capacity, oldest < order.count {
                    cases[order[oldest]] = nil
                    oldest += 1
                }
                if oldest > capacity {
                    order.removeFirst(oldest)
                    oldest = 0
                }
                order.append(id)
            }
            cases[id] = stored
        }
    }
}

/// What one transaction would add to or remove from the caches once it commits, and
/// what it remembers while it runs.
final class CaseCacheChanges {
    var kept: [String: StoredCase] = [:]
    var forgotten: Set<String> = []
    /// The roster this transaction read, at its version, to keep once committed.
    var roster: (version: String, people: [RosterPerson])?
    /// Open pairings by role, then by lowercased email: read once per role and kept up to
    /// date as this transaction pairs and releases people.
    var loads: [String: [String: Int]] = [:]

    func keep(_ stored: StoredCase) {
        kept[stored.id] = stored
        forgotten.remove(stored.id)
    }

    func forget(_ id: String) {
        kept[id] = nil
        forgotten.insert(id)
    }
}

/// The roster as this process last read it, with the version `meta` gave it then.
final class RosterCache: @unchecked Sendable {
    private let lock = NSLock()
    private var version: String?
    private var people: [RosterPerson] = []

    func people(version: String) -> [RosterPerson]? {
        lock.lock()
        defer { lock.unlock() }
        return self.version == version ? people : nil
    }

    func keep(_ people: [RosterPerson], version: String) {
        lock.lock()
        defer { lock.unlock() }
        self.version = version
        self.people = people
    }
}
