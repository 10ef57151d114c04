/// Deterministic chance for the demo: the same question always gets the same answer, so
/// every run of `sojourn demo` tells the same story.
struct DemoDice: Sendable {
    var seed: UInt64

    /// A number in 0..<1 for `key` (FNV-1a, then SplitMix64 to spread the bits).
    func roll(_ key: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53)
    }

    /// A whole number in `range` for `key`.
    func pick(_ range: ClosedRange<Int>, _ key: String) -> Int {
        range.lowerBound + Int(roll(key) * Double(range.count))
    }
}
