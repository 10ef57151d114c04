import Foundation

/// Paths the tests read from.
enum TestPaths {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/yaml-test-suite` beside the checkout, or `$YAML_TEST_SUITE`.
    static var yamlTestSuite: URL {
        if let path = ProcessInfo.processInfo.environment["YAML_TEST_SUITE"] {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
    }
}
