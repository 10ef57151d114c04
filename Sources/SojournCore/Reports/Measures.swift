/// A share with the counts behind it: `numerator` of `denominator`.
public struct Ratio: Sendable, Hashable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The percentage, or `nil` when nothing is counted.
    public var percent: Double? { denominator == 0 ? nil : Double(numerator) * 100 / Double(denominator) }
}

/// How a number of days is spread over cases: the median and the 90th percentile.
public struct Spread: Sendable, Hashable {
    public var n: Int
    public var median: Double?
    /// The nearest-rank 90th percentile: the value at rank ⌈0.9 n⌉ in ascending order.
    public var p90: Double?

    public init(_ values: [Double]) {
        let sorted = values.sorted()
        n = sorted.count
        guard !sorted.isEmpty else { return }
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        // ⌈0.9 n⌉ in integers: (9 n + 9) / 10.
        p90 = sorted[(9 * sorted.count + 9) / 10 - 1]
    }
}

/// The mean of answers (ratings, survey scores) with how many answers and how many
/// cases gave them. Withheld when fewer than the threshold of cases answered
/// (`ReportOptions.minimumRespondents`): `value` is then `nil` and `withheld` true.
public struct Mean: Sendable, Hashable {
    /// How many answers.
    public var n: Int
    /// How many cases answered.
    public var respondents: Int
    public var withheld: Bool
    /// Withheld although enough cases answered, so that a smaller group's mean in the
    /// same breakdown cannot be worked out from it (`SmallGroups`).
    public var protectsAnother = false
    /// The mean of every answer, each answer counting once; `nil` when withheld.
    public var value: Double?

    mutating func withholdToProtectAnother() {
        withheld = true
        protectsAnother = true
        value = nil
    }

    public init(answers: [[Double]], minimumRespondents: Int) {
        let given = answers.filter { !$0.isEmpty }
        n = given.reduce(0) { $0 + $1.count }
        respondents = given.count
        withheld = respondents > 0 && respondents < minimumRespondents
        value = withheld || n == 0 ? nil : given.reduce(0) { $0 + $1.reduce(0, +) } / Double(n)
    }
}
