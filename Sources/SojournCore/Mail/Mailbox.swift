import Foundation
import SojournKit

/// One mailbox of a header (`From`, `To`): a display name and an address, written as
/// RFC 5322 §3.4 wants.
public struct Mailbox: Sendable, Hashable {
    /// The display name, if any: `Ana Lima`.
    public var name: String?
    /// The address: `ana@example.com`.
    public var address: String

    public init(name: String?, address: String) {
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
        self.address = address
    }

    /// A person as cases hold them (`Ana Lima <ana@example.com>`, or a bare address);
    /// `nil` when the text holds no address a mail agent takes: one `@`, printable ASCII
    /// without spaces or the characters that end an address in a header.
    public init?(_ text: String) {
        guard let address = PersonText.email(text), Self.isDeliverable(address) else { return nil }
        let name = PersonText.name(text)
        self.init(name: name == text ? nil : name, address: address)
    }

    /// The part of the address after `@`: `example.com`.
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? address }

    static func isDeliverable(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        // `.invalid` never receives mail (RFC 2606): an erased person's pseudonym.
        guard !parts[1].lowercased().hasSuffix(".invalid") else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// The mailbox as header words, which folding keeps whole: the display name as
    /// atoms, one quoted string, or encoded words (RFC 2047) when it is not ASCII; then
    /// `<address>`.
    var words: [String] {
        guard let name else { return [address] }
        return Self.phrase(name) + ["<\(address)>"]
    }

    /// A display name as the words of a phrase (RFC 5322 §3.2.5): atoms where they can
    /// be, quoted strings where a word holds a special character, encoded words for runs
    /// that are not ASCII. A name of ASCII words with specials is one quoted string.
    static func phrase(_ name: String) -> [String] {
        let words = name.split(separator: " ", omittingEmptySubsequences: true)
        // A word that looks encoded is encoded too: some readers decode one even in quotes.
        if !words.contains(where: EncodedWords.isForeign) {
            if words.allSatisfy(isAtom) { return words.map(String.init) }
            return [quoted(words.joined(separator: " "))]
        }
        return EncodedWords.words(name, needsEncoding: EncodedWords.isForeign) { word in isAtom(word) ? String(word) : quoted(String(word)) }
    }

    /// A word that stands as it is in a phrase.
    static func isAtom(_ word: Substring) -> Bool {
        !word.isEmpty && !word.hasPrefix("=?") && word.unicodeScalars.allSatisfy(isAtomText)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `atext` (RFC 5322 §3.2.3).
    static func isAtomText(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
        }
    }
}
