import Foundation
import SojournKit

/// Writing to standard output and standard error.
///
/// Everything printed passes through `terminalSafe`: text from the database (names,
/// notes, reasons) can never move the cursor, retitle a window, hide a line or reverse
/// what follows on the reader's terminal, whatever was stored before the input checks.
enum Output {
    static func print(_ text: String) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(terminalSafe(text.hasSuffix("\n") ? text : text + "\n").utf8))
        } catch {
            // A full disk or a closed pipe: say so once and stop, rather than crash or
            // go on writing into nothing. What the command changed is already committed.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
            printError("error: cannot write the output: \(reason)")
            exit(ExitStatus.outputFailed)
        }
    }

    static func printError(_ text: String) {
        // Nothing is left to tell when standard error itself cannot be written.
        try? FileHandle.standardError.write(contentsOf: Data(terminalSafe(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n").utf8))
    }

    /// `text` with control characters, separators and bidirectional overrides shown as
    /// `\u{1B}`; line breaks, tabs and the colour sequences `Paint` writes
    /// (`ESC [ digits ; … m`) are kept.
    static func terminalSafe(_ text: String) -> String {
        escaped(text, keeping: { $0 == "\n" || $0 == "\t" }, colours: true)
    }

    /// A stored value for one line of output: its line breaks and tabs shown as
    /// `\u{A}` and `\u{9}` as well, so it cannot start a line of its own.
    static func oneLine(_ value: String) -> String {
        escaped(value, keeping: { _ in false }, colours: false)
    }

    /// `text` with every unsafe scalar (`TextSafety.isUnsafe`) but those `keeping` allows
    /// written as `\u{…}`, and, when `colours`, `Paint`'s colour sequences kept whole.
    private static func escaped(_ text: String, keeping: (Unicode.Scalar) -> Bool, colours: Bool) -> String {
        guard text.unicodeScalars.contains(where: { TextSafety.isUnsafe($0) && !keeping($0) }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if colours, scalar == "\u{1B}", let end = colourEnd(scalars, from: index) {
                result.append(contentsOf: scalars[index...end])
                index = end + 1
                continue
            }
            if TextSafety.isUnsafe(scalar), !keeping(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// The index of the `m` closing a colour sequence that starts at `start`.
    private static func colourEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == ";" { index += 1 }
        return index < scalars.count && scalars[index] == "m" ? index : nil
    }
}
