/// Message templates with `{name}` placeholders, filled from a case's fields and people.
public enum Template {
    /// The placeholder names in `text`, in order.
    public static func placeholders(_ text: String) -> [String] {
        placeholderOffsets(text).map(\.name)
    }

    /// The placeholders in `text` with the offset of each `{` in unicode scalars, for
    /// pointing at one in a file.
    public static func placeholderOffsets(_ text: String) -> [(name: String, offset: Int)] {
        var found: [(name: String, offset: Int)] = []
        var current: (name: String, start: Int)?
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar == "{" {
                current = ("", offset)
            } else if scalar == "}", let open = current {
                if !open.name.isEmpty { found.append((open.name, open.start)) }
                current = nil
            } else if current != nil {
                current?.name.unicodeScalars.append(scalar)
            }
        }
        return found
    }

    /// The values a template reads from a case: its fields as text and the people in its
    /// roles, people by name alone (`Ana Lima`, not `Ana Lima <ana@example.com>`), since
    /// messages and citations are read by people.
    public static func values(fields: [String: PluginValue], people: [String: String]) -> [String: String] {
        var values = fields.compactMapValues { value -> String? in value == .null ? nil : PersonText.name(value.displayText) }
        for (role, person) in people { values[role] = PersonText.name(person) }
        return values
    }

    /// The values of the `{step.output}` placeholders in `texts`, from the case's other
    /// steps (`{visa.renew_by}`, `{eligibility.months}`); one not recorded yet is left out.
    public static func outputs(in texts: [String], steps: StepSnapshots) -> [String: String] {
        var values: [String: String] = [:]
        for name in Set(texts.flatMap(placeholders)) {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = steps[parts[0]]?.outputs[parts[1]], value != .null else { continue }
            values[name] = PersonText.name(value.displayText)
        }
        return values
    }

    /// `text` with each `{name}` replaced by its value (left as it is when unknown).
    public static func fill(_ text: String, with values: [String: String]) -> String {
        var result = text
        for name in Set(placeholders(text)) {
            guard let value = values[name] else { continue }
            result = result.replacing("{\(name)}", with: value)
        }
        return result
    }
}
