import Foundation
public import SojournKit

/// Erasing one person (`sojourn person erase`): whose values go, and what replaces them.
///
/// Their e-mail address and every name they are known by are replaced, wherever a case,
/// its history, its messages and pairings hold them, by a pseudonym no one can trace
/// back: `Erased person 4k7m2q9x <erased-4k7m2q9x@erased.invalid>` (`.invalid` is a
/// domain that never receives mail, RFC 2606).
///
/// A name is a weaker key than an address: two people may both be called Ana Lima, and
/// `Mark` is also a word. So:
/// - an address is replaced wherever it stands whole;
/// - a name of two or more words is replaced wherever it stands as words, unless someone
///   else's name is or contains it, in which case only in the cases that hold their
///   address (*linked* cases);
/// - a one-word name only where it names them for certain: right before their address
///   (`Mark <mark@example.com>`), or as a whole value (a field holding just `Mark`);
/// - someone else as a case holds them (`Ana Lima <ana2@example.com>`) is never touched.
public struct PersonErasure: Sendable, Hashable {
    /// The address erased, lowercased.
    public var email: String
    /// The names they are known by (the roster's, and each `Name <email>` that gives
    /// their address), longest first.
    public var names: [String]
    /// Their names of two or more words that nobody else's name is or contains: these
    /// are replaced outside the linked cases too.
    public var namesReplacedEverywhere: [String]
    /// Other people as texts hold them (`Ana Lima <ana2@example.com>`), never rewritten.
    public var others: [String]
    /// The name that replaces theirs.
    public var pseudonym: String
    /// The address that replaces theirs.
    public var pseudonymEmail: String

    /// - Parameters:
    ///   - others: other people whose name is, or contains, one of `names`: `(name, email)`.
    ///   - tag: what tells this pseudonym from others (random unless given).
    public init(email: String, names: [String], others: [(name: String, email: String)] = [], tag: String? = nil) {
        self.email = email.lowercased()
        let cleaned = names.map { $0.trimmingSpaces }.filter { !$0.isEmpty && PersonText.email($0) == nil }
        self.names = cleaned.reduce(into: [String]()) { kept, name in
            if !kept.contains(where: { $0.lowercased() == name.lowercased() }) { kept.append(name) }
        }.sorted { $0.count > $1.count }
        let otherNames = others.map { $0.name.lowercased() }
        namesReplacedEverywhere = self.names.filter { name in
            name.contains(" ") && !otherNames.contains { Self.containsWords(name.lowercased(), in: $0) }
        }
        self.others = others.map { "\($0.name) <\($0.email)>" }.sorted { $0.count > $1.count }
        let tag = tag ?? Self.randomTag()
        pseudonym = "Erased person \(tag)"
        pseudonymEmail = "erased-\(tag)@erased.invalid"
    }

    /// The pseudonym as cases hold people: `Name <email>`.
    public var person: String { "\(pseudonym) <\(pseudonymEmail)>" }

    /// `text` with their address and names replaced, or `nil` when it holds neither.
    /// Each is also looked for as JSON writes it, so that a name with a quote is found
    /// inside stored JSON.
    ///
    /// - Parameter linked: whether the text belongs to a case that holds their address
    ///   (or to no case): all their names of two or more words are replaced there,
    ///   elsewhere only `namesReplacedEverywhere`.
    public func rewrite(_ text: String, linked: Bool = true) -> String? {
        // Other people's `Name <address>` are set aside, and the rest rewritten.
        var pieces: [(text: Substring, kept: Bool)] = [(text[...], false)]
        for other in others {
            pieces = pieces.flatMap { piece -> [(text: Substring, kept: Bool)] in
                piece.kept ? [piece] : Self.split(piece.text, around: other)
            }
        }
        var changed = false
        let rewritten = pieces.map { piece -> String in
            guard !piece.kept, let new = rewritePiece(String(piece.text), linked: linked) else { return String(piece.text) }
            changed = true
            return new
        }.joined()
        return changed ? rewritten : nil
    }

    /// Whether `text` holds their address or one of their names.
    public func names(_ text: String) -> Bool { rewrite(text) != nil }

    /// Whether `text` holds their address, whole.
    public func holdsAddress(_ text: String) -> Bool {
        Self.replacingWhole(email, in: text, with: pseudonymEmail, kind: .address, own: []) != nil
    }

    /// What the database is searched for: the address and every name, each also as JSON
    /// escapes it.
    public var needles: [String] {
        var found = [email]
        for name in names {
            found.append(name)
            let escaped = Self.jsonEscaped(name)
            if escaped != name { found.append(escaped) }
        }
        return found
    }

    private func rewritePiece(_ text: String, linked: Bool) -> String? {
        var result = text
        var changed = false
        func apply(_ needle: String, _ replacement: String, _ kind: MatchKind) {
            guard let next = Self.replacingWhole(needle, in: result, with: replacement, kind: kind, own: [email, pseudonymEmail]) else { return }
            result = next
            changed = true
        }
        apply(email, pseudonymEmail, .address)
        for name in names {
            for form in Set([name, Self.jsonEscaped(name)]) {
                if !name.contains(" ") {
                    // A one-word name: only before their address, or as a whole value.
                    apply(form, pseudonym, .beforeAddress(pseudonymEmail))
                    if result == form { apply(form, pseudonym, .words) }
                    apply("\"\(form)\"", "\"\(pseudonym)\"", .exact)
                } else if linked || namesReplacedEverywhere.contains(name) {
                    apply(form, pseudonym, .words)
                }
            }
        }
        return changed ? result : nil
    }

