/// A value a step publishes once it has run, readable in conditions as `<step>.<name>`.
public struct OutputDescription: Sendable, Hashable {
    /// The kind of value, so conditions comparing it can be checked.
    public enum Kind: String, Sendable, Hashable {
        case text, number, boolean, date, list, any
    }

    /// The name after the step's id: `eligible` in `eligibility.eligible`.
    public var name: String
    /// The kind of value.
    public var kind: Kind
    /// One line on what it holds.
    public var summary: String

    /// Creates an output description.
    public init(_ name: String, _ kind: Kind, _ summary: String) {
        self.name = name
        self.kind = kind
        self.summary = summary
    }
}
