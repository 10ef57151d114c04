import SojournYAML
import Testing

@Suite struct ScalarResolutionTests {
    @Test(arguments: [
        ("null", ScalarValue.null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
        ("true", .bool(true)), ("True", .bool(true)), ("FALSE", .bool(false)),
        ("0", .int(0)), ("-12", .int(-12)), ("+7", .int(7)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("1.5", .float(1.5)), ("-.5", .float(-0.5)), ("1e3", .float(1000)), (".inf", .float(.infinity)),
        ("-.Inf", .float(-.infinity)),
        // YAML 1.1 booleans are strings in 1.2: `host_country: NO` is Norway.
        ("NO", .string("NO")), ("yes", .string("yes")), ("on", .string("on")), ("off", .string("off")),
        ("y", .string("y")), ("0x", .string("0x")), ("1.2.3", .string("1.2.3")), ("2027-01-15", .string("2027-01-15")),
        ("nullable", .string("nullable")), ("1e", .string("1e")), (".", .string(".")),
    ])
    func plainScalars(text: String, expected: ScalarValue) throws {
        let node = try load("v: \(text)\n")["v"]!
        #expect(node.resolvedValue == expected)
    }

    @Test func notANumber() throws {
        guard case .float(let value) = try load("v: .nan\n")["v"]!.resolvedValue else {
            Issue.record("expected a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test(arguments: ["'true'", "\"12\"", "\"null\"", "'~'"])
    func quotedScalarsAreAlwaysStrings(text: String) throws {
        let node = try load("v: \(text)\n")["v"]!
        #expect(node.resolvedValue == .string(String(text.dropFirst().dropLast())))
    }

    @Test func blockScalarsAreStrings() throws {
        #expect(try load("v: |\n  12\n")["v"]!.resolvedValue == .string("12\n"))
    }

    @Test func explicitTags() throws {
        let node = try load("a: !!str 12\nb: !!int \"3\"\nc: !!float 2\nd: ! true\n")
        #expect(node["a"]!.resolvedValue == .string("12"))
        #expect(node["b"]!.resolvedValue == .int(3))
        #expect(node["c"]!.resolvedValue == .float(2))
        #expect(node["d"]!.resolvedValue == .string("true"))
    }
}
