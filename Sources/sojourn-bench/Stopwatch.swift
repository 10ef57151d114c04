import Foundation

/// Times work by the CPU time of the calling thread, so a busy neighbour on a shared
/// machine slows the numbers less than wall-clock time would.
enum Stopwatch {
    /// The CPU time `work` takes, in seconds. What it returns is freed after the clock
    /// stops, so a loader is timed for loading, not for its caller dropping the result.
    static func time<Result>(_ work: () throws -> Result) rethrows -> Double {
        let start = cpuTime()
        let result = try work()
        let elapsed = cpuTime() - start
        withExtendedLifetime(result) {}
        return elapsed
    }

    /// The median time of `runs` runs of `work`, after one warm-up.
    static func median<Result>(runs: Int = 9, _ work: () throws -> Result) rethrows -> Double {
        _ = try work()
        var times: [Double] = []
        for _ in 0..<runs { times.append(try time(work)) }
        return times.sorted()[times.count / 2]
    }

    /// Times `subject` and `reference` alternately, `runs` times each after a warm-up:
    /// their median times and the median of the per-pair ratios.
    static func compare<A, B>(runs: Int = 15, _ subject: () throws -> A, against reference: () throws -> B) rethrows -> (subject: Double, reference: Double, ratio: Double) {
        _ = try subject()
        _ = try reference()
        var subjects: [Double] = [], references: [Double] = [], ratios: [Double] = []
        for _ in 0..<runs {
            let r = try time(reference)
            let s = try time(subject)
            references.append(r)
            subjects.append(s)
            ratios.append(s / r)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return (median(subjects), median(references), median(ratios))
    }

    static func format(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    private static func cpuTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
