import Crypto
import Foundation
import SojournCore

/// The hashes that make the history tamper-evident, and let one person's values be
/// erased from it without breaking them.
///
/// An event's stored content has two parts. Its *frame* (case, sequence, kind, date,
/// phase, step, occurrence, when it was written) is hashed as it is. Its *personal part*
/// (who acted, the details and any private input) is hashed with a random salt of its
/// own into a *commitment*: `SHA-256(salt ‖ actor ‖ data ‖ private input)`.
///
/// Each event carries a *link*: SHA-256 over the previous event's link in the same case
/// (32 zero bytes for the first), the frame and the commitment. The *journal head*
/// chains every link in the order events were written, database-wide:
/// `head = SHA-256(previous head ‖ link)`. Changing, removing, reordering or inserting an
/// event breaks its case's links from that event on, and the head; `sojourn verify`
/// recomputes both.
///
/// Erasing a person (`sojourn person erase`) rewrites the personal part of the events
/// that name them. Before it does, it keeps each such event's commitment and deletes its
/// salt: the link still checks against the commitment, the frame is still checked, and
/// without the salt the commitment tells nothing about what the event said (a guess at
/// a name cannot be confirmed by hashing it). The case's history records the erasure
/// (`personal-data-erased`, naming those events), and `verify` accepts a kept commitment
/// only for an event an erasure names.
enum JournalLink {
    /// The link before a case's first event, and the head of an empty journal.
    static let origin = Data(repeating: 0, count: 32)

    /// How many random bytes salt an event's commitment.
    static let saltLength = 16

    /// An event's content as it is stored, in the order it is hashed.
    struct Content {
        var caseID: String
        var sequence: Int
        var kind: String
        var onDate: Int
        var phase: String?
        var step: String?
        var occurrence: Int?
        var actor: String?
        var data: String
        var recordedAt: Int64
        /// The private input's stored JSON, if the event has any.
        var privateInput: String?
    }

    /// A new random salt.
    static func newSalt() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The commitment to the personal part of `content` under `salt`.
    static func commitment(_ content: Content, salt: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("sojourn-personal-2".utf8))
        hasher.update(data: salt)
        for field in [content.actor, content.data, content.privateInput] {
            add(field, to: &hasher)
        }
        return Data(hasher.finalize())
    }

    /// The link of an event with `content`'s frame and `commitment` after `previous`.
    static func link(after previous: Data, _ content: Content, commitment: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("sojourn-event-2".utf8))
        hasher.update(data: previous)
        for field in [content.caseID, String(content.sequence), content.kind, String(content.onDate), content.phase, content.step,
                      content.occurrence.map(String.init), String(content.recordedAt)] {
            add(field, to: &hasher)
        }
        hasher.update(data: commitment)
        return Data(hasher.finalize())
    }

    /// The journal head after `link`.
    static func head(after previous: Data, adding link: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("sojourn-journal-1".utf8))
        hasher.update(data: previous)
        hasher.update(data: link)
        return Data(hasher.finalize())
    }

    /// A field as its length and bytes, so that no two contents hash alike by moving
    /// bytes between fields; a missing field as a length no text has.
    static func add(_ field: String?, to hasher: inout SHA256) {
        guard let field else {
            hasher.update(data: Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]))
            return
        }
        let bytes = Data(field.utf8)
        var length = UInt64(bytes.count).bigEndian
        hasher.update(data: Data(bytes: &length, count: 8))
        hasher.update(data: bytes)
    }
}
