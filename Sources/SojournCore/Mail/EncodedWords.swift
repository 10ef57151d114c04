import Foundation

/// RFC 2047 encoded words: text that is not ASCII, in a header.
///
/// Only what needs it is encoded, as mail programs do: a run of words that are not
/// plain ASCII (with the spaces between them) becomes encoded words, the words around
/// it stay as they are. Whitespace between two encoded words is not part of the text
/// (§6.2), so a run is cut between characters, never at a space left outside. Each
/// word is at most 60 characters (`=?UTF-8?B?…?=`, 36 bytes of UTF-8), so that a
/// header line holding one stays within 76 characters (§2) even after its field name.
/// A cluster of several scalars is cut only when it alone is too long for a word.
enum EncodedWords {
    /// The most UTF-8 bytes one word holds: 48 base64 characters.
    static let bytesPerWord = 36

    /// The words of a header value: plain words as they are (or as `plain` makes them),
    /// runs of other words as encoded words.
    ///
    /// - Parameter needsEncoding: whether a word cannot stand as it is.
    /// - Parameter plain: how a word that can stand is written (quoted, in a phrase).
    static func words(_ text: String, needsEncoding: (Substring) -> Bool, plain: (Substring) -> String) -> [String] {
        var out: [String] = []
        var run: [Substring] = []
        func flush() {
            guard !run.isEmpty else { return }
            out += encode(run.joined(separator: " "))
            run = []
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if needsEncoding(word) {
                run.append(word)
            } else {
                flush()
                out.append(plain(word))
            }
        }
        flush()
        return out
    }

    /// Whether a word has to be encoded: it is not printable ASCII, or it looks like an
    /// encoded word itself (a reader would decode it).
    static func isForeign(_ word: Substring) -> Bool {
        word.hasPrefix("=?") || word.unicodeScalars.contains { $0.value > 126 || $0.value < 33 }
    }

    /// `text` as encoded words, cut between characters.
    static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if bytes.count > bytesPerWord {
                // A cluster too long for one word (a long emoji sequence): by scalars.
                flush()
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > bytesPerWord { flush() }
                    chunk += scalarBytes
                }
                continue
            }
            if chunk.count + bytes.count > bytesPerWord { flush() }
            chunk += bytes
        }
        flush()
        return words
    }
}
