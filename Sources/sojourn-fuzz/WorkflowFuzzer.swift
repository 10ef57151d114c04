import CompiledPlugins
import Foundation
import SojournCore
import SojournYAML

/// One input through the YAML loader and, when it is UTF-8, the workflow reader and
/// validator: any input must give a result or positioned diagnostics, never a crash, a
/// hang or unbounded memory.
enum WorkflowFuzzer {
    static let registry: PluginRegistry? = try? PluginRegistry(compiledPlugins)

    static func run(_ bytes: [UInt8]) {
        _ = try? YAMLLoader().loadStream(bytes: bytes, file: "fuzz.yaml")
        guard let text = String(validating: bytes, as: UTF8.self), let registry else { return }
        let result = WorkflowLoader(plugins: registry).load(SourceFile(path: "fuzz.yaml", text: text), calendars: CalendarLibrary(directory: nil))
        // Rendering what was found must not fail either (it quotes the input's lines).
        _ = DiagnosticRenderer(sources: result.source.map { [$0.path: $0] } ?? [:]).render(result.diagnostics)
    }
}

#if SOJOURN_FUZZ
/// libFuzzer's driver, linked in by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM names it after the module): hands the command
/// line to libFuzzer, which calls back with each input. Built with `swift build -c release
/// --product sojourn-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DSOJOURN_FUZZ`; see
/// Docs/performance.md.
@_cdecl("sojourn_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        WorkflowFuzzer.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
#else
/// Without the fuzzer: runs each file given (a corpus, or the findings) through the same
/// code once, for replaying what the fuzzer found.
@main
struct FuzzReplay {
    static func main() throws {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            let files = isFolder.boolValue ? (try FileManager.default.contentsOfDirectory(atPath: path)).sorted().map { "\(path)/\($0)" } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                WorkflowFuzzer.run([UInt8](data))
                count += 1
            }
        }
        print("ran \(count) inputs")
    }
}
#endif
