import Foundation
public import SojournKit

/// Erasing one person (`sojourn person erase`): whose values go, and what replaces them.
///
/// Their e-mail address and every name they are known by are replaced, wherever a case,
/// its history, its messages and pairings hold them, by a pseudonym no one can trace
/// back: `Erased person 4k7m2q9x <erased-4k7m2q9x@erased.invalid>` (`.invalid` is a
/// domain that never receives mail, RFC 2606).
///
/// A name is a weaker key than an address: `Will` is also a word, and two people may
/// both be called Ana Lima. So a name is replaced everywhere only when it has more than
/// one word and nobody else is known by it; otherwise only in the cases that hold their
/// address (*linked* cases). A name followed by someone else's address
/// (`Ana Lima <ana2@example.com>`) is never theirs.
public struct PersonErasure: Sendable, Hashable {
    /// The address erased, lowercased.
    public var email: String
    /// The names they are known by (the roster's, and each `Name <email>` that gives
    /// their address), longest first.
    public var names: [String]
    /// Their names that are replaced outside the cases that hold their address.
    public var namesReplacedEverywhere: [String]
    /// The name that replaces theirs.
    public var pseudonym: String
    /// The address that replaces theirs.
    public var pseudonymEmail: String

    /// - Parameters:
    ///   - namesakes: names (any case) that someone else is known by too.
    ///   - tag: what tells this pseudonym from others (random unless given).
    public init(email: String, names: [String], namesakes: Set<String> = [], tag: String? = nil) {
        self.email = email.lowercased()
        let cleaned = names.map { $0.trimmingSpaces }.filter { !$0.isEmpty && PersonText.email($0) == nil }
        self.names = cleaned.reduce(into: [String]()) { kept, name in
            if !kept.contains(where: { $0.lowercased() == name.lowercased() }) { kept.append(name) }
        }.sorted { $0.count > $1.count }
        let shared = Set(namesakes.map { $0.lowercased() })
        namesReplacedEverywhere = self.names.filter { $0.contains(" ") && !shared.contains($0.lowercased()) }
        let tag = tag ?? Self.randomTag()
        pseudonym = "Erased person \(tag)"
        pseudonymEmail = "erased-\(tag)@erased.invalid"
    }

    /// The pseudonym as cases hold people: `Name <email>`.
    public var person: String { "\(pseudonym) <\(pseudonymEmail)>" }

    /// `text` with their address and names replaced, or `nil` when it holds neither.
    ///
    /// An address is replaced where it stands whole (`ana@…` is not inside `hana@…`), a
    /// name where it stands as words (`Ana` is not inside `Banana` or `Ana-Maria`), both
    /// compared without case (but a one-word name as written: `Will`, not `will`); each is also looked for as JSON writes it, so that a name
    /// with a quote is found inside stored JSON.
    ///
    /// - Parameter linked: whether the text belongs to a case that holds their address
    ///   (or to no case): every name is replaced there, elsewhere only
    ///   `namesReplacedEverywhere`.
    public func rewrite(_ text: String, linked: Bool = true) -> String? {
        var result = text
        var changed = false
        for (needle, replacement, isAddress) in needles(linked: linked) {
            guard let next = replacingWhole(needle, in: result, with: replacement, address: isAddress) else { continue }
            result = next
            changed = true
        }
        return changed ? result : nil
    }

    /// Whether `text` holds their address or one of their names.
    public func names(_ text: String) -> Bool { rewrite(text) != nil }

    /// What is looked for: the address, then the names, longest first, each also as
    /// JSON escapes it.
    public func needles(linked: Bool = true) -> [(text: String, replacement: String, address: Bool)] {
        var found: [(String, String, Bool)] = [(email, pseudonymEmail, true)]
        for name in linked ? names : namesReplacedEverywhere {
            found.append((name, pseudonym, false))
            let escaped = Self.jsonEscaped(name)
            if escaped != name { found.append((escaped, pseudonym, false)) }
        }
        return found
    }

    /// The sequence numbers an erasure event's stored data names as rewritten.
    public static func erasedSequences(in data: String) -> [Int] {
        guard let list = PluginValue(jsonText: data)?.object?["events"]?.list else { return [] }
        return list.compactMap { $0.number.flatMap { Int(exactly: $0) } }
    }

    // MARK: - Finding words

