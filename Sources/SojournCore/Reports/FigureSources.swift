import SojournYAML

/// What the report's built-in figures read, by name: the plugins (as a workflow `uses:`
/// them), the case fields, and the setting that says which role a match fills. The
/// outputs and inputs read of each plugin are listed beside it; `Docs/kpis.md` lists the
/// same names for authors, and the report reads no other.
enum FigureSources {
    /// Output `eligible` (yes or no).
    static let questionnaire = "questionnaire"
    /// `role-bound` events, output `matched`, setting `role`; the first such step in the
    /// workflow decides participation.
    static let match = "mentor-match"
    /// Sessions: occurrence events, input `rating`; outputs `minutes`, `last_held`,
    /// `owed_minutes`.
    static let meeting = "meeting"
    /// Numeric answers in each recorded input, for the questions it publishes an
    /// `avg_QUESTION` output for.
    static let survey = "survey"
    /// Outputs `set`, `met`, `closed`, `overdue`.
    static let goals = "goals"
    /// Outputs `total`, `met`, `late`.
    static let milestones = "milestones"
    /// Outputs `held_on`, `attendance`.
    static let knowledgeShare = "knowledge-share"
    /// Output `decision`.
    static let recognition = "recognition"
    /// Outputs `still_employed`, `promoted`.
    static let outcome = "outcome"

    /// The case fields the report reads: the dates `--from`/`--to` and retention use, and
    /// the group `--by cohort` uses when a workflow has it.
    static let departureField = "departure"
    static let returnField = "return"
    static let cohortField = "cohort"

    /// The role a match step fills: its `role:` setting.
    static func matchRole(of step: Step) -> String? {
        step.with?["role"]?.text
    }
}
