// swift-tools-version:6.0
// INVKit: Interpretable Network Visualizations on the CPU.
// Layers (see README "Architecture"): inv ─► INVModels ─► INVEngine ─► CBLAS; INVImaging ─► CPNG, CJPEG;
// INVText ─► CUTF8Proc (tokenizer); INVPlugins ─► INVModels (the minilm label embedder).
import PackageDescription

/// Release builds of the numeric targets drop bounds checks inside the hot loops; debug builds keep them.
let numericSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

let package = Package(
    name: "INVKit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "inv", targets: ["inv"]),
        .library(name: "INVEngine", targets: ["INVEngine"]),
        .library(name: "INVCore", targets: ["INVCore"]),
        .library(name: "INVImaging", targets: ["INVImaging"]),
        .library(name: "INVPlugins", targets: ["INVPlugins"]),
        .library(name: "INVText", targets: ["INVText"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // Native libraries from Debian, linked through pkg-config; nothing is vendored.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CUTF8Proc", pkgConfig: "libutf8proc", providers: [.apt(["libutf8proc-dev"])]),

        .target(name: "INVEngine", dependencies: ["CBLAS"], swiftSettings: numericSettings),
        .target(name: "INVText", dependencies: ["CUTF8Proc"]),
        .target(
            name: "INVModels",
            dependencies: [
                "INVEngine", "INVCore", "INVImaging", "INVText",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: numericSettings),
        .target(name: "INVImaging", dependencies: ["CPNG", "CJPEG"], swiftSettings: numericSettings),
        // INVCore sees INVImaging for one reason: a StructuredExplainer renders its files (SAG's thumbnails) with the shown image.
        .target(name: "INVCore", dependencies: ["INVEngine", "INVImaging"], swiftSettings: numericSettings),
        .target(name: "INVPipeline", dependencies: ["INVCore", "INVEngine", "INVImaging", "INVText"], swiftSettings: numericSettings),
        .target(name: "INVRunner",
                dependencies: ["INVPipeline", "INVCore", "INVModels", "INVImaging", "INVEngine",
                               .product(name: "Yams", package: "Yams")]),
        // Deep Reveal, the crowdsourcing game that names cluster maps (thesis §3.4.2, §4.4).
        .target(name: "INVReveal",
                dependencies: ["INVCore", "INVPipeline", "INVImaging", "INVModels",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "PostgresNIO", package: "postgres-nio"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio")]),
        // The t-SNE force kernel in C: one binary carries a generic and an AVX2+FMA path chosen at run time.
        .target(name: "CTSNEKernels"),
        .target(name: "INVPlugins", dependencies: ["INVCore", "INVEngine", "INVImaging", "INVModels", "INVText", "CBLAS", "CTSNEKernels"], path: "Plugins",
                exclude: ["README.md"], swiftSettings: numericSettings),

        // Human-subject studies (issue 10): design, stimuli from a run's results, statistics, analysis tables.
        .target(name: "INVStudy", dependencies: ["INVCore", "INVImaging", "INVPipeline", "INVRunner"]),
        // The study's rating app (`inv study serve`) on Deep Reveal's server pieces; INVStudy stays free of HTTP.
        .target(name: "INVStudyServer",
                dependencies: ["INVStudy", "INVReveal", "INVCore", "INVModels",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "NIOCore", package: "swift-nio")]),

        .executableTarget(
            name: "inv",
            dependencies: [
                "INVEngine", "INVCore", "INVPlugins", "INVPipeline", "INVImaging", "INVModels", "INVRunner", "INVReveal", "INVStudy", "INVStudyServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "inv-bench",
            dependencies: [
                "INVEngine",
                "INVCore",
                "INVPlugins",
                "INVModels",
                "INVImaging",
                "INVReveal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: numericSettings),

        .testTarget(name: "INVEngineTests", dependencies: ["INVEngine"]),
        .testTarget(name: "INVModelsTests", dependencies: ["INVModels", "INVEngine", "INVCore"], exclude: ["Golden"]),
        .testTarget(name: "INVCoreTests", dependencies: ["INVCore"]),
        .testTarget(name: "INVTextTests", dependencies: ["INVText"]),
        .testTarget(name: "INVImagingTests", dependencies: ["INVImaging"], exclude: ["Golden"]),
        // Golden files are read through #filePath (they sit beside the tests with the script that made them).
        .testTarget(name: "INVPluginsTests", dependencies: ["INVPlugins", "INVCore", "INVEngine", "INVModels", "INVImaging"], exclude: ["Golden"]),
        .testTarget(name: "INVRunnerTests", dependencies: ["INVRunner", "INVPlugins", "INVPipeline", "INVCore", "INVEngine", "INVModels", "INVImaging"]),
        // A fake run directory (ANVs, baseline overlays) shared by the two study suites.
        .target(name: "INVStudyFixtures", dependencies: ["INVCore", "INVImaging"], path: "Tests/INVStudyFixtures"),
        // The test browser (cookies, CSRF token) shared by the Deep Reveal and study server suites.
        .target(name: "INVWebTestSupport", dependencies: ["INVReveal", .product(name: "HummingbirdTesting", package: "hummingbird")],
                path: "Tests/INVWebTestSupport"),
        .testTarget(name: "INVStudyTests", dependencies: ["INVStudy", "INVStudyFixtures", "INVCore", "INVImaging", "INVPipeline"], exclude: ["Golden"]),
        .testTarget(name: "INVStudyServerTests",
                    dependencies: ["INVStudyServer", "INVStudy", "INVStudyFixtures", "INVWebTestSupport", "INVReveal", "INVCore", "INVImaging",
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "INVRevealTests",
                    dependencies: ["INVReveal", "INVWebTestSupport", "INVCore", "INVPipeline", "INVImaging",
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "GRDB", package: "GRDB.swift"),
                                   .product(name: "PostgresNIO", package: "postgres-nio"),
                                   .product(name: "NIOCore", package: "swift-nio"),
                                   .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(name: "INVPipelineTests", dependencies: ["INVPipeline", "INVPlugins", "INVCore", "INVEngine", "INVImaging", "INVModels"]),
    ]
)
