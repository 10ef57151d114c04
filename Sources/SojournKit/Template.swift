/// Message templates with `{name}` placeholders, filled from a case's fields and people.
public enum Template {
    /// The placeholder names in `text`, in order.
    public static func placeholders(_ text: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in text {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                if !name.isEmpty { names.append(name) }
                current = nil
            } else if current != nil {
                current!.append(character)
            }
        }
        return names
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
