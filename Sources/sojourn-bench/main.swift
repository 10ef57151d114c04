import Foundation
import CompiledPlugins
import SojournCore
import SojournKit

// Benchmarks for Docs/performance.md. Run in release mode:
//   swift run -c release sojourn-bench
// Each comparison times the subject and its reference alternately, 15 times each after a
// warm-up, by the thread's CPU time, and reports the medians and the median ratio.
// `sojourn-bench --profile-yaml` loops over the YAML load alone, for `perf record`.

let plugins = try PluginRegistry(compiledPlugins)
let calendars = CalendarLibrary.bundled

/// The package's folder and its release `sojourn`, which the process benchmarks run; stops
/// with what to do when it is not built.
func releaseSojourn() -> (root: URL, sojourn: String) {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let sojourn = root.appendingPathComponent(".build/release/sojourn").path
    guard FileManager.default.isExecutableFile(atPath: sojourn) else {
        print("build the release binary first: swift build -c release")
        exit(1)
    }
    return (root, sojourn)
}

if CommandLine.arguments.dropFirst().first == "cases" {
    // The case engine: `swift build -c release && swift run -c release sojourn-bench cases [N…]`.
    let (root, sojourn) = releaseSojourn()
    let sizes = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try CaseBenchmark.run(cases: sizes.isEmpty ? [10_000, 100_000] : sizes, sojourn: sojourn, workflow: root.appendingPathComponent("Workflows/international-assignment.yaml").path)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "report" {
    // The report on the demo's databases: `swift build -c release && swift run -c release sojourn-bench report [N…]`.
    let (root, sojourn) = releaseSojourn()
    let sizes = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try ReportBenchmark.run(sizes: sizes.isEmpty ? [20, 200] : sizes, sojourn: sojourn, root: root)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "scale" {
    // How costs grow: `swift build -c release && swift run -c release sojourn-bench scale`.
    let sojourn = releaseSojourn().sojourn
    try ScaleBenchmark.run(sojourn: sojourn)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "peer" {
    // Beside SpiffWorkflow: `swift build -c release && swift run -c release sojourn-bench peer [N]`.
    let (root, sojourn) = releaseSojourn()
    let count = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1_000
    try PeerBenchmark.run(cases: count, sojourn: sojourn, root: root)
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "--profile-yaml" {
    // A loop for profilers (perf record): the 5 MB load alone, kept in memory.
    let bytes = Array(Generators.yamlDocument(bytes: 1 << 20).utf8)
    var kept: [[Node]] = []
    for _ in 0..<2 { kept = [try YAMLLoader().loadStream(bytes: bytes, file: "bench.yaml")] }
    for _ in 0..<2 { _ = YAMLLoader.libyamlEventCount(bytes) }
    print(kept.count)
    exit(0)
}

print("| Benchmark | Input | Sojourn | Reference (same run) | Ratio |")
print("|---|---|---|---|---|")

// 1. A 5 MB YAML file: the loader against libyaml's bare event parse.
let document = Generators.yamlDocument(bytes: 5 << 20)
let documentBytes = Array(document.utf8)
let events = YAMLLoader.libyamlEventCount(documentBytes) ?? 0
let yaml = try Stopwatch.compare({
    try YAMLLoader().loadStream(bytes: documentBytes, file: "bench.yaml")
}, against: {
    YAMLLoader.libyamlEventCount(documentBytes)
})
print("| Load 5 MB of YAML into nodes | \(documentBytes.count) bytes, \(events) events | \(Stopwatch.format(yaml.subject)) | libyaml event parse: \(Stopwatch.format(yaml.reference)) | \(String(format: "%.2fx", yaml.ratio)) |")
var tree = try YAMLLoader().loadStream(bytes: documentBytes, file: "bench.yaml")
let freeing = Stopwatch.time { tree = [] }
print("| Free the loaded 5 MB tree (not part of loading) | \(documentBytes.count) bytes | \(Stopwatch.format(freeing)) | | |")

// 2. A workflow of 2,000 steps: load and validate, against the bare parse and our load.
let workflowText = Generators.workflow(phases: 100, stepsPerPhase: 20)
let workflowBytes = Array(workflowText.utf8)
let source = SourceFile(path: "generated.yaml", text: workflowText)
let loader = WorkflowLoader(plugins: plugins)
let check = loader.load(source, calendars: calendars)
guard check.workflow != nil else {
    print(DiagnosticRenderer(sources: ["generated.yaml": source]).render(check.diagnostics))
    fatalError("the generated workflow is invalid")
}
let workflowYAML = try Stopwatch.compare({ try YAMLLoader().loadDocument(source) }, against: { YAMLLoader.libyamlEventCount(workflowBytes) })
let validated = Stopwatch.compare({ loader.load(source, calendars: calendars) }, against: { YAMLLoader.libyamlEventCount(workflowBytes) })
print("| Load a 2,000-step workflow into nodes | \(workflowBytes.count) bytes | \(Stopwatch.format(workflowYAML.subject)) | libyaml event parse: \(Stopwatch.format(workflowYAML.reference)) | \(String(format: "%.2fx", workflowYAML.ratio)) |")
print("| Load and validate a 2,000-step workflow | \(workflowBytes.count) bytes | \(Stopwatch.format(validated.subject)) | libyaml event parse: \(Stopwatch.format(validated.reference)) | \(String(format: "%.1fx", validated.ratio)) |")
