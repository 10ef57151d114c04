/// A person as cases hold them, `Ana Lima <ana@example.com>` or `Ana Lima`, read for
/// display and lookup. (Checking what HR types is the workflow's `person` field type.)
public enum PersonText {
    /// `Ana Lima` for `Ana Lima <ana@example.com>`; other text as it is.
    public static func name(_ text: String) -> String {
        guard let (name, _) = split(text), !name.isEmpty else { return text }
        return name
    }

    /// `ana@example.com` for `Ana Lima <ana@example.com>` or a bare address; `nil` when
    /// the text holds no address.
    public static func email(_ text: String) -> String? {
        if let (_, email) = split(text) { return email }
        return text.contains("@") && !text.contains(" ") ? text : nil
    }

    private static func split(_ text: String) -> (name: String, email: String)? {
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else { return nil }
        let name = text[..<open].reversed().drop(while: \.isWhitespace).reversed()
        return (String(name), String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
    }
}