    // MARK: - Finding words

    private enum MatchKind {
        /// An address, whole: not inside a longer address.
        case address
        /// Words: not inside longer words or an address, nor right before an address
        /// that is not theirs (`Ana Lima <ana2@example.com>` is someone else).
        case words
        /// Words right before `<address>`.
        case beforeAddress(String)
        /// Exactly this text, wherever it is.
        case exact
    }

    /// - Parameter own: the addresses that are theirs (theirs and the pseudonym's).
    private static func replacingWhole(_ needle: String, in text: String, with replacement: String, kind: MatchKind, own: [String]) -> String? {
        guard !needle.isEmpty else { return nil }
        var result = ""
        var rest = text[...]
        var found = false
        while let range = rest.range(of: needle, options: .caseInsensitive) {
            let before = range.lowerBound > rest.startIndex ? rest[rest.index(before: range.lowerBound)] : nil
            let after = range.upperBound < rest.endIndex ? rest[range.upperBound] : nil
            let whole: Bool
            switch kind {
            case .address:
                // A full stop after an address ends a sentence, unless an address goes on.
                let afterNext = rest[range.upperBound...].dropFirst().first
                whole = !isAddressCharacter(before) && (after == "." ? !isAddressCharacter(afterNext) : !isAddressCharacter(after))
            case .words:
                whole = !isNameCharacter(before) && !isNameCharacter(after) && !insideAddress(range, of: rest)
                    && !beforeAddress(rest[range.upperBound...], notIn: own)
            case .beforeAddress(let address):
                let following = rest[range.upperBound...].drop { $0 == " " }
                whole = !isNameCharacter(before) && following.lowercased().hasPrefix("<\(address)>")
            case .exact:
                whole = true
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

    /// `text` cut around each occurrence of `kept` (compared without case).
    private static func split(_ text: Substring, around kept: String) -> [(text: Substring, kept: Bool)] {
        var pieces: [(text: Substring, kept: Bool)] = []
        var rest = text
        while let range = rest.range(of: kept, options: .caseInsensitive) {
            if range.lowerBound > rest.startIndex { pieces.append((rest[..<range.lowerBound], false)) }
            pieces.append((rest[range], true))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append((rest, false)) }
        return pieces
    }

    /// Whether `words` stands as whole words in `text` (both lowercased).
    public static func containsWords(_ words: String, in text: String) -> Bool {
        replacingWhole(words, in: text, with: "", kind: .words, own: []) != nil
    }

    /// Whether `range` lies in a run of characters that holds an `@`: an address.
    private static func insideAddress(_ range: Range<Substring.Index>, of text: Substring) -> Bool {
        let stops = Set<Character>(" \t\n\r<>,;:\"()[]{}\\")
        let start = text[..<range.lowerBound].lastIndex(where: { stops.contains($0) }).map { text.index(after: $0) } ?? text.startIndex
        let end = text[range.upperBound...].firstIndex(where: { stops.contains($0) }) ?? text.endIndex
        return text[start..<end].contains("@")
    }

    /// Whether `rest` starts (after spaces) with `<address>` for an address not in `own`.
    private static func beforeAddress(_ rest: Substring, notIn own: [String]) -> Bool {
        let following = rest.drop { $0 == " " }
        guard !own.isEmpty, following.first == "<", let close = following.firstIndex(of: ">") else { return false }
        let address = following[following.index(after: following.startIndex)..<close].lowercased()
        return address.contains("@") && !own.contains(address)
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

    /// The sequence numbers an erasure event's stored data names as rewritten.
    public static func erasedSequences(in data: String) -> [Int] {
        guard let list = PluginValue(jsonText: data)?.object?["events"]?.list else { return [] }
        return list.compactMap { $0.number.flatMap { Int(exactly: $0) } }
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
    /// What stops the erasure: the open cases in which they hold a role or a person field.
    public var blockers: [Blocker]
    /// Rows that would change (or be removed), by table.
    public var rows: [String: Int]
    /// Events whose personal part would be rewritten.
    public var events: Int
    /// Whether they are on the roster.
    public var onRoster: Bool
    /// Other people known by one of their names: those names are replaced only in the
    /// cases that hold this address.
    public var namesakes: [(name: String, email: String)]
    /// Unsent messages to nobody but them, withdrawn.
    public var withdrawn: Int

    /// A part they play in an open case.
    public struct Blocker: Sendable, Hashable {
        public var caseID: String
        /// The role they hold, or
        public var role: String?
        /// the person field that names them.
        public var field: String?

        public init(caseID: String, role: String?, field: String?) {
            self.caseID = caseID
            self.role = role
            self.field = field
        }
    }

    public init(email: String, names: [String], cases: [String], blockers: [Blocker], rows: [String: Int], events: Int, onRoster: Bool,
                namesakes: [(name: String, email: String)], withdrawn: Int) {
        self.email = email
        self.names = names
        self.cases = cases
        self.blockers = blockers
        self.rows = rows
        self.events = events
        self.onRoster = onRoster
        self.namesakes = namesakes
        self.withdrawn = withdrawn
    }

    public var isEmpty: Bool { rows.isEmpty && !onRoster }
}
