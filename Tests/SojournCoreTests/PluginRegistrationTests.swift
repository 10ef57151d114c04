import CompiledPlugins
import Foundation
import SojournKit
import Testing

/// The step plugins are listed in three places that must agree: the folders under
/// Plugins/, `stepPlugins` in Package.swift, and `compiledPlugins`. Each also needs its
/// tests and its documentation page.
@Suite struct PluginRegistrationTests {
    static let root = TestSupport.packageRoot
    static let fix = "create plugins with 'sojourn plugins new NAME', which adds all of these"

    static func folderName(_ plugin: String) -> String {
        plugin.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static var packageList: [String] {
        let text = (try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)) ?? ""
        guard let start = text.range(of: "let stepPlugins = ["), let end = text.range(of: "]", range: start.upperBound..<text.endIndex) else { return [] }
        return text[start.upperBound..<end.lowerBound].split(whereSeparator: { $0 == "," || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            .filter { !$0.isEmpty }
    }

    static var folders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Plugins").path)) ?? []
        return names.filter { $0 != "CompiledPlugins" && !$0.hasPrefix(".") }.sorted()
    }

    @Test func foldersPackageAndRegistryAgree() {
        let listed = Self.packageList
        #expect(!listed.isEmpty, "cannot read stepPlugins from Package.swift")
        for folder in Self.folders where !listed.contains(folder) {
            Issue.record("Plugins/\(folder) is not in stepPlugins in Package.swift; add \"\(folder)\" there, or \(Self.fix)")
        }
        for name in listed where !Self.folders.contains(name) {
            Issue.record("stepPlugins in Package.swift lists \(name) but there is no Plugins/\(name)")
        }
        let registered = compiledPlugins.map { Self.folderName($0.name) }
        for name in listed where !registered.contains(name) {
            Issue.record("\(name) is built but not registered: add \(name)Plugin.self to compiledPlugins in Plugins/CompiledPlugins/CompiledPlugins.swift, or \(Self.fix)")
        }
        #expect(Set(registered) == Set(listed))
    }

    @Test func everyPluginHasTestsAndADocumentationPage() {
        for plugin in compiledPlugins {
            let folder = Self.folderName(plugin.name)
            let tests = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Tests/\(folder)StepTests").path)) ?? []
            #expect(tests.contains { $0.hasSuffix(".swift") }, "Tests/\(folder)StepTests has no tests; \(Self.fix)")
            let page = Self.root.appendingPathComponent("Docs/plugins/\(plugin.name).md").path
            #expect(FileManager.default.fileExists(atPath: page), "Docs/plugins/\(plugin.name).md is missing: document with:, input and outputs")
        }
    }

    @Test func everyDocumentationPageNamesEachSettingAndOutput() throws {
        for plugin in compiledPlugins {
            guard let page = try? String(contentsOf: Self.root.appendingPathComponent("Docs/plugins/\(plugin.name).md"), encoding: .utf8) else { continue }
            for key in plugin.keyDescriptions.keys.sorted() where !page.contains("`\(key)`") {
                Issue.record("Docs/plugins/\(plugin.name).md does not describe the setting `\(key)`")
            }
        }
    }
}
