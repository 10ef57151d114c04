// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target we own: Swift 6 language mode plus the upcoming
/// features Hummingbird 2 turns on, so imports stay private unless re-exported on purpose.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The step plugins compiled into `sojourn`. Each lives in its own folder under `Plugins/`
/// and depends on SojournKit only. To add one: a `.target` here, the target name in
/// `stepPluginTargets`, and one line in `Plugins/CompiledPlugins/CompiledPlugins.swift`.
let stepPluginTargets = ["Task"]

let package = Package(
    name: "Sojourn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sojourn", targets: ["sojourn"]),
        .library(name: "SojournKit", targets: ["SojournKit"]),
        .library(name: "SojournCore", targets: ["SojournCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
    ],
    targets: [
        // C: the system libyaml, imported in exactly one Swift file.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),

        // YAML: source files, positions, diagnostics, the node tree and its Decoder.
        .target(
            name: "SojournYAML",
            dependencies: ["CLibYAML"],
            swiftSettings: strictSettings
        ),

        // The contract step plugins are written against.
        .target(
            name: "SojournKit",
            dependencies: ["SojournYAML"],
            swiftSettings: strictSettings
        ),

        // The engine: workflow model, language, validation, scheduling.
        .target(
            name: "SojournCore",
            dependencies: [
                "SojournKit",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),

        // Step plugins, one target each, plus the one list of compiled-in plugins.
        .target(name: "Task", dependencies: ["SojournKit"], path: "Plugins/Task", swiftSettings: strictSettings),
        .target(
            name: "CompiledPlugins",
            dependencies: ["SojournKit"] + stepPluginTargets.map { .target(name: $0) },
            path: "Plugins/CompiledPlugins",
            swiftSettings: strictSettings
        ),

        // The command-line tool.
        .executableTarget(
            name: "sojourn",
            dependencies: [
                "SojournCore",
                "CompiledPlugins",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Rainbow", package: "Rainbow"),
            ],
            swiftSettings: strictSettings
        ),

        // Benchmarks: `swift run -c release sojourn-bench` (see Docs/performance.md).
        .executableTarget(
            name: "sojourn-bench",
            dependencies: ["SojournCore", "CompiledPlugins", "CLibYAML"],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "SojournYAMLTests", dependencies: ["SojournYAML"], swiftSettings: strictSettings),
        .testTarget(
            name: "SojournCoreTests",
            dependencies: ["SojournCore", "CompiledPlugins"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "TaskTests", dependencies: ["Task", "SojournKit"], swiftSettings: strictSettings),
        .testTarget(
            name: "SojournCLITests",
            dependencies: ["sojourn"],
            swiftSettings: strictSettings
        ),
    ]
)
