import Foundation
import Testing

/// `sojourn plugins new`, run on a copy of the three files it edits.
@Suite struct PluginsNewCommandTests {
    func scratchPackage() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-scaffold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Plugins/CompiledPlugins"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Docs/plugins"), withIntermediateDirectories: true)
        for file in ["Package.swift", "Plugins/CompiledPlugins/CompiledPlugins.swift", "Docs/plugins/README.md"] {
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent(file), to: root.appendingPathComponent(file))
        }
        return root
    }

    @Test func scaffoldsAPluginAndRegistersIt() throws {
        let root = try scratchPackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let packageBefore = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let indexBefore = try String(contentsOf: root.appendingPathComponent("Docs/plugins/README.md"), encoding: .utf8)
        let result = try CLI.run(["plugins", "new", "buddy-check", "--package", root.path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == """
            created plugin 'buddy-check' (BuddyCheckPlugin in target BuddyCheckStep)
              Plugins/BuddyCheck/BuddyCheckPlugin.swift
              Tests/BuddyCheckStepTests/BuddyCheckPluginTests.swift
              Docs/plugins/buddy-check.md
              Package.swift: "BuddyCheck" added to stepPlugins
              Plugins/CompiledPlugins/CompiledPlugins.swift: BuddyCheckPlugin registered
              Docs/plugins/README.md: a row for 'buddy-check' (say there what the step is for)
            Next: swift build && swift test --filter BuddyCheckStepTests, then shape the plugin, its page and its row (Docs/writing-a-plugin.md).

            """)
        // The guide shows this run as it is.
        let guide = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Docs/writing-a-plugin.md"), encoding: .utf8)
        #expect(guide.contains("```\n" + result.output + "```\n"), "Docs/writing-a-plugin.md shows another output of 'plugins new buddy-check'")
        // The index of plugin pages gets one row, at the end of its table.
        let index = try String(contentsOf: root.appendingPathComponent("Docs/plugins/README.md"), encoding: .utf8)
        let row = "| [`buddy-check`](buddy-check.md) | What the step is for, in a few words |\n"
        #expect(index.count == indexBefore.count + row.count, "one row added to Docs/plugins/README.md")
        let rows = index.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "|---|---|" }.dropFirst().prefix { $0.hasPrefix("|") }
        #expect(rows.last.map { $0 + "\n" } == Substring(row))
        for file in ["Plugins/BuddyCheck/BuddyCheckPlugin.swift", "Tests/BuddyCheckStepTests/BuddyCheckPluginTests.swift", "Docs/plugins/buddy-check.md"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path), "\(file)")
        }
        let plugin = try String(contentsOf: root.appendingPathComponent("Plugins/BuddyCheck/BuddyCheckPlugin.swift"), encoding: .utf8)
        #expect(plugin.contains("public struct BuddyCheckPlugin: StepPlugin {"))
        #expect(plugin.contains("public static let name = \"buddy-check\""))
        let package = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let listed = package.split(separator: "\n").filter { $0.hasPrefix("    \"") && $0.hasSuffix("\",") }
        #expect(listed.contains("    \"BuddyCheck\","))
        #expect(package.count == packageBefore.count + "    \"BuddyCheck\",\n".count, "one line added to Package.swift")
        // The import and the type go in order among those already there, whatever they are.
        let list = try String(contentsOf: root.appendingPathComponent("Plugins/CompiledPlugins/CompiledPlugins.swift"), encoding: .utf8)
        let imports = list.split(separator: "\n").filter { $0.hasPrefix("import ") && $0.hasSuffix("Step") }
        #expect(imports.contains("import BuddyCheckStep"))
        #expect(imports == imports.sorted())
        let types = list.split(separator: "\n").filter { $0.hasPrefix("    ") && $0.hasSuffix("Plugin.self,") }
        #expect(types.contains("    BuddyCheckPlugin.self,"))
        #expect(types == types.sorted())
        #expect(imports.count == types.count)

        // Again: the folder exists now, and nothing changes.
        let again = try CLI.run(["plugins", "new", "buddy-check", "--package", root.path])
        #expect(again.status == 1)
        #expect(again.error == "error: Plugins/BuddyCheck already exists; choose another name\n")
        #expect(try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8) == package)
        #expect(try String(contentsOf: root.appendingPathComponent("Docs/plugins/README.md"), encoding: .utf8) == index)
    }

    @Test func refusesNamesItCannotUse() throws {
        let root = try scratchPackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let taken = try CLI.run(["plugins", "new", "meeting", "--package", root.path])
        #expect(taken.status == 1)
        #expect(taken.error == "error: this build already has a plugin named 'meeting'; choose another name\n")
        let bad = try CLI.run(["plugins", "new", "Buddy_Check", "--package", root.path])
        #expect(bad.status == 2)
        #expect(bad.error.hasPrefix("Error: 'Buddy_Check' is not a plugin name; use lowercase letters, digits and single hyphens, starting with a letter, such as buddy-check\n"))
        let elsewhere = try CLI.run(["plugins", "new", "buddy-check", "--package", root.appendingPathComponent("Plugins").path])
        #expect(elsewhere.status == 1)
        #expect(elsewhere.error.contains("is not the Sojourn source folder"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Plugins/BuddyCheck").path))
    }
}
