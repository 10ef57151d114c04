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
        let index = (try? String(contentsOf: Self.root.appendingPathComponent("Docs/plugins/README.md"), encoding: .utf8)) ?? ""
        for plugin in compiledPlugins {
            #expect(index.contains("| [`\(plugin.name)`](\(plugin.name).md) |"), "Docs/plugins/README.md has no row for '\(plugin.name)'; \(Self.fix)")
            let folder = Self.folderName(plugin.name)
            let tests = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Tests/\(folder)StepTests").path)) ?? []
            #expect(tests.contains { $0.hasSuffix(".swift") }, "Tests/\(folder)StepTests has no tests; \(Self.fix)")
            let page = Self.root.appendingPathComponent("Docs/plugins/\(plugin.name).md").path
            #expect(FileManager.default.fileExists(atPath: page), "Docs/plugins/\(plugin.name).md is missing: document with:, input and outputs")
        }
    }

    /// A private key that names no input key would leave the value in the history.
    @Test func everyPrivateInputKeyIsAnInputKey() {
        // With a plugin whose private key is nested, to check the walk through mappings.
        for plugin in compiledPlugins + [NestedSecretPlugin.self] {
            for key in plugin.privateInputKeys.sorted() {
                var shape = plugin.inputShape
                for part in key.split(separator: ".") {
                    guard case .mapping(let keys) = shape, let found = keys.first(where: { $0.name == part }) else {
                        Issue.record("\(plugin.name): private input key '\(key)' is not a key of its Input; name a key as `sojourn plugins list` shows it (a dotted key for a nested one)")
                        shape = .any
                        break
                    }
                    shape = found.shape
                }
            }
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

    /// Plugins and their tests build against the contract, the language and the harness
    /// only: never the engine or swift-crypto. Read from the manifest as SwiftPM resolves it
    /// (`swift package dump-package`), following dependencies through the package's targets.
    @Test func pluginsAndTheirTestsDependOnNeitherTheEngineNorSwiftCrypto() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Its own scratch path, so it does not wait for the lock of the build running the tests.
        process.arguments = ["swift", "package", "--scratch-path", scratch.path, "dump-package"]
        process.currentDirectoryURL = Self.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "swift package dump-package failed")

        struct Manifest: Decodable {
            struct Target: Decodable {
                var name: String
                var dependencies: [[String: [String?]]]
            }
            var targets: [Target]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        // Each target's direct dependencies: targets by name, products as "product:NAME".
        var direct: [String: [String]] = [:]
        for target in manifest.targets {
            direct[target.name] = target.dependencies.compactMap { dependency in
                if let names = dependency["byName"] ?? dependency["target"], let name = names.first ?? nil { return name }
                if let names = dependency["product"], let name = names.first ?? nil { return "product:" + name }
                return nil
            }
        }
        func closure(of name: String) -> Set<String> {
            var seen: Set<String> = [], queue = [name]
            while let next = queue.popLast() {
                for dependency in direct[next] ?? [] where seen.insert(dependency).inserted { queue.append(dependency) }
            }
            return seen
        }
        let checked = manifest.targets.map(\.name).filter { $0.hasSuffix("Step") || $0.hasSuffix("StepTests") } + ["SojournKitTesting"]
        #expect(checked.count == 2 * Self.packageList.count + 1, "every plugin and its tests: \(checked)")
        for name in checked {
            let reached = closure(of: name)
            #expect(!reached.contains("SojournCore") && !reached.contains("product:Crypto"), "\(name) depends on \(reached.sorted())")
        }
        #expect(closure(of: "SojournKitTesting") == ["SojournKit", "SojournLanguage", "SojournYAML", "CLibYAML"])
    }

    /// The worked example in Docs/writing-a-plugin.md is the shipped code: every block
    /// marked `<!-- excerpt: PATH -->` appears verbatim in that file.
    @Test func theGuidesExcerptsAreTheShippedCode() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("Docs/writing-a-plugin.md"), encoding: .utf8)
        let marker = "<!-- excerpt: "
        var excerpts = 0
        var rest = guide[...]
        while let found = rest.range(of: marker) {
            let line = rest[found.upperBound...].prefix { $0 != "\n" }
            let path = String(line.dropLast(" -->".count))
            let afterLine = rest[found.upperBound...].dropFirst(line.count + 1)
            guard afterLine.hasPrefix("```swift\n"), let close = afterLine.range(of: "\n```\n") else {
                Issue.record("the excerpt of \(path) is not followed by a ```swift block")
                break
            }
            let block = afterLine[afterLine.index(afterLine.startIndex, offsetBy: "```swift\n".count)..<close.lowerBound]
            let file = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(file.contains(block + "\n"), "Docs/writing-a-plugin.md quotes \(path) but it no longer reads:\n\(block)")
            excerpts += 1
            rest = afterLine[close.upperBound...]
        }
        #expect(excerpts == 10, "the guide quotes the visa plugin in six parts and four of its tests")
    }
}
