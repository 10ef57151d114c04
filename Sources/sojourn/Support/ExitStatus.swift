import ArgumentParser

/// Exit statuses beyond success.
enum ExitStatus {
    /// The input has errors (an invalid workflow, a refused record).
    static let inputErrors = ExitCode(1)
}
