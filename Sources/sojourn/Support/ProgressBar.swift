import Foundation

/// Progress on standard error: a bar redrawn in place when it is a terminal; with
/// `--progress`, one plain line per update wherever it goes (logs, scripts waiting for a
/// batch to be committed); nothing otherwise.
struct ProgressBar {
    let title: String
    let total: Int?
    private let drawn: Bool
    private let lines: Bool

    init(_ title: String, total: Int?, lines: Bool = false) {
        self.title = title
        self.total = total
        self.lines = lines
        self.drawn = !lines && isatty(STDERR_FILENO) == 1
    }

    /// Shows `done` out of the bar's total, or out of `total` when the total became known later.
    func update(_ done: Int, of total: Int? = nil) {
        let total = total ?? self.total
        if lines {
            FileHandle.standardError.write(Data("\(title): \(done)\(total.map { " of \($0)" } ?? "")\n".utf8))
            return
        }
        guard drawn else { return }
        if let total, total > 0 {
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(title) [\(bar)] \(done * 100 / total)% \(done)/\(total)".utf8))
        } else {
            FileHandle.standardError.write(Data("\r\(title) \(done)".utf8))
        }
    }

    /// Clears the bar from the terminal (the next update draws it again).
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
