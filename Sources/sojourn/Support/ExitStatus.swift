import ArgumentParser

/// Exit statuses beyond success.
enum ExitStatus {
    /// The input has errors (an invalid workflow, a refused record).
    static let inputErrors = ExitCode(1)
    /// Standard output could not be written (a full disk, a closed pipe); a raw status
    /// for `exit`, since it ends the process from wherever the write failed.
    static let outputFailed: Int32 = 74
}
