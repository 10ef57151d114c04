import SojournKit

/// A JSON Schema (draft-07) of the workflow language, including each compiled-in
/// plugin's `with:`, for the YAML language server's completion and checks in editors.
public enum LanguageSchema {
    /// The schema for workflows that may use `plugins`.
    public static func json(plugins: PluginRegistry) -> JSON {
        var definitions: [(String, JSON)] = [
            ("field", object(LanguageSpec.field, extra: [:])),
            ("phase", object(LanguageSpec.phase, extra: [
                "steps": .object([("type", "array"), ("minItems", 1), ("items", ref("step"))]),
            ])),
            ("step", step(plugins: plugins)),
            ("repeatSegment", object(LanguageSpec.repeatSegment, extra: [:])),
        ]
        for plugin in plugins.all {
            var schema = shape(plugin.configurationShape, descriptions: plugin.keyDescriptions, path: "")
            schema = with(schema, description: "Settings of the '\(plugin.name)' plugin: \(plugin.summary)")
            definitions.append(("with-" + plugin.name, schema))
        }
        let fieldOrType: JSON = .object([("oneOf", [
            ref("field"),
            .object([("enum", .array(FieldType.allCases.map { .string($0.rawValue) })), ("description", "The field's type (short form).")]),
        ])])
        return .object([
            ("$schema", "http://json-schema.org/draft-07/schema#"),
            ("title", "Sojourn workflow"),
            ("description", "A Sojourn workflow file; see Docs/workflow-language.md."),
        ] + objectBody(LanguageSpec.workflow, extra: [
            "fields": .object([("type", "object"), ("description", "The data HR gives when a case opens, by name."), ("additionalProperties", fieldOrType)]),
            "phases": .object([("type", "array"), ("minItems", 1), ("description", "The phases, in order."), ("items", ref("phase"))]),
        ]) + [("definitions", .object(definitions))])
    }

    private static func ref(_ name: String) -> JSON {
        .object([("$ref", .string("#/definitions/\(name)"))])
    }

    private static func with(_ schema: JSON, description: String) -> JSON {
        guard case .object(var pairs) = schema else { return schema }
        pairs.removeAll { $0.0 == "description" }
        pairs.insert(("description", .string(description)), at: 0)
        return .object(pairs)
    }

    /// An object's schema from its language spec; `extra` replaces some keys' schemas.
    private static func object(_ spec: LanguageSpec.Object, extra: [String: JSON]) -> JSON {
        .object(objectBody(spec, extra: extra))
    }

    private static func objectBody(_ spec: LanguageSpec.Object, extra: [String: JSON]) -> [(String, JSON)] {
        let properties: [(String, JSON)] = spec.keys.map { key in
            (key.name, with(extra[key.name] ?? key.schema, description: key.summary))
        }
        return [
            ("type", "object"),
            ("required", .array(spec.required.map(JSON.string))),
            ("additionalProperties", false),
            ("properties", .object(properties)),
        ]
    }

    private static func step(plugins: PluginRegistry) -> JSON {
        let repeatSchema: JSON = .object([("oneOf", [ref("repeatSegment"), .object([("type", "array"), ("items", ref("repeatSegment"))])])])
        let uses: JSON = .object([("enum", .array(plugins.names.map(JSON.string)))])
        guard case .object(var body) = object(LanguageSpec.step, extra: ["uses": uses, "repeat": repeatSchema]) else { return .null }
        let conditions: [JSON] = plugins.all.map { plugin in
            .object([
                ("if", .object([("properties", .object([("uses", .object([("const", .string(plugin.name))]))])), ("required", ["uses"])])),
                ("then", .object([("properties", .object([("with", ref("with-" + plugin.name))]))])),
            ])
        }
        body.append(("allOf", .array(conditions)))
        return .object(body)
    }

    /// A plugin configuration's shape as JSON Schema.
    static func shape(_ shape: ValueShape, descriptions: [String: String], path: String) -> JSON {
        var schema: [(String, JSON)]
        switch shape {
        case .text: schema = [("type", "string")]
        case .formatted(let name, _): schema = name == "date" ? [("type", "string"), ("format", "date")] : [("type", "string")]
        case .integer: schema = [("type", "integer")]
        case .number: schema = [("type", "number")]
        case .boolean: schema = [("type", "boolean")]
        case .choice(let words): schema = [("enum", .array(words.map(JSON.string)))]
        case .any: schema = []
        case .list(let element): schema = [("type", "array"), ("items", Self.shape(element, descriptions: descriptions, path: path))]
        case .dictionary(let value): schema = [("type", "object"), ("additionalProperties", Self.shape(value, descriptions: descriptions, path: path))]
        case .oneOf(let shapes): schema = [("oneOf", .array(shapes.map { Self.shape($0, descriptions: descriptions, path: path) }))]
        case .mapping(let keys):
            schema = [
                ("type", "object"),
                ("additionalProperties", false),
                ("properties", .object(keys.map { key in
                    let keyPath = path.isEmpty ? key.name : "\(path).\(key.name)"
                    var property = Self.shape(key.shape, descriptions: descriptions, path: keyPath)
                    if let description = descriptions[keyPath] { property = with(property, description: description) }
                    return (key.name, property)
                })),
            ]
            let required = keys.filter(\.required).map(\.name)
            if !required.isEmpty { schema.insert(("required", .array(required.map(JSON.string))), at: 1) }
        }
        return .object(schema)
    }
}
