import Foundation

/// Where new case ids come from: six characters of Crockford's base 32 (digits and
/// letters without I, L, O and U), short enough to type and read out.
public struct CaseIDs: Sendable {
    public var next: @Sendable () -> String

    public init(next: @escaping @Sendable () -> String) {
        self.next = next
    }

    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// Random ids (a collision with an existing case is retried by the caller).
    public static let random = CaseIDs {
        var generator = SystemRandomNumberGenerator()
        return String((0..<6).map { _ in alphabet[Int(generator.next() % 32)] })
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
