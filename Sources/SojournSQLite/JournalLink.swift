import Crypto
import Foundation
import SojournCore

/// The hashes that make the history tamper-evident.
///
/// Each event carries a *link*: SHA-256 over the previous event's link in the same case
/// (32 zero bytes for the first) and the event's stored content, including a digest of
/// its private input. The *journal head* chains every link in the order events were
/// written, database-wide: `head = SHA-256(previous head ‖ link)`. Changing, removing,
/// reordering or inserting an event breaks its case's links from that event on, and the
/// head; `sojourn verify` recomputes both.
enum JournalLink {
    /// The link before a case's first event, and the head of an empty journal.
    static let origin = Data(repeating: 0, count: 32)

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

    /// The link of an event with `content` after `previous`.
    static func link(after previous: Data, _ content: Content) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("sojourn-event-1".utf8))
        hasher.update(data: previous)
        for field in [content.caseID, String(content.sequence), content.kind, String(content.onDate), content.phase, content.step,
                      content.occurrence.map(String.init), content.actor, content.data, String(content.recordedAt)] {
            add(field, to: &hasher)
        }
        // The private input by its digest: the link commits to it without holding it.
        add(content.privateInput.map(WorkflowCatalog.hash), to: &hasher)
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
    private static func add(_ field: String?, to hasher: inout SHA256) {
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
