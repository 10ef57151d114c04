import Crypto
import Foundation
public import SojournKit

/// Workflows as cases pin them: the exact text under its SHA-256, compiled once per
/// process however many cases use it.
public final class WorkflowCatalog: @unchecked Sendable {
    private let loader: WorkflowLoader
    private let lock = NSLock()
    private var compiled: [String: Workflow] = [:]
    private var calendars: [String: BusinessCalendar] = [:]

    public init(plugins: PluginRegistry) {
        loader = WorkflowLoader(plugins: plugins)
    }

    /// SHA-256 of a text, in lowercase hex.
    public static func hash(_ text: String) -> String {
        Hex.string(SHA256.hash(data: Data(text.utf8)))
    }

    /// The compiled workflow pinned under `hash`, reading its text only the first time.
    public func workflow(hash: String, reading pinned: () throws -> PinnedWorkflow?) throws -> Workflow? {
        lock.lock()
        if let workflow = compiled[hash] {
            lock.unlock()
            return workflow
        }
        lock.unlock()
        guard let found = try pinned() else { return nil }
        return try workflow(found)
    }

    /// The business calendar pinned under `hash`, reading it only the first time.
    public func calendar(hash: String, reading pinned: () throws -> PinnedCalendar?) throws -> BusinessCalendar? {
        lock.lock()
        if let calendar = calendars[hash] {
            lock.unlock()
            return calendar
        }
        lock.unlock()
        guard let found = try pinned()?.businessCalendar else { return nil }
        lock.lock()
        calendars[hash] = found
        lock.unlock()
        return found
    }

    /// The workflow a pinned text describes.
    ///
    /// - Throws: `EngineError` when the text no longer validates with this build's
    ///   plugins (a plugin removed or changed since the case opened).
    public func workflow(_ pinned: PinnedWorkflow) throws(EngineError) -> Workflow {
        lock.lock()
        if let workflow = compiled[pinned.hash] {
            lock.unlock()
            return workflow
        }
        lock.unlock()
        // Pinned workflows are checked against the calendars pinned with each case, not
        // against files on this machine.
        let result = loader.load(SourceFile(path: pinned.path, text: pinned.source), calendars: .pinned)
        guard let workflow = result.workflow else {
            throw EngineError(
                "the workflow pinned as \(pinned.hash.prefix(12)) (\(pinned.path)) no longer validates with this build of sojourn",
                diagnostics: result.diagnostics)
        }
        lock.lock()
        compiled[pinned.hash] = workflow
        lock.unlock()
        return workflow
    }
}
