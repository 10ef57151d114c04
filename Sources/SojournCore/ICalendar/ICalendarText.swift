/// Writes iCalendar content lines (RFC 5545 §3.1): properties with parameters, TEXT
/// values escaped, CRLF line ends. Text from cases (names, titles) can never start a
/// property of its own. Lines are kept whole, so that what is stored can be searched
/// (an erasure finds an address on one line); `folded` folds them for output.
struct ICalendarText {
    private(set) var text = ""

    /// `NAME;PARAM=value:VALUE`, with `value` written as it is (a date, a number, a rule).
    mutating func line(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        var line = name
        for (key, parameter) in parameters { line += ";\(key)=\(Self.parameter(parameter))" }
        line += ":" + Self.clean(value)
        text += line + "\r\n"
    }

    /// A TEXT property (`SUMMARY`, `DESCRIPTION`): escaped.
    mutating func textLine(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        line(name, Self.escape(value), parameters)
    }

    mutating func begin(_ component: String) { line("BEGIN", component) }
    mutating func end(_ component: String) { line("END", component) }

    /// TEXT escaping (§3.3.11): backslash, semicolon, comma and line breaks.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A parameter value: quoted when it holds `:`, `;` or `,`; a double quote, which a
    /// parameter cannot hold, becomes a single one.
    static func parameter(_ value: String) -> String {
        let cleaned = clean(value).replacing("\"", with: "'")
        return cleaned.contains(where: { ":;,".contains($0) }) ? "\"\(cleaned)\"" : cleaned
    }

    /// Control characters (which would end or corrupt a line) removed.
    static func clean(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F || $0 == "\t" }))
    }

    /// `text` (lines ended by CRLF) with each line folded at 75 octets.
    static func folded(_ text: String) -> String {
        text.split(separator: "\r\n").map { fold(String($0)) }.joined()
    }

    /// Folds a line at 75 octets (§3.1), never inside a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }
}