    private func replacingWhole(_ needle: String, in text: String, with replacement: String, address: Bool) -> String? {
        guard !needle.isEmpty else { return nil }
        var result = ""
        var rest = text[...]
        var found = false
        // A one-word name is matched as written ("Will", not "will"); the rest without case.
        let options: String.CompareOptions = address || needle.contains(" ") ? .caseInsensitive : []
        while let range = rest.range(of: needle, options: options) {
            let before = range.lowerBound > rest.startIndex ? rest[rest.index(before: range.lowerBound)] : nil
            let after = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            let whole: Bool
            if address {
                // A full stop after an address ends a sentence, unless an address goes on.
                let afterNext = rest[range.upperBound...].dropFirst().first
                whole = !Self.isAddressCharacter(before) && (after == "." ? !Self.isAddressCharacter(afterNext) : !Self.isAddressCharacter(after))
            } else {
                // A name stands as words, and not inside someone else's address.
                whole = !Self.isNameCharacter(before) && !Self.isNameCharacter(after) && !Self.insideAddress(range, of: rest)
                    && !beforeAnotherAddress(rest[range.upperBound...])
            }
            result += rest[..<range.lowerBound]
            if whole {
                result += replacement
                found = true
                rest = rest[range.upperBound...]
            } else {
                // Not whole here: step one character on and look again.
                let next = rest.index(after: range.lowerBound)
                result += rest[range.lowerBound..<next]
                rest = rest[next...]
            }
        }
        guard found else { return nil }
        return result + rest
    }

    /// Whether `range` lies in a run of characters that holds an `@`: an address.
    private static func insideAddress(_ range: Range<Substring.Index>, of text: Substring) -> Bool {
        let stops = Set<Character>(" \t\n\r<>,;:\"()[]{}\\")
        let start = text[..<range.lowerBound].lastIndex(where: { stops.contains($0) }).map { text.index(after: $0) } ?? text.startIndex
        let end = text[range.upperBound...].firstIndex(where: { stops.contains($0) }) ?? text.endIndex
        return text[start..<end].contains("@")
    }

    /// Whether what follows a name (`rest`) goes on, within the same phrase, to an
    /// `<address>` that is neither theirs nor their pseudonym's: the name (or part of the
    /// name) of someone else, as in `Ana Lima <ana2@example.com>`.
    private func beforeAnotherAddress(_ rest: Substring) -> Bool {
        let phrase = rest.prefix { !"<>,;:\"()[]{}\n".contains($0) }
        let after = rest[phrase.endIndex...]
        guard after.first == "<", let close = after.firstIndex(of: ">") else { return false }
        let address = after[after.index(after: after.startIndex)..<close].lowercased()
        return address.contains("@") && address != email && address != pseudonymEmail
    }

    private static func isNameCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_" || character == "-"
    }

    private static func isAddressCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || "._%+-'".contains(character)
    }

    private static func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    private static func randomTag() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in CaseIDs.alphabet[Int.random(in: 0..<CaseIDs.alphabet.count, using: &generator)] })
    }
}

/// What erasing a person would touch (`person erase --dry-run`), and did.
public struct ErasureScope: Sendable {
    /// The address looked for.
    public var email: String
    /// The names they are known by.
    public var names: [String]
    /// The cases that hold any of it, in id order.
    public var cases: [String]
    /// Open cases in which they hold a role or a person field: these must end, or the
    /// role pass to someone else, first.
    public var openCases: [(caseID: String, as: String)]
    /// Rows that would change (or be removed), by table.
    public var rows: [String: Int]
    /// Events whose personal part would be rewritten.
    public var events: Int
    /// Whether they are on the roster.
    public var onRoster: Bool
    /// Other people known by one of their names: those names are replaced only in the
    /// cases that hold this address.
    public var namesakes: [(name: String, email: String)]

    public init(email: String, names: [String], cases: [String], openCases: [(caseID: String, as: String)], rows: [String: Int], events: Int, onRoster: Bool,
                namesakes: [(name: String, email: String)] = []) {
        self.namesakes = namesakes
        self.email = email
        self.names = names
        self.cases = cases
        self.openCases = openCases
        self.rows = rows
        self.events = events
        self.onRoster = onRoster
    }

    public var isEmpty: Bool { rows.isEmpty && !onRoster }
}
