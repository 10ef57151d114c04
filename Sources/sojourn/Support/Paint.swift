import Foundation
@preconcurrency import Rainbow
import SojournCore
import SojournKit

/// Colour for one output stream: on only when that stream is a terminal and neither
/// `NO_COLOR` is set nor `TERM=dumb`, so pipes, files and CI logs get plain text.
struct Paint {
    let enabled: Bool

    /// The paint for standard output.
    static let standardOutput = Paint(fileDescriptor: STDOUT_FILENO)
    /// The paint for standard error, where diagnostics go.
    static let standardError = Paint(fileDescriptor: STDERR_FILENO)

    /// No colour: for text written to a file.
    static let plain = Paint(enabled: false)

    private init(enabled: Bool) {
        self.enabled = enabled
    }

    init(fileDescriptor: Int32) {
        let environment = ProcessInfo.processInfo.environment
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        enabled = isatty(fileDescriptor) == 1 && !noColor && !dumb
        if enabled {
            // Rainbow looks at standard output only; this stream was checked above.
            Rainbow.outputTarget = .console
            Rainbow.enabled = true
        }
    }

    func red(_ text: String) -> String { enabled ? text.red.bold : text }
    func yellow(_ text: String) -> String { enabled ? text.yellow.bold : text }
    func green(_ text: String) -> String { enabled ? text.green : text }
    func cyan(_ text: String) -> String { enabled ? text.cyan : text }
    func bold(_ text: String) -> String { enabled ? text.bold : text }
    func dim(_ text: String) -> String { enabled ? text.dim : text }

    /// The diagnostic style for this stream.
    var diagnosticStyle: DiagnosticRenderer.Style {
        guard enabled else { return .plain }
        let paint = self
        return DiagnosticRenderer.Style(
            severity: { severity, text in
                switch severity {
                case .error: paint.red(text)
                case .warning: paint.yellow(text)
                case .note: paint.cyan(text)
                }
            },
            emphasis: { paint.bold($0) },
            caret: { paint.green($0) })
    }
}
