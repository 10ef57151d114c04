/// What text Sojourn accepts from people, and how it shows text on a terminal.
///
/// Names, e-mail addresses, field values, actors and reasons end up in e-mail headers,
/// calendar files, history lines and terminals. A line break there forges a header or a
/// history line; an escape sequence or a right-to-left override rewrites what a
/// terminal shows. Such text is refused where it comes in, with the place of the first
/// bad character; the command line escapes what it prints once more on the way out.
public enum TextSafety {
    /// The longest name or e-mail address, in characters.
    public static let nameLimit = 200
    /// The longest one-line value (a field, a reason, a choice), in characters.
    public static let lineLimit = 1_000
    /// The longest text a person may enter as input (a note, an answer), in characters.
    public static let textLimit = 20_000

    /// Why `text` may not be used as one line (a name, an address, a field value), or
    /// `nil` when it may: it must have no line breaks, no control characters, no
    /// bidirectional overrides, and at most `limit` characters.
    public static func lineProblem(_ text: String, limit: Int = lineLimit) -> String? {
        problem(text, limit: limit, allowingLineBreaks: false)
    }

    /// Why `text` may not be used as free text (a note), or `nil` when it may: line
    /// breaks and tabs are allowed, other control characters are not.
    public static func textProblem(_ text: String, limit: Int = textLimit) -> String? {
        problem(text, limit: limit, allowingLineBreaks: true)
    }

    private static func problem(_ text: String, limit: Int, allowingLineBreaks: Bool) -> String? {
        var position = 0
        for character in text {
            position += 1
            if position > limit {
                return "is longer than \(limit) characters; shorten it"
            }
            for scalar in character.unicodeScalars where isUnsafe(scalar) {
                if allowingLineBreaks, scalar == "\n" || scalar == "\t" || (scalar == "\r" && character == "\r\n") { continue }
                if scalar == "\n" || scalar == "\r" {
                    return "has a line break at character \(position); write it on one line"
                }
                return "has the control character \(code(scalar)) at character \(position); remove it"
            }
        }
        return nil
    }

    /// Whether a scalar is a control character (C0, DEL, C1), a line or paragraph
    /// separator, or a bidirectional formatting character that can reorder what a
    /// terminal shows.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x200E, 0x200F, 0x061C: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `U+001B`.
    public static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
