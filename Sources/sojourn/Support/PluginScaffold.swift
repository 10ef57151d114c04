import Foundation

/// What `sojourn plugins new NAME` writes: a plugin's folder with a compiling plugin, its
/// tests, its documentation page, its entry in the two lists that build it in
/// (`stepPlugins` in Package.swift and `compiledPlugins` in CompiledPlugins.swift) and its
/// row in the index of plugin pages (Docs/plugins/README.md).
/// Pure text in, text out; the command does the file system.
struct PluginScaffold {
    /// The `uses:` name: `buddy-check`.
    let name: String

    /// `BuddyCheck` for `buddy-check`: the folder, and the start of the target and type names.
    var typeBase: String { Self.typeBase(for: name) }
    var pluginType: String { typeBase + "Plugin" }
    var target: String { typeBase + "Step" }

    static func typeBase(for name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Why `name` cannot be a plugin name, if it cannot.
    static func problem(with name: String) -> String? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        let valid = !name.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        } && name.first!.isLetter
        return valid ? nil : "'\(name)' is not a plugin name; use lowercase letters, digits and single hyphens, starting with a letter, such as buddy-check"
    }

    /// Package.swift with the plugin added to `stepPlugins`, in order.
    func addingToPackage(_ text: String) throws -> String {
        try Self.insertSorted("    \"\(typeBase)\",", into: text, between: "let stepPlugins = [\n", and: "]\n", what: "the stepPlugins list in Package.swift")
    }

    /// CompiledPlugins.swift with the plugin's import and type added, in order.
    func addingToCompiledPlugins(_ text: String) throws -> String {
        var text = try Self.insertSorted("import \(target)", into: text, between: "public import SojournKit\n", and: "\n\n", what: "the imports of CompiledPlugins.swift")
        text = try Self.insertSorted("    \(pluginType).self,", into: text, between: "public let compiledPlugins: [any StepPlugin.Type] = [\n", and: "]\n", what: "the compiledPlugins list")
        return text
    }

    /// The index of plugin pages with a row for the plugin added at the end of its table.
    func addingToPluginIndex(_ text: String) throws -> String {
        let header = "| Plugin | For |\n|---|---|\n"
        guard let table = text.range(of: header) else {
            throw EditError(description: "cannot find the table of plugins in Docs/plugins/README.md; add a row for '\(name)' there by hand")
        }
        let row = "| [`\(name)`](\(name).md) | \(Self.indexPlaceholder) |\n"
        guard !text.contains("[`\(name)`](\(name).md)") else {
            throw EditError(description: "Docs/plugins/README.md already has a row for '\(name)'")
        }
        // The table ends at the first line that is not a row.
        var end = table.upperBound
        while end < text.endIndex, text[end] == "|", let newline = text[end...].firstIndex(of: "\n") {
            end = text.index(after: newline)
        }
        return String(text[..<end]) + row + String(text[end...])
    }

    /// What the new row says until the author writes what the step is for.
    static let indexPlaceholder = "What the step is for, in a few words"

    struct EditError: Error, CustomStringConvertible {
        var description: String
    }

    /// Inserts `line` among the lines between `start` and `end`, keeping them sorted.
    static func insertSorted(_ line: String, into text: String, between start: String, and end: String, what: String) throws -> String {
        guard let open = text.range(of: start), let close = text.range(of: end, range: open.upperBound..<text.endIndex) else {
            throw EditError(description: "cannot find \(what); add \(line.trimmingCharacters(in: .whitespaces)) there by hand")
        }
        let segment = text[open.upperBound..<close.lowerBound]
        var lines = segment.split(separator: "\n").map(String.init)
        guard !lines.contains(line) else { throw EditError(description: "\(what) already has \(line.trimmingCharacters(in: .whitespaces))") }
        lines.append(line)
        lines.sort()
        let trailing = segment.hasSuffix("\n") ? "\n" : ""
        return String(text[..<open.upperBound]) + lines.joined(separator: "\n") + trailing + String(text[close.lowerBound...])
    }

    /// The new files, by path from the package root.
    var files: [(path: String, text: String)] {
        [
            ("Plugins/\(typeBase)/\(pluginType).swift", pluginSource),
            ("Tests/\(target)Tests/\(pluginType)Tests.swift", testSource),
            ("Docs/plugins/\(name).md", documentation),
        ]
    }

    var pluginSource: String {
        """
        public import SojournKit

        /// One line on what the step does, for people reading the code.
        public struct \(pluginType): StepPlugin {
            /// What `with:` holds for this step. Decoding errors carry their position; use
            /// `Located<T>` for values `validate` reports on.
            public struct Configuration: Decodable, Sendable {
                /// What to tell the owner.
                public var instructions: String?
                /// How many confirmations complete the step (default 1).
                public var needed: Located<Int>?
            }

            /// What `sojourn record` accepts.
            public struct Input: Decodable, Sendable {
                /// A note about what was done.
                public var note: String
            }

            /// Kept between calls, stored with the step as JSON.
            public struct State: PluginState {
                public var notes: [String] = []
                public init() {}
            }

            public static let name = "\(name)"
            public static let summary = "One line for `sojourn plugins`: what this step is for."
            public static let keyDescriptions = [
                "instructions": "What to tell the owner.",
                "needed": "How many notes complete the step (default 1).",
            ]

            public static func validate(_ configuration: Configuration, in context: inout PluginValidationContext) {
                if let needed = configuration.needed, needed.value < 1 {
                    context.error("'needed' must be at least 1", at: needed.location)
                }
            }

            public static func outputs(for configuration: Configuration) -> [OutputDescription]? {
                [OutputDescription("notes", .number, "How many notes were recorded.")]
            }

            public static func start(_ context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
                .waiting(for: request(context))
            }

            /// What can be judged without the case: checked before anything is recorded.
            public static func check(_ input: Input, configuration: Configuration) -> [InputProblem] {
                input.note.allSatisfy(\\.isWhitespace) ? [InputProblem("the note is empty; say what was done", key: "note")] : []
            }

            /// Input that passed `check`; refuse here only what depends on the case.
            public static func record(_ input: Input, context: StepContext<Configuration>, state: inout State) throws -> StepOutcome {
                state.notes.append(input.note)
                let outputs: [String: PluginValue] = ["notes": .number(Double(state.notes.count))]
                guard state.notes.count >= (context.configuration.needed?.value ?? 1) else {
                    return .waiting(for: request(context), outputs: outputs)
                }
                return .completed(outputs)
            }

            static func request(_ context: StepContext<Configuration>) -> InputRequest {
                InputRequest(context.configuration.instructions ?? "Record a note", fields: [InputField("note", "text", required: true, "What was done.")])
            }
        }

        """
    }

    var testSource: String {
        """
        import \(target)
        import SojournKit
        import SojournKitTesting
        import Testing

        @Suite struct \(pluginType)Tests {
            let day = CalendarDate("2027-01-04")!

            @Test func checksItsSettings() {
                #expect(PluginHarness<\(pluginType)>.configure("instructions: Write it down\\nneeded: 2\\n").diagnostics == [])
                #expect(PluginHarness<\(pluginType)>.configure("needed: 0\\n").diagnostics == ["with.yaml:1:9: error: 'needed' must be at least 1"])
            }

            @Test func completesWhenEnoughNotesAreRecorded() throws {
                var run = try PluginRun<\(pluginType)>(configuration: "needed: 2", started: day)
                #expect(try run.start().status == .waiting)
                #expect(try run.record("note: first").status == .waiting)
                #expect(try run.record("note: second") == .completed(["notes": .number(2)]))
            }

            @Test func refusesAnEmptyNote() throws {
                var run = try PluginRun<\(pluginType)>(started: day)
                _ = try run.start()
                #expect(try run.check("note: ' '") == [InputProblem("the note is empty; say what was done", key: "note")])
                #expect(throws: InputProblem("the note is empty; say what was done", key: "note")) { try run.record("note: ' '") }
            }
        }

        """
    }

    var documentation: String {
        """
        # `\(name)`

        One paragraph for HR authors: what the step is for and when to use it.

        ```yaml
        - id: example
          uses: \(name)
          owner: employee
          with:
            instructions: Write down what was agreed
            needed: 1
        ```

        ## Settings (`with:`)

        | Key | Type | Meaning |
        |---|---|---|
        | `instructions` | text | What to tell the owner. |
        | `needed` | number | How many notes complete the step (default 1). |

        ## Input (`sojourn record`)

        | Key | Type | Meaning |
        |---|---|---|
        | `note` | text, required | What was done. |

        ## Outputs

        | Output | Type | Meaning |
        |---|---|---|
        | `notes` | number | How many notes were recorded. |

        """
    }
}
