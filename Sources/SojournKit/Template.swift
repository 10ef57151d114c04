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

    /// The values a template reads from a case: its fields as text and the people in its
    /// roles, people by name alone (`Ana Lima`, not `Ana Lima <ana@example.com>`), since
    /// messages and citations are read by people.
    public static func values(fields: [String: PluginValue], people: [String: String]) -> [String: String] {
        var values = fields.compactMapValues { value -> String? in value == .null ? nil : name(value.displayText) }
        for (role, person) in people { values[role] = name(person) }
        return values
    }

    /// `Ana Lima` for `Ana Lima <ana@example.com>`; other text as it is.
    public static func name(_ text: String) -> String {
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<"), open > text.startIndex else { return text }
        let name = text[..<open].trimmingSuffix(while: \.isWhitespace)
        return name.isEmpty ? text : String(name)
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

extension Substring {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
