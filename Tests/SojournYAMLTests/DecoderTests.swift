import SojournYAML
import Testing

@Suite struct DecoderTests {
    enum Kind: String, Decodable, CaseIterable { case scale, text, choice }

    struct Question: Decodable, Equatable {
        var id: String
        var kind: Kind
        var required: Bool?
    }

    struct Config: Decodable, Equatable {
        var title: String
        var questions: [Question]
        var limit: Int?
        var weight: Double?
        var names: [String: Int]?
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws(DiagnosticError) -> T {
        let node = try! load(text)
        return try NodeDecoder().decode(T.self, from: node)
    }

    func problems<T: Decodable>(_ type: T.Type, _ text: String) -> String {
        do {
            _ = try decode(T.self, text)
            return "decoded"
        } catch {
            return rendered(error.diagnostics, text: text)
        }
    }

    @Test func decodesNestedValues() throws {
        let config = try decode(Config.self, """
            title: Pairing
            questions:
              - {id: q1, kind: scale, required: true}
              - {id: q2, kind: text}
            limit: 3
            weight: 2
            names: {a: 1}
            """)
        #expect(config == Config(
            title: "Pairing",
            questions: [Question(id: "q1", kind: .scale, required: true), Question(id: "q2", kind: .text, required: nil)],
            limit: 3, weight: 2, names: ["a": 1]))
    }

    @Test func reportsEveryProblemAtItsNode() {
        let text = """
            title: Pairing
            questions:
              - {id: q1, kind: scael, requird: true}
            limit: three
            weight: [1]
            """
        #expect(problems(Config.self, text) == """
            test.yaml:3:20: error: unknown value 'scael'; expected 'scale', 'text' or 'choice'; did you mean 'scale'?
              - {id: q1, kind: scael, requird: true}
                               ^~~~~
            test.yaml:3:27: error: unknown key 'requird'; did you mean 'required'?
              - {id: q1, kind: scael, requird: true}
                                      ^~~~~~~
            test.yaml:4:8: error: expected a whole number, found text 'three'
            limit: three
                   ^~~~~
            test.yaml:5:9: error: expected a number, found a list
            weight: [1]
                    ^

            """)
    }

    @Test func unknownKeysGetADidYouMean() {
        let text = "title: x\nquestions: [{id: a, kind: text, requird: true}]\ntitel: y\n"
        #expect(problems(Config.self, text) == """
            test.yaml:2:33: error: unknown key 'requird'; did you mean 'required'?
            questions: [{id: a, kind: text, requird: true}]
                                            ^~~~~~~
            test.yaml:3:1: error: unknown key 'titel'; did you mean 'title'?
            titel: y
            ^~~~~

            """)
    }

    @Test func missingRequiredKeyPointsAtTheMapping() {
        #expect(problems(Config.self, "questions: []\n") == """
            test.yaml:1:1: error: missing required key 'title'
            questions: []
            ^

            """)
    }

    @Test func yesIsNotABoolean() {
        struct Flag: Decodable { var on: Bool }
        #expect(problems(Flag.self, "on: yes\n") == """
            test.yaml:1:5: error: expected true or false, found text 'yes'; write true or false
            on: yes
                ^~~

            """)
    }

    @Test func locatedValuesKeepTheirPosition() throws {
        struct Roles: Decodable { var roles: [Located<String>] }
        let roles = try decode(Roles.self, "roles:\n  - mentor\n  - coach\n").roles
        #expect(roles.map(\.value) == ["mentor", "coach"])
        #expect(roles.map(\.location) == [
            SourceLocation(file: "test.yaml", line: 2, column: 5),
            SourceLocation(file: "test.yaml", line: 3, column: 5),
        ])
    }

    @Test func shapeOfADecodableType() {
        #expect(ShapeProbe.shape(of: Config.self) == .mapping([
            ShapeKey(name: "title", shape: .text, required: true),
            ShapeKey(name: "questions", shape: .list(.mapping([
                ShapeKey(name: "id", shape: .text, required: true),
                ShapeKey(name: "kind", shape: .choice(["scale", "text", "choice"]), required: true),
                ShapeKey(name: "required", shape: .boolean, required: false),
            ])), required: true),
            ShapeKey(name: "limit", shape: .integer, required: false),
            ShapeKey(name: "weight", shape: .number, required: false),
            ShapeKey(name: "names", shape: .dictionary(.integer), required: false),
        ]))
    }
}
