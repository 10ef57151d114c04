/// One header field, folded (RFC 5322 §2.2.3): lines of at most 78 characters where the
/// words allow, each continuation starting with a space, and no line break inside a
/// word (an address, a quoted string or an encoded word is one word).
struct HeaderField {
    var name: String
    /// The words of the value, written with one space between them.
    var words: [String]

    static let lineLimit = 78

    /// An unstructured value (`Subject`): its words as they are, runs of words that are
    /// not ASCII as encoded words (RFC 2047 §5.1). Runs of spaces count as one.
    static func unstructured(_ name: String, _ text: String) -> HeaderField {
        HeaderField(name: name, words: EncodedWords.words(text, needsEncoding: EncodedWords.isForeign) { String($0) })
    }

    /// A list of mailboxes, separated by commas.
    static func mailboxes(_ name: String, _ mailboxes: [Mailbox]) -> HeaderField {
        var words: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            var own = mailbox.words
            if index < mailboxes.count - 1 { own[own.count - 1] += "," }
            words += own
        }
        return HeaderField(name: name, words: words)
    }

    /// The field, folded, with CRLF line ends.
    var rendered: String {
        var lines: [String] = []
        var line = name + ":"
        for word in words {
            if line.utf8.count + 1 + word.utf8.count > Self.lineLimit, line.contains(where: { $0 != " " }) && line != name + ":" {
                lines.append(line)
                line = " " + word
            } else {
                line += " " + word
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
