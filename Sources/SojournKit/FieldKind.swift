/// The type of one of the workflow's fields, as a plugin's `validate` sees it
/// (`host_country: {type: country}` is `.country`).
public enum FieldKind: String, Sendable, Hashable, CaseIterable {
    case text, number, yesNo = "yes-no", date, email, country, timezone, person, choice, list
}
