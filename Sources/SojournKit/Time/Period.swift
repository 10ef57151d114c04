/// A length of calendar time: days, weeks, months, years and business days, as written
/// in a workflow (`8w`, `2mo`, `5bd`, or ISO 8601's `P1Y2M`).
public struct Period: Sendable, Hashable, CustomStringConvertible {
    /// The units a period is counted in.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days = "d"
        case weeks = "w"
        case months = "mo"
        case years = "y"
        case businessDays = "bd"

        /// The unit's name, for messages.
        public var name: String {
            switch self {
            case .days: "days"
            case .weeks: "weeks"
            case .months: "months"
            case .years: "years"
            case .businessDays: "business days"
            }
        }
    }

    /// One amount of one unit.
    public struct Term: Sendable, Hashable {
        public var amount: Int
        public var unit: Unit

        public init(_ amount: Int, _ unit: Unit) {
            self.amount = amount
            self.unit = unit
        }
    }

    /// The terms, applied in order.
    public var terms: [Term]

    /// Creates a period from its terms.
    public init(_ terms: [Term]) {
        self.terms = terms
    }

    /// A period of one term.
    public init(_ amount: Int, _ unit: Unit) {
        self.terms = [Term(amount, unit)]
    }

    /// Whether the period counts business days (and so needs a holiday calendar).
    public var usesBusinessDays: Bool { terms.contains { $0.unit == .businessDays } }

    /// Whether the period is longer than zero whatever date it starts on.
    public var isPositive: Bool { terms.allSatisfy { $0.amount >= 0 } && terms.contains { $0.amount > 0 } }

    /// A period's length in days when it has one whatever the start (days and weeks only).
    public var fixedDays: Int? {
        var days = 0
        for term in terms {
            switch term.unit {
            case .days: days += term.amount
            case .weeks: days += term.amount * 7
            default: return nil
            }
        }
        return days
    }

    /// The short form: `8w`, `1y2mo`.
    public var description: String {
        terms.map { "\($0.amount)\($0.unit.rawValue)" }.joined()
    }

    /// The date `self` after (or, with `sign` -1, before) `date`.
    ///
    /// Months and years keep the day of the month, clamped to the month's end
    /// (2027-01-31 + 1mo = 2027-02-28; 2028-02-29 + 1y = 2029-02-28). Business days skip
    /// weekends and the calendar's holidays.
    ///
    /// - Throws: `DateCalculationError` when business days run past the years the
    ///   holiday calendar covers, or the date leaves the years 0001 to 9999.
    public func apply(to date: CalendarDate, sign: Int = 1, calendar: BusinessCalendar) throws(DateCalculationError) -> CalendarDate {
        var result = date
        for term in terms {
            let amount = term.amount * sign
            switch term.unit {
            case .days: result = result.adding(days: amount)
            case .weeks: result = result.adding(days: amount * 7)
            case .months: result = result.adding(months: amount)
            case .years: result = result.adding(months: amount * 12)
            case .businessDays:
                do {
                    result = try calendar.adding(businessDays: amount, to: result)
                } catch {
                    throw DateCalculationError(error.message)
                }
            }
            guard result.isInRange else {
                throw DateCalculationError("\(date) \(sign < 0 ? "-" : "+") \(self) falls outside the years 0001 to 9999")
            }
        }
        return result
    }

    // MARK: - Parsing

    /// Parses the short form (`8w`, `3d`, `2mo`, `1y`, `5bd`, `1y6mo`) or ISO 8601
    /// (`P2W`, `P1Y2M10D`; no time part: Sojourn's dates have no time of day).
    public static func parse(_ text: String) -> Result<Period, PeriodError> {
        if text.first == "P" { return parseISO(text) }
        var terms: [Term] = []
        var scalars = Substring(text).unicodeScalars[...]
        var offset = 0
        while !scalars.isEmpty {
            let digits = scalars.prefix { ("0"..."9").contains($0) }
            guard !digits.isEmpty else {
                return .failure(PeriodError(message: "'\(text)' is not a duration; write a number and a unit, for example 8w", offset: offset))
            }
            scalars = scalars.dropFirst(digits.count)
            let unitText = String(String.UnicodeScalarView(scalars.prefix { !("0"..."9").contains($0) }))
            guard let unit = Unit(rawValue: unitText) else {
                let unitOffset = offset + digits.count
                let shown = unitText.isEmpty ? "a number without a unit" : "unknown unit '\(unitText)'"
                let words: [String: String] = ["m": "mo", "month": "mo", "months": "mo", "day": "d", "days": "d", "week": "w", "weeks": "w", "wk": "w", "year": "y", "years": "y", "yr": "y"]
                if let meant = words[unitText.lowercased()] {
                    return .failure(PeriodError(message: "\(shown) in duration '\(text)'; did you mean '\(String(String.UnicodeScalarView(digits)))\(meant)'? Units are d, w, mo, y and bd", offset: unitOffset))
                }
                return .failure(PeriodError(message: "\(shown) in duration '\(text)'; use d (days), w (weeks), mo (months), y (years) or bd (business days)", offset: unitText.isEmpty ? offset : unitOffset))
            }
            guard let amount = Int(String(String.UnicodeScalarView(digits))), amount <= 100_000 else {
                return .failure(PeriodError(message: "duration '\(text)' is too long", offset: offset))
            }
            scalars = scalars.dropFirst(unitText.unicodeScalars.count)
            offset += digits.count + unitText.unicodeScalars.count
            terms.append(Term(amount, unit))
        }
        guard !terms.isEmpty else { return .failure(PeriodError(message: "empty duration", offset: 0)) }
        return .success(Period(terms))
    }

    private static func parseISO(_ text: String) -> Result<Period, PeriodError> {
        let invalid = PeriodError(message: "'\(text)' is not an ISO 8601 duration; write for example P2W, P1M or P1Y2M10D (no time part)", offset: 0)
        var terms: [Term] = []
        var number = ""
        var seen: [Character] = []
        for character in text.dropFirst() {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit: Unit
            switch character {
            case "Y": unit = .years
            case "M": unit = .months
            case "W": unit = .weeks
            case "D": unit = .days
            default: return .failure(invalid)
            }
            guard let amount = Int(number), amount <= 100_000, !seen.contains(character) else { return .failure(invalid) }
            if let last = seen.last, "YMWD".firstIndex(of: last)! > "YMWD".firstIndex(of: character)! { return .failure(invalid) }
            seen.append(character)
            terms.append(Term(amount, unit))
            number = ""
        }
        guard number.isEmpty, !terms.isEmpty else { return .failure(invalid) }
        return .success(Period(terms))
    }
}

/// Why a date calculation has no answer: it left the years 0001 to 9999, or counted
/// business days past the years a holiday calendar covers.
public struct DateCalculationError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Why a duration could not be read, and where in its text.
public struct PeriodError: Error, Sendable, Hashable {
    public var message: String
    /// The offset in the duration's text, in Unicode scalars.
    public var offset: Int
}
