import Foundation
import Testing

/// What the fuzzer found stays found: `sojourn-fuzz`, built without the fuzzer, runs each
/// saved input (Tests/Fixtures/Fuzz) and the seed corpus (the bundled workflows and, when
/// it is there, the YAML test suite) through the YAML loader and the workflow reader, as
/// the fuzzer does. A crash, a hang or a trap fails the test.
@Suite struct FuzzReplayTests {
    @Test func findingsAndSeedsRunCleanly() throws {
        let binary = CLI.executable.deletingLastPathComponent().appendingPathComponent("sojourn-fuzz")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build sojourn-fuzz (swift build builds every product)")
        var inputs = [CLI.packageRoot.appendingPathComponent("Tests/Fixtures/Fuzz").path, CLI.packageRoot.appendingPathComponent("Workflows").path]
        let suite = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
        if let cases = try? FileManager.default.contentsOfDirectory(atPath: suite.path) {
            inputs += cases.sorted().map { suite.appendingPathComponent($0).appendingPathComponent("in.yaml").path }.filter { FileManager.default.fileExists(atPath: $0) }
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = inputs
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let saved = try FileManager.default.contentsOfDirectory(atPath: inputs[0]).filter { !$0.hasPrefix(".") && $0 != "README.md" }.count
        #expect(output.hasPrefix("ran "), "\(output)")
        #expect(Int(output.dropFirst(4).prefix { $0.isNumber }) ?? 0 >= saved + 3, "\(output)")
    }
}
