import SojournYAML
import Testing

@Suite struct HostileInputTests {
    /// Nine levels of ten-fold aliases: a billion nodes if expanded.
    static let billionLaughs: String = {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(refs)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func billionLaughsIsRefused() {
        let error = loadError(Self.billionLaughs)
        #expect(error?.description == "test.yaml:5:45: error: aliases expand to more than 100000 nodes; the file repeats itself too much to load safely")
    }

    @Test func deepNestingIsRefusedWithoutOverflowingTheStack() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(loadError(text)?.description == "test.yaml:1:257: error: the data is nested more than 256 levels deep")
    }

    @Test func nestingWithinTheLimitLoads() throws {
        let text = String(repeating: "[", count: 200) + "x" + String(repeating: "]", count: 200)
        var node = try load(text)
        for _ in 0..<200 { node = node.sequence![0] }
        #expect(node.text == "x")
    }

    @Test func inputSizeIsBounded() {
        let limits = LoaderLimits(maxInputBytes: 100)
        let text = "a: " + String(repeating: "x", count: 200) + "\n"
        #expect(loadError(text, limits: limits)?.description == "test.yaml:1:1: error: the file is 204 bytes; the limit is 100 bytes")
    }

    @Test func invalidUTF8IsRejectedWithAPosition() {
        let bytes: [UInt8] = Array("title: ok\nname: caf".utf8) + [0xFF] + Array("\n".utf8)
        #expect(throws: Diagnostic.error(
            "the file is not valid UTF-8 (invalid leading UTF-8 octet); save it as UTF-8",
            at: SourceLocation(file: "bad.yaml", line: 2, column: 10))
        ) { try YAMLLoader().loadStream(bytes: bytes, file: "bad.yaml") }
    }

    @Test func selfReferenceIsRefused() {
        #expect(loadError("a: &x [1, *x]\n")?.message == "alias '*x' refers to a node that contains it; YAML data cannot contain itself")
    }
}
