import SojournKit
import Testing

/// `Located<T>` keeps `T`'s shape: an enum's choices survive, and so do the keys after it.
@Suite struct LocatedShapeTests {
    enum Filter: String, Decodable, CaseIterable, Sendable { case active, asleep }
    struct Configuration: Decodable {
        var must: [Located<Filter>]
        var one: Located<Filter>?
        var after: Int?
    }

    @Test func anEnumInsideLocatedKeepsItsChoicesAndTheKeysAfterIt() {
        #expect(ShapeProbe.shape(of: Configuration.self) == .mapping([
            ShapeKey(name: "must", shape: .list(.choice(["active", "asleep"])), required: true),
            ShapeKey(name: "one", shape: .choice(["active", "asleep"]), required: false),
            ShapeKey(name: "after", shape: .integer, required: false),
        ]))
    }

    @Test func theDecoderAcceptsEveryKeyAndRefusesAWrongChoiceAtItsPosition() throws {
        let source = SourceFile(path: "with.yaml", text: "must: [active, asleeep]\nafter: 3\n")
        let node = try YAMLLoader().loadDocument(source)
        #expect(throws: DiagnosticError.self) { try NodeDecoder().decode(Configuration.self, from: node) }
        do {
            _ = try NodeDecoder().decode(Configuration.self, from: node)
        } catch {
            #expect(error.diagnostics.map(\.description) == ["with.yaml:1:16: error: unknown value 'asleeep'; expected 'active' or 'asleep'; did you mean 'asleep'?"])
        }
        let good = try NodeDecoder().decode(Configuration.self, from: try YAMLLoader().loadDocument(SourceFile(path: "with.yaml", text: "must: [active]\nafter: 3\n")))
        #expect(good.must.map(\.value) == [.active])
        #expect(good.after == 3)
    }
}
