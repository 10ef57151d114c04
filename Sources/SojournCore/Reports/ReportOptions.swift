public import SojournKit

/// What `sojourn report` is asked for: which cases, how they are grouped, and over which
/// periods trends are drawn.
public struct ReportOptions: Sendable {
    /// How trends are cut into periods.
    public enum Period: String, Sendable, CaseIterable {
        case month, quarter
    }

    /// Only cases of this workflow id.
    public var workflow: String?
    /// Break the figures down by this: `cohort` (the `cohort` field, else the departure
    /// quarter), or any case field (`host_country`, `level`).
    public var by: String?
    /// Only cases whose departure (else opening day) falls in this range, both ends included.
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var period: Period = .month
    /// Survey and rating means over fewer cases than this are withheld everywhere.
    public var minimumRespondents = 5
    /// Assignees outside the programme, from `--compare FILE.csv`.
    public var comparison: [ComparisonRecord] = []
    /// Where the comparison came from, for the report (`outside.csv`).
    public var comparisonName: String?

    public init() {}

    /// The horizons retention and promotion are counted at, in months after return.
    public static let horizons = [6, 12, 24]
    /// Below this many known cases at a horizon, a comparison carries a caution.
    public static let smallGroup = 20
}

extension ReportOptions {
    /// Whether a case is in the report's date range: its departure, else the day it opened.
    func includes(_ fact: CaseFacts) -> Bool {
        let day = fact.departure ?? fact.openedOn
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }

    /// The case's value of `by`: a field's text, `cohort` (the `cohort` field, else the
    /// departure quarter), or `(none)`.
    func group(of fact: CaseFacts, by: String) -> String {
        if let value = fact.fields[by] {
            if case .date(let date) = value { return date.description }
            let text = value.displayText
            return text.isEmpty ? Self.noValue : text
        }
        if by == FigureSources.cohortField, let departure = fact.departure { return departure.quarterName }
        return Self.noValue
    }

    /// A comparison row's value of `by`: its column, or `(none)`.
    func group(of record: ComparisonRecord, by: String) -> String {
        guard let value = record.fields[by], !value.isEmpty else { return Self.noValue }
        return value
    }

    /// The group of cases without a value.
    static let noValue = "(none)"
}

/// One assignee outside the programme, as HR imports them for a comparison.
public struct ComparisonRecord: Sendable, Hashable {
    public var returnDate: CalendarDate
    /// The last day their employment is known.
    public var statusOn: CalendarDate
    public var leftOn: CalendarDate?
    public var promotedOn: CalendarDate?
    /// Other columns, for `--by`.
    public var fields: [String: String]

    /// The row as a life-table record: its status is known until `status_on`.
    public var record: Retention.Record {
        Retention.Record(returnDate: returnDate, leftOn: leftOn, knownUntil: statusOn, promotedOn: promotedOn)
    }

    public init(returnDate: CalendarDate, statusOn: CalendarDate, leftOn: CalendarDate?, promotedOn: CalendarDate?, fields: [String: String] = [:]) {
        self.returnDate = returnDate
        self.statusOn = statusOn
        self.leftOn = leftOn
        self.promotedOn = promotedOn
        self.fields = fields
    }
}
