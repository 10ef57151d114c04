import SojournYAML
import Testing

@Suite struct LoaderTests {
    @Test func nodesCarryFileLineAndColumn() throws {
        let root = try load("workflow: demo\nphases:\n  - id: pré\n    steps: [a, b]\n")
        #expect(root.location == SourceLocation(file: "test.yaml", line: 1, column: 1))
        #expect(root["workflow"]!.location == SourceLocation(file: "test.yaml", line: 1, column: 11))
        let phase = root["phases"]!.sequence![0]
        #expect(phase.location == SourceLocation(file: "test.yaml", line: 3, column: 5))
        #expect(phase["id"]!.location.column == 9)
        // Columns count characters, not bytes: 'b' comes after "é".
        #expect(phase["steps"]!.sequence![1].location == SourceLocation(file: "test.yaml", line: 4, column: 16))
    }

    @Test func syntaxErrorsArePositionedAtLibYAMLsMark() {
        let text = "a: [1, 2\nb: 3\n"
        let error = loadError(text)
        #expect(rendered([error!], text: text) == """
            test.yaml:2:2: error: invalid YAML: did not find expected ',' or ']'
            b: 3
             ^
            test.yaml:1:4: note: while parsing a flow sequence that starts here
            a: [1, 2
               ^

            """)
    }

    @Test func duplicateKeysNameBothPositions() {
        let text = "title: a\nroles: [x]\ntitle: b\n"
        #expect(rendered([loadError(text)!], text: text) == """
            test.yaml:3:1: error: duplicate key 'title' in this mapping; each key may appear once
            title: b
            ^~~~~
            test.yaml:1:1: note: first defined here
            title: a
            ^

            """)
    }

    @Test func keysAreComparedByValue() {
        #expect(loadError("1: a\n01: b\n")?.message == "duplicate key '01' in this mapping; each key may appear once")
        #expect(loadError("1: a\n'1': b\n") == nil)
    }

    @Test func anchorsAndAliases() throws {
        let root = try load("base: &b {every: 1w}\ncopy: *b\nlist: [&x 1, *x]\n")
        #expect(root["copy"]!["every"]!.text == "1w")
        #expect(root["copy"]!.location == SourceLocation(file: "test.yaml", line: 2, column: 7))
        #expect(root["list"]!.sequence!.map(\.text) == ["1", "1"])
    }

    @Test func mergeKeys() throws {
        let root = try load("""
            defaults: &d {owner: mentor, due: start + 1w}
            step:
              <<: *d
              owner: coach
            two:
              <<: [{a: 1}, {a: 2, b: 3}]
            """)
        let step = root["step"]!
        #expect(step["owner"]!.text == "coach")
        #expect(step["due"]!.text == "start + 1w")
        #expect(step.mapping!.count == 2)
        #expect(root["two"]!["a"]!.text == "1")
        #expect(root["two"]!["b"]!.text == "3")
    }

    @Test func mergeKeyNeedsAMapping() {
        #expect(loadError("a:\n  <<: 3\n")?.description == "test.yaml:2:7: error: a merge key '<<' takes a mapping or a list of mappings, not number 3")
    }

    @Test func unknownAnchor() {
        #expect(loadError("a: *nope\n")?.description == "test.yaml:1:4: error: unknown anchor 'nope'; define it with '&nope' before using '*nope'")
    }

    @Test func multiDocumentStreams() throws {
        let source = SourceFile(path: "test.yaml", text: "a: 1\n---\nb: 2\n")
        #expect(try YAMLLoader().loadStream(source).count == 2)
        #expect(throws: Diagnostic.error(
            "the file holds 2 YAML documents; it must hold exactly one",
            at: SourceLocation(file: "test.yaml", line: 3, column: 1),
            notes: [Diagnostic.Note("the first document starts here", at: SourceLocation(file: "test.yaml", line: 1, column: 1))])
        ) { try YAMLLoader().loadDocument(source) }
    }

    @Test func emptyFile() {
        #expect(loadError("")?.description == "test.yaml:1:1: error: the file holds no YAML document; it is empty")
        #expect(loadError("# only a comment\n")?.message == "the file holds no YAML document; it is empty")
    }
}
