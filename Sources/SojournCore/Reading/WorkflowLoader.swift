import Foundation
public import SojournKit

/// Reads and validates workflow files: YAML, then the language's structure, then
/// references, plugins, expressions and the order of things.
public struct WorkflowLoader: Sendable {
    /// The plugins steps can use.
    public let plugins: PluginRegistry

    /// Creates a loader for a build's plugins.
    public init(plugins: PluginRegistry) {
        self.plugins = plugins
    }

    /// What loading a workflow found.
    public struct Result: Sendable {
        /// The workflow, when it has no errors.
        public var workflow: Workflow?
        /// Every problem found, errors and warnings, in position order.
        public var diagnostics: [Diagnostic]
        /// The file's text, for quoting lines in diagnostics.
        public var source: SourceFile?
    }

    /// Loads the workflow at `path`. Its holiday calendars are the built-in ones, each
    /// replaced by a file in `calendars/` beside it, unless `calendars` says otherwise.
    public func load(path: String, calendars: CalendarLibrary? = nil) -> Result {
        let data: Data
        switch BoundedFile.read(path, limit: LoaderLimits.default.maxInputBytes) {
        case .success(let read): data = read
        case .failure(let refusal): return Result(workflow: nil, diagnostics: [.error(refusal.message, at: nil)], source: nil)
        }
        let library = calendars ?? CalendarLibrary(besideWorkflowAt: path)
        guard let text = String(validating: data, as: UTF8.self) else {
            // libyaml finds where the bad bytes are.
            do {
                _ = try YAMLLoader().loadStream(bytes: [UInt8](data), file: path)
            } catch {
                return Result(workflow: nil, diagnostics: [error], source: nil)
            }
            return Result(workflow: nil, diagnostics: [.error("the file is not valid UTF-8; save it as UTF-8", at: nil)], source: nil)
        }
        return load(SourceFile(path: path, text: text), calendars: library)
    }

    /// Loads a workflow from its text.
    public func load(_ source: SourceFile, calendars: CalendarLibrary) -> Result {
        let root: Node
        do {
            root = try YAMLLoader().loadDocument(source)
        } catch {
            return Result(workflow: nil, diagnostics: [error], source: source)
        }
        var reader = WorkflowReader(source: source)
        guard var workflow = reader.read(root) else {
            return Result(workflow: nil, diagnostics: reader.diagnostics.sortedByPosition(), source: source)
        }
        var validator = WorkflowValidator(plugins: plugins, calendars: calendars, checkNames: reader.declarationsAreComplete)
        validator.validate(&workflow)
        let diagnostics = (reader.diagnostics + validator.diagnostics).sortedByPosition()
        return Result(workflow: diagnostics.containsErrors ? nil : workflow, diagnostics: diagnostics, source: source)
    }
}
