public import SojournKit

/// Retention and promotion after return, as a life table: the time after return is cut
/// at each horizon (6, 12, 24 months), and each interval counts only the people whose
/// status at its end is known, among those still employed at its start. A person's
/// status at a horizon date is known once the date is within what is known of them (the
/// date their case has reached, or the comparison file's `status_on`): then they are not
/// retained if they left on or before it, and retained otherwise. Retention at a horizon
/// is the product of the intervals' shares up to it, so it can only fall as the horizon
/// grows, and every share has its counts.
public struct Retention: Sendable, Hashable {
    /// One person's employment after return.
    public struct Record: Sendable, Hashable {
        public var returnDate: CalendarDate
        public var leftOn: CalendarDate?
        /// The last day their status is known.
        public var knownUntil: CalendarDate
        public var promotedOn: CalendarDate?

        public init(returnDate: CalendarDate, leftOn: CalendarDate?, knownUntil: CalendarDate, promotedOn: CalendarDate?) {
            self.returnDate = returnDate
            self.leftOn = leftOn
            self.knownUntil = knownUntil
            self.promotedOn = promotedOn
        }

        /// In the base: returned by the last day known, and not gone before returning.
        public var returned: Bool {
            returnDate <= knownUntil && (leftOn.map { $0 >= returnDate } ?? true)
        }

        /// Whether they were still employed `months` after return, when known.
        public func retained(at months: Int) -> Bool? {
            guard months > 0 else { return true }
            let horizon = returnDate.adding(months: months)
            guard horizon <= knownUntil else { return nil }
            return leftOn.map { $0 > horizon } ?? true
        }

        /// Whether they had been promoted by `months` after return, when they are known to
        /// be still employed then (someone who left is not counted: leaving is not a
        /// promotion missed).
        public func promoted(at months: Int) -> Bool? {
            guard retained(at: months) == true else { return nil }
            return promotedOn.map { $0 <= returnDate.adding(months: months) } ?? false
        }
    }

    /// The figures at one horizon.
    public struct Horizon: Sendable, Hashable {
        public var months: Int
        /// The interval since the previous horizon (or return): of those still employed
        /// at its start whose status at this horizon is known, how many still are.
        public var interval: Ratio
        /// Retention at this horizon, in percent: the product of the intervals so far;
        /// `nil` once an interval counts nobody.
        public var retained: Double?
        /// Promoted by then, of those known to be still employed then.
        public var promoted: Ratio
    }

    public var horizons: [Horizon]
    /// People in the group who had returned (the base every horizon is drawn from).
    public var returned: Int
    /// Everyone in the group, in the base or not (not returned yet, or gone before).
    public var people: Int

    /// How retention at the horizon `index` is made, interval by interval:
    /// `13 of 15 to 6 months × 3 of 3 from 6 to 12 months`.
    public func chain(upTo index: Int) -> String {
        var parts: [String] = []
        var start = 0
        for horizon in horizons.prefix(index + 1) {
            parts.append("\(horizon.interval.numerator) of \(horizon.interval.denominator) " + (start == 0 ? "to \(horizon.months)" : "from \(start) to \(horizon.months)") + " months")
            start = horizon.months
        }
        return parts.joined(separator: " × ")
    }

    /// The figures over the records in the base (`Record.returned`).
    public init(_ all: [Record], horizons months: [Int] = ReportOptions.horizons) {
        let records = all.filter(\.returned)
        returned = records.count
        people = all.count
        var horizons: [Horizon] = []
        var previous = 0
        var product: Double? = 1
        for horizon in months {
            let start = previous
            let atRisk = records.filter { $0.retained(at: start) == true }.compactMap { $0.retained(at: horizon) }
            let interval = Ratio(atRisk.filter { $0 }.count, of: atRisk.count)
            product = product.flatMap { value in interval.denominator == 0 ? nil : value * Double(interval.numerator) / Double(interval.denominator) }
            let promoted = records.compactMap { $0.promoted(at: horizon) }
            horizons.append(Horizon(months: horizon, interval: interval, retained: product.map { $0 * 100 },
                                    promoted: Ratio(promoted.filter { $0 }.count, of: promoted.count)))
            previous = horizon
        }
        self.horizons = horizons
    }
}

/// Participants' retention and promotion against a comparison group, horizon by horizon.
public struct Comparison: Sendable, Hashable {
    public struct Difference: Sendable, Hashable {
        public var months: Int
        /// Each side's percentage at this horizon.
        public var participants: Double?
        public var others: Double?
        /// How many people each side counts at this horizon (for retention, in its
        /// interval; for promotion, whose status is known).
        public var participantsCounted: Int
        public var othersCounted: Int
        /// Participants' percentage minus the others', in percentage points.
        public var points: Double?
        /// Set when either side counts fewer than `ReportOptions.smallGroup` people.
        public var caution: String?
    }

    /// `participants`, or `everyone who returned` when the workflow has no match step.
    public var subject: String
    /// `non-participants` or the comparison file's name.
    public var against: String
    /// The people the other side holds, and how many of them are in its base.
    public var othersPeople: Int
    public var othersReturned: Int
    public var retention: [Difference]
    public var promotion: [Difference]

    public init(subject: String, against: String, participants: Retention, others: Retention) {
        self.subject = subject
        self.against = against
        othersPeople = others.people
        othersReturned = others.returned
        /// Only when there is a difference to read: with nobody on a side, there is none.
        func caution(_ a: Int, _ b: Int) -> String? {
            a > 0 && b > 0 && (a < ReportOptions.smallGroup || b < ReportOptions.smallGroup)
                ? "small groups (\(a) and \(b) people): a difference this size can be chance" : nil
        }
        retention = zip(participants.horizons, others.horizons).map { mine, theirs in
            Difference(months: mine.months, participants: mine.retained, others: theirs.retained,
                       participantsCounted: mine.interval.denominator, othersCounted: theirs.interval.denominator,
                       points: mine.retained.flatMap { x in theirs.retained.map { x - $0 } },
                       caution: caution(mine.interval.denominator, theirs.interval.denominator))
        }
        promotion = zip(participants.horizons, others.horizons).map { mine, theirs in
            Difference(months: mine.months, participants: mine.promoted.percent, others: theirs.promoted.percent,
                       participantsCounted: mine.promoted.denominator, othersCounted: theirs.promoted.denominator,
                       points: mine.promoted.percent.flatMap { x in theirs.promoted.percent.map { x - $0 } },
                       caution: caution(mine.promoted.denominator, theirs.promoted.denominator))
        }
    }
}
