import SojournKit
import Testing

/// The checks `validate` calls: each message names what would do instead.
@Suite struct PluginValidationContextTests {
    let at = SourceLocation(file: "with.yaml", line: 2, column: 9)

    func context(fields: [String: FieldKind]) -> PluginValidationContext {
        PluginValidationContext(stepID: "step", roles: ["employee", "hr"], fieldNames: fields.keys.sorted(), fields: fields, stepIDs: [],
                                configurationLocation: SourceLocation(file: "with.yaml", line: 1, column: 1))
    }

    @Test func anUnknownFieldIsListedWithTheFieldsThereAre() {
        var context = context(fields: ["host_country": .country, "return": .date])
        context.checkField(Located("hst_country", at: at))
        #expect(context.diagnostics.map(\.description) == [
            "with.yaml:2:9: error: unknown field 'hst_country'; the workflow's fields are 'host_country' and 'return'; did you mean 'host_country'?",
        ])
    }

    @Test func aFieldOfAnotherKindIsRefusedWithTheFieldsThatWouldDo() {
        var context = context(fields: ["destination": .text, "host_country": .country, "home_country": .country])
        context.checkField(Located("destination", at: at), kinds: [.country])
        context.checkField(Located("host", at: at), kinds: [.country])
        context.checkField(Located("host_country", at: at), kinds: [.country])
        #expect(context.diagnostics.map(\.description) == [
            "with.yaml:2:9: error: field 'destination' is text; a country field is needed here; the country fields are 'home_country' and 'host_country'",
            "with.yaml:2:9: error: unknown field 'host'; the country fields are 'home_country' and 'host_country'",
        ])
    }
}
