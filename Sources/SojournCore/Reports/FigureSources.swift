/// The plugins whose outputs the report's built-in figures read, by the name a workflow
/// `uses:`, and the outputs and inputs it reads of each. Every name the report depends on
/// is here, so a plugin that renames an output is found in one place; `Docs/kpis.md`
/// lists the same names for authors.
enum FigureSources {
    /// `eligible` (yes or no).
    static let questionnaire = "questionnaire"
    /// `role-bound` events; the first such step in the workflow decides participation.
    static let match = "mentor-match"
    /// Sessions: occurrence events, inputs `held`, `rating`; outputs `minutes`,
    /// `last_held`, `owed_minutes`.
    static let meeting = "meeting"
    /// Numeric answers in each recorded input.
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
}
