/// A figure `sojourn report` shows for every step that uses a plugin, totalled over the
/// cases of a programme from what the step published. A plugin lists its figures in
/// `StepPlugin.figures`; the report computes them, prints each with its formula and the
/// counts behind it, and puts them in `--json`, without the engine knowing the plugin.
///
/// ```swift
/// public static let figures = [
///     ReportFigure("cases with every document", .cases(having: "earliest_expiry")),
///     ReportFigure("documents recorded", .sum("documents")),
/// ]
/// ```
public struct ReportFigure: Sendable, Hashable {
    /// How the figure is worked out from one output of the step, over the cases.
    public enum Formula: Sendable, Hashable {
        /// How many cases' steps have published `output`.
        case cases(having: String)
        /// The sum of a numeric `output` over the cases that have it.
        case sum(String)
        /// The mean of a numeric `output` over the cases that have it (shown with n).
        case mean(String)
        /// The cases where a yes-no `output` is yes, over those where it is yes or no.
        case share(String)

        /// The output it reads.
        public var output: String {
            switch self {
            case .cases(let output), .sum(let output), .mean(let output), .share(let output): output
            }
        }

        /// The formula in words, for the report: `sum of documents over 12 cases`.
        public var words: String {
            switch self {
            case .cases(let output): "cases whose step has \(output)"
            case .sum(let output): "sum of \(output)"
            case .mean(let output): "mean of \(output) per case"
            case .share(let output): "cases with \(output) yes, of those with yes or no"
            }
        }
    }

    /// What the figure is, in a few words (`documents recorded`).
    public var name: String
    public var formula: Formula

    public init(_ name: String, _ formula: Formula) {
        self.name = name
        self.formula = formula
    }
}
