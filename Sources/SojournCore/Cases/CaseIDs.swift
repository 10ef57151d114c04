import Foundation

/// Where new case ids come from: six characters of Crockford's base 32 (digits and
/// letters without I, L, O and U), short enough to type and read out.
public struct CaseIDs: Sendable {
    public var next: @Sendable () -> String

    public init(next: @escaping @Sendable () -> String) {
        self.next = next
    }

    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// Ids whose first two characters count the months since January 2026 and whose last
    /// four rise, from a random start, by a random step of 1 to 4 with each id this
    /// process makes (a collision with an existing case is retried by the caller).
    ///
    /// Cases opened together sit side by side in the database's tables and indexes, at
    /// their end. With ids random throughout, every case landed on pages of its own:
    /// opening 5,000 cases into a database of 100,000 took twice as long as into an empty
    /// one, and opening 100,000 cost twice as much per case as opening 10,000.
    public static let random: CaseIDs = {
        let sequence = RisingSequence()
        return CaseIDs {
            let month = monthsSince2026(Date())
            let value = sequence.next()
            return String([alphabet[month / 32], alphabet[month % 32]] + (0..<4).reversed().map { alphabet[(value >> (5 * $0)) & 31] })
        }
    }()

    /// Numbers below 2^20 that rise from a random start by 1 to 4 at a time, starting
    /// again from a random point when they run out.
    private final class RisingSequence: @unchecked Sendable {
        private let lock = NSLock()
        private var last: Int?

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            var generator = SystemRandomNumberGenerator()
            var value = (last ?? Int.random(in: 0..<(1 << 19), using: &generator)) + Int.random(in: 1...4, using: &generator)
            if value >= 1 << 20 { value = Int.random(in: 0..<(1 << 19), using: &generator) }
            last = value
            return value
        }
    }

    /// Months from January 2026 to `date` (UTC), within what two characters hold.
    static func monthsSince2026(_ date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        let months = ((parts.year ?? 2026) - 2026) * 12 + (parts.month ?? 1) - 1
        return min(max(months, 0), 32 * 32 - 1)
    }

    /// Ids counted up from `start` in base 32 (`000001`, `000002`…), for tests and benchmarks.
    public static func sequential(from start: Int = 1) -> CaseIDs {
        let counter = Counter(start)
        return CaseIDs {
            var value = counter.next()
            var characters: [Character] = []
            for _ in 0..<6 {
                characters.append(alphabet[value % 32])
                value /= 32
            }
            return String(characters.reversed())
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int

        init(_ start: Int) { value = start }

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            defer { value += 1 }
            return value
        }
    }
}
