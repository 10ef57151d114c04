// swift-tools-version:6.1
import PackageDescription

/// Strict settings for every target we own: Swift 6 language mode plus the upcoming
/// features Hummingbird 2 turns on, so imports stay private unless re-exported on purpose.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The step plugins compiled into `sojourn`: each name is the folder `Plugins/<Name>`,
/// built as the target `<Name>Step` (depending on SojournKit only) and tested by
/// `Tests/<Name>StepTests`. A plugin is added here and registered by one line in
/// `Plugins/CompiledPlugins/CompiledPlugins.swift`; `sojourn plugins new NAME` does both,
/// and a test checks the two lists and the folders agree. (SwiftPM would otherwise treat
/// `Plugins/` as the home of its own package plugins, hence the explicit paths.)
let stepPlugins = [
    "Agreement",
    "Approval",
    "Feedback",
    "Goals",
    "KnowledgeShare",
    "Meeting",
    "MentorMatch",
    "Milestones",
    "Notify",
    "Nudge",
    "Outcome",
    "Questionnaire",
    "Recognition",
    "Survey",
    "Task",
    "Visa",
]
let pluginTargets: [Target] = stepPlugins.map { name in
    Target.target(
        name: name + "Step",
        dependencies: ["SojournKit"],
        path: "Plugins/" + name,
        swiftSettings: strictSettings
    )
}

let pluginTestTargets: [Target] = stepPlugins.map { name in
        Target.testTarget(
            name: name + "StepTests",
            dependencies: [.target(name: name + "Step"), "SojournKit", "SojournKitTesting"],
            swiftSettings: strictSettings
        )
    }

let pluginDependencies: [Target.Dependency] = stepPlugins.map { Target.Dependency.target(name: $0 + "Step") }

let coreTargets: [Target] = [
    // C: the system libyaml, imported in exactly one Swift file.
    .systemLibrary(
        name: "CLibYAML",
        pkgConfig: "yaml-0.1",
        providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),

    // YAML: source files, positions, diagnostics, the node tree and its Decoder.
    .target(name: "SojournYAML", dependencies: ["CLibYAML"], swiftSettings: strictSettings),

    // The contract step plugins are written against.
    .target(name: "SojournKit", dependencies: ["SojournYAML"], swiftSettings: strictSettings),

    // The expression language: parsing, type rules and evaluation of conditions and
    // dates. Shared by the engine and the plugin test harness, so both apply one set of
    // rules, and plugin tests need neither the engine nor swift-crypto.
    .target(name: "SojournLanguage", dependencies: ["SojournKit"], swiftSettings: strictSettings),

    // The plugin test harness: runs a plugin as the engine would, without the engine.
    .target(name: "SojournKitTesting", dependencies: ["SojournKit", "SojournLanguage"], swiftSettings: strictSettings),

    // The engine: workflow model, language, validation, scheduling, cases.
    .target(
        name: "SojournCore",
        dependencies: [
            "SojournKit",
            "SojournLanguage",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "HeapModule", package: "swift-collections"),
        ],
        exclude: ["Calendars/generate-holidays.py"],
        // The bundled holiday calendars, compiled into the binary.
        resources: [.embedInCode("Calendars/Holidays")],
        swiftSettings: strictSettings
    ),

    // The SQLite case store, behind SojournCore's CaseStore protocol.
    .target(
        name: "SojournSQLite",
        dependencies: ["SojournCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
        swiftSettings: strictSettings
    ),

    // The one list of compiled-in step plugins.
    .target(
        name: "CompiledPlugins",
        dependencies: [Target.Dependency.target(name: "SojournKit")] + pluginDependencies,
        path: "Plugins/CompiledPlugins",
        swiftSettings: strictSettings
    ),

    // Mail delivery: the sendmail interface and an SMTP client (SwiftNIO, TLS through
    // swift-nio-ssl), behind SojournCore's MailTransport protocol.
    .target(
        name: "SojournDelivery",
        dependencies: [
            "SojournCore",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ],
        swiftSettings: strictSettings
    ),

    // `sojourn demo`: a sample roster and cases run through the bundled programme.
    .target(name: "SojournDemo", dependencies: ["SojournCore"], swiftSettings: strictSettings),

    // The command-line tool.
    .executableTarget(
        name: "sojourn",
        dependencies: [
            "SojournCore",
            "SojournLanguage",
            "SojournSQLite",
            "SojournDelivery",
            "SojournDemo",
            "CompiledPlugins",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Rainbow", package: "Rainbow"),
            .product(name: "CSV", package: "CSV.swift"),
            .product(name: "Mustache", package: "swift-mustache"),
        ],
        swiftSettings: strictSettings
    ),

    // Benchmarks: `swift run -c release sojourn-bench` (see Docs/performance.md).
    // The fuzz target for the YAML loader and the workflow reader (Docs/performance.md):
    // built plain, it replays files; with -sanitize=fuzzer -DSOJOURN_FUZZ, libFuzzer runs it.
    .executableTarget(
        name: "sojourn-fuzz",
        dependencies: ["SojournCore", "SojournYAML", "CompiledPlugins"],
        swiftSettings: strictSettings
    ),
    .executableTarget(
        name: "sojourn-bench",
        dependencies: ["SojournCore", "SojournSQLite", "CompiledPlugins", .product(name: "GRDB", package: "GRDB.swift")],
        exclude: ["Fixtures"],
        swiftSettings: strictSettings
    ),

    .testTarget(name: "SojournYAMLTests", dependencies: ["SojournYAML"], swiftSettings: strictSettings),
    .testTarget(name: "SojournKitTests", dependencies: ["SojournKit", "SojournKitTesting"], swiftSettings: strictSettings),
    .testTarget(name: "SojournLanguageTests", dependencies: ["SojournLanguage", "SojournKit"], swiftSettings: strictSettings),
    .testTarget(name: "SojournCoreTests", dependencies: ["SojournCore", "SojournLanguage", "SojournSQLite", "SojournDemo", "CompiledPlugins", "SojournKitTesting"], swiftSettings: strictSettings),
    .testTarget(name: "SojournCLITests", dependencies: ["sojourn", "sojourn-fuzz", "SojournSQLite", "SojournCore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strictSettings),
]

let package = Package(
    name: "Sojourn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sojourn", targets: ["sojourn"]),
        .library(name: "SojournKit", targets: ["SojournKit"]),
        .library(name: "SojournKitTesting", targets: ["SojournKitTesting"]),
        .library(name: "SojournCore", targets: ["SojournCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: coreTargets + pluginTargets + pluginTestTargets
)
