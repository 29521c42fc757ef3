// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The hot paths (tokenizer, normaliser, phone parser) in release builds: no dynamic exclusivity checks
/// (~5 % of a run, in swift_beginAccess/endAccess); debug builds keep them. CI runs the whole test suite
/// on the release build too.
let hotPathSettings: [SwiftSetting] =
    swiftSettings + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "dialer-ingest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dialer-ingest", targets: ["dialer-ingest"]),
        .executable(name: "ucontact-sim", targets: ["ucontact-sim"]),
        .library(name: "DialerIngest", targets: ["DialerIngest", "IngestCore", "IngestDelivery", "IngestWatch"]),
        .library(name: "PhoneNumbers", targets: ["PhoneNumbers"]),
    ],
    // The default build needs only zlib (libz-dev). `swift build --traits ISAL` inflates gzip with Intel
    // ISA-L instead (libisal-dev): about four times zlib's speed on lead lists; CI builds and tests both.
    traits: [
        .trait(name: "ISAL", description: "Inflate gzip input with Intel ISA-L (needs libisal-dev) instead of zlib.")
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // zlib (system libz, Debian's zlib1g-dev): the gzip reader's inflate, the workbook reader's CRC-32.
        // Module `CZlibShim`: ZIPFoundation's own zlib module map already takes the name `CZlib`.
        .target(name: "CZlibShim", path: "Sources/CZlib", linkerSettings: [.linkedLibrary("z")]),
        // Intel ISA-L's streaming inflate (Debian's libisal-dev): the gzip reader's engine with the ISAL trait.
        .systemLibrary(name: "CISAL", path: "Sources/CISAL", providers: [.apt(["libisal-dev"]), .brew(["isa-l"])]),
        // Vector helpers (SSE2/SSSE3) and a prefetch for the hot loops, glibc's mmap threshold for the simulator
        // (a header of static inline functions).
        .target(name: "CHotPath"),
        // libphonenumber-grade parsing, validation and formatting, driven by generated metadata.
        .target(name: "PhoneNumbers", swiftSettings: hotPathSettings),
        // PREPARE: a lead file in, chunks, rejects and a file report out (input, decoding, CSV, workbooks, the
        // record model, mapping, normalising, dedupe, chunks), and the config and report types. No HTTP, SQL
        // or NIO: what it knows of a server is the config's words for it.
        .target(
            name: "IngestCore",
            dependencies: [
                "CHotPath",
                .target(name: "CISAL", condition: .when(traits: ["ISAL"])),
                "CZlibShim",
                "PhoneNumbers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: hotPathSettings
        ),
        // DELIVER: the Integra client (form bodies, retries, the campaign listing) and the SQLite ledger.
        .target(
            name: "IngestDelivery",
            dependencies: [
                "CHotPath",
                "IngestCore",
                "PhoneNumbers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: hotPathSettings
        ),
        // The run loop: files prepared in order, the campaign pre-flight, each file's chunks delivered.
        .target(
            name: "DialerIngest",
            dependencies: [
                "IngestCore",
                "IngestDelivery",
                "PhoneNumbers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The watched inbox: readiness, claims and moves, the lock, inotify, metrics, the daemon service.
        .target(
            name: "IngestWatch",
            dependencies: [
                "DialerIngest",
                "IngestCore",
                "IngestDelivery",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dialer-ingest",
            dependencies: [
                "DialerIngest",
                "IngestCore",
                "IngestDelivery",
                "IngestWatch",
                "PhoneNumbers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // A local stand-in for uContact's Integra endpoints, with fault injection.
        .target(
            name: "UContactSimulator",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ucontact-sim",
            dependencies: [
                "CHotPath",
                "UContactSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Numbers validated and formatted per second on one core (issue: phone rules).
        .executableTarget(
            name: "phone-bench",
            dependencies: ["PhoneNumbers"],
            path: "Benchmarks/phone-bench",
            swiftSettings: swiftSettings
        ),
        // The hostile-input tests' memory meter: runs the tool as its own child, reports its peak RSS.
        .executableTarget(name: "peak-rss", path: "Tests/PeakRSS"),
        .testTarget(
            name: "DialerIngestTests",
            // The end-to-end tests run the built executable.
            dependencies: [
                "DialerIngest", "IngestCore", "IngestDelivery", "IngestWatch", "PhoneNumbers", "UContactSimulator",
                "dialer-ingest", "peak-rss",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PhoneNumbersTests",
            dependencies: ["PhoneNumbers"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UContactSimulatorTests",
            dependencies: [
                "UContactSimulator",
                // The command-line tests run the built executable.
                "ucontact-sim",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// The libFuzzer harnesses in Fuzz/, linking the targets they fuzz. Declared only for `scripts/fuzz`, which
// builds them with `DIALER_INGEST_FUZZ=1 swift build --sanitize fuzzer --sanitize address` in a scratch
// path of their own: without the fuzzer runtime they have no `main`, so the normal build leaves them out.
if Context.environment["DIALER_INGEST_FUZZ"] == "1" {
    let harness: [SwiftSetting] = swiftSettings + [.unsafeFlags(["-parse-as-library"])]
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["IngestCore"], path: "Fuzz/Support", swiftSettings: swiftSettings),
        .executableTarget(
            name: "fuzz-phone", dependencies: ["PhoneNumbers"], path: "Fuzz/phone", swiftSettings: harness),
    ]
    for name in ["tokenizer", "gzip", "config"] {
        package.targets.append(
            .executableTarget(
                name: "fuzz-\(name)", dependencies: ["FuzzSupport", "IngestCore"], path: "Fuzz/\(name)",
                swiftSettings: harness))
    }
}
