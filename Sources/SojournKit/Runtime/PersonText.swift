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

    /// Whether two texts name the same person: the same e-mail address (ignoring
    /// case) when both have one, else the same name (ignoring case).
    public static func same(_ a: String, _ b: String) -> Bool {
        if let first = email(a), let second = email(b) { return first.lowercased() == second.lowercased() }
        let (first, second) = (name(a).lowercased(), name(b).lowercased())
        return !first.isEmpty && first == second
    }

    private static func split(_ text: String) -> (name: String, email: String)? {
        // Byte by byte: `<`, `>` and the spaces trimmed are ASCII, never part of a
        // longer character in UTF-8.
        let bytes = text.utf8
        guard bytes.last == UInt8(ascii: ">"), let open = bytes.lastIndex(of: UInt8(ascii: "<")) else { return nil }
        var end = open
        while end > bytes.startIndex {
            let before = bytes.index(before: end)
            guard [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[before]) else { break }
            end = before
        }
        let name = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
        let email = String(decoding: bytes[bytes.index(after: open)..<bytes.index(before: bytes.endIndex)], as: UTF8.self)
        return (name, email)
    }
}
