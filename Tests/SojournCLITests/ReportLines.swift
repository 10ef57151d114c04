/// The figure lines of `sojourn report`'s text, each with its runs of spaces made one,
/// so a test names a figure, its value and its counts without the column widths.
enum ReportLines {
    static func figures(_ output: String) -> [String] {
        output.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
    }
}
