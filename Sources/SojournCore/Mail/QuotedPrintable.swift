/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: printable ASCII as it is, every
/// other byte and `=` as `=XX`, a space or tab at a line's end encoded, lines kept to 76
/// characters with soft breaks, and the text's line breaks as CRLF.
enum QuotedPrintable {
    static let lineLimit = 76

    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        // Line breaks are CRLF or LF; "\r\n" is one Character, so split on scalars.
        let unified = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
        let lines = unified.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            var length = 0
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                var token: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last) {
                    token = [byte]
                } else {
                    token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
                // Leave room for the soft break `=` unless this is the line's last token.
                if length + token.count > lineLimit - (last ? 0 : 1) {
                    out += [UInt8(ascii: "="), 13, 10]
                    length = 0
                }
                out += token
                length += token.count
            }
            if index < lines.count - 1 { out += [13, 10] }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
