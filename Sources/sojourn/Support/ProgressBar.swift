import Foundation

/// A progress bar on standard error, drawn only when it is a terminal.
struct ProgressBar {
    let title: String
    let total: Int?
    private let enabled = isatty(STDERR_FILENO) == 1

    init(_ title: String, total: Int?) {
        self.title = title
        self.total = total
    }

    func update(_ done: Int) {
        guard enabled else { return }
        if let total, total > 0 {
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(title) [\(bar)] \(done * 100 / total)% \(done)/\(total)".utf8))
        } else {
            FileHandle.standardError.write(Data("\r\(title) \(done)".utf8))
        }
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
