// swift-tools-version:6.1
import PackageDescription

// Layers (arrows point inward): osvm / osvm-tui → OSVMTUI, OSVMHost → Chain, Deploy → OVSMKit;
// OSVMSettings (config.yml, redaction, private files) sits under Chain, Deploy and Assistant.
// See ARCHITECTURE.md.
/// `-no-pie` for the `osvm` executable unless OSVM_PIE=1 (see the OSVMCLI target).
let positionDependent: [String] =
    Context.environment["OSVM_PIE"] == "1" ? [] : ["-Xclang-linker", "-no-pie"]

/// Concrete generic types (`[Symbol: GlobalCell]`, `Setting<String>`) get their metadata
/// through direct accessor calls rather than a mangled name resolved at run time: resolving
/// one looked its conformances up by scanning every conformance record of the binary,
/// ~450,000 instructions per type, about a quarter of `osvm ovsm eval 1` (ARCHITECTURE.md,
/// "Start-up").
let directMetadata: [String] = ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]

let package = Package(
    name: "osvm",
    products: [
        .executable(name: "osvm", targets: ["OSVMCLI"]),
        .executable(name: "osvm-tui", targets: ["OSVMTUIMain"]),
        .executable(name: "ovsm-bench", targets: ["OVSMBench"]),
        .library(name: "OVSMKit", targets: ["OVSMKit"]),
        .library(name: "OVSMTooling", targets: ["OVSMTooling"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // ncurses through dlopen on first use (headers from libncurses-dev; not linked: see
        // Sources/CNcurses/include/CNcurses.h).
        .target(name: "CNcurses", dependencies: ["CLazyLibrary"]),
        // dlopen-on-first-use for the two above (one loader, one wrapper macro).
        .target(name: "CLazyLibrary"),
        .target(name: "CAllocator"),
        // OpenSSL 3 through dlopen on first use (headers from libssl-dev; not linked: see
        // Sources/COpenSSL/include/COpenSSL.h for the start-up cost that saves).
        .target(name: "COpenSSL", dependencies: ["CLazyLibrary"]),
        // Exclusivity is still checked at compile time; the run-time checks (one
        // swift_beginAccess per class-property mutation) cost the interpreter ~10%.
        .target(name: "OVSMKit", swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"] + directMetadata)]),
        // Tooling: formatter, linter and language-server core over OVSMKit's reader (docs/FMT.md, docs/LINT.md).
        .target(name: "OVSMTooling", dependencies: ["OVSMKit"]),
        // Settings: the one config.yml parser, URL redaction, atomic private files.
        .target(name: "OSVMSettings", dependencies: [.product(name: "Yams", package: "Yams")],
                swiftSettings: [.unsafeFlags(directMetadata)]),
        .target(name: "Chain", dependencies: ["OVSMKit", "COpenSSL", "OSVMSettings"]),
        .target(name: "Deploy", dependencies: ["OVSMKit", "Chain", "OSVMSettings"]),
        .target(name: "OSVMHost", dependencies: ["OVSMKit", "Chain", "OSVMSettings", "CAllocator"],
                swiftSettings: [.unsafeFlags(directMetadata)]),
        // Audit: the security audit of Rust Solana programs (tree-sitter parse via Python, rules in Swift).
        .target(name: "Audit"),
        .target(name: "Assistant", dependencies: ["OVSMKit", "Chain", "OSVMHost", "OSVMSettings"]),
        .target(name: "OSVMTUI", dependencies: ["OVSMKit", "Chain", "OSVMHost", "CNcurses", "Assistant", "Deploy", "OSVMSettings"]),
        // On Linux `osvm` links the Swift runtime and Foundation statically: loading and
        // binding ~20 Swift shared libraries was most of its start-up (ARCHITECTURE.md,
        // "Start-up"). Our modules are compiled against the shared Foundation (the test
        // bundles link it), so their objects only ask for the Foundation archives themselves;
        // the helper archives those need are listed here, after them in link order. No
        // FoundationNetworking: https is OpenSSL over our own socket (Chain/HTTP/Connection),
        // so libcurl and its ~30 libraries are not loaded at every start.
        // Linked as a position-dependent executable (like Go's default on Linux): a PIE of this
        // size makes ld.so apply ~87,000 relative relocations and dirty ~240 pages at every
        // start (657 → 421 page faults, 6.8 → 3.9 ms for `ovsm eval 1`; ARCHITECTURE.md,
        // "Start-up"). Shared libraries stay randomised. `OSVM_PIE=1 swift build …` links a PIE
        // for those who prefer the hardening to the start-up time.
        .executableTarget(name: "OSVMCLI", dependencies: [
            "OVSMKit", "OVSMTooling", "Chain", "Deploy", "OSVMHost", "OSVMTUI", "Assistant", "OSVMSettings", "Audit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: [.unsafeFlags(directMetadata)], linkerSettings: [.unsafeFlags(["-static-stdlib"] + positionDependent, .when(platforms: [.linux]))] + [
            "_FoundationCShims", "_FoundationCollections",
            "CoreFoundation", "_FoundationICU",
        ].map { .linkedLibrary($0, .when(platforms: [.linux])) }),
        .executableTarget(name: "OSVMTUIMain", dependencies: ["OSVMTUI", "OSVMHost"]),
        .executableTarget(name: "OVSMBench", dependencies: ["OVSMKit"]),
        .testTarget(name: "SettingsTests", dependencies: ["OSVMSettings"]),
        .testTarget(name: "OVSMKitTests", dependencies: ["OVSMKit", "OSVMHost", "TestSupport"]),
        .testTarget(name: "HostTests", dependencies: ["OSVMHost", "OVSMKit"]),
        .testTarget(name: "OVSMToolingTests", dependencies: ["OVSMTooling", "OVSMKit"]),
        .testTarget(name: "DeployTests", dependencies: ["Deploy", "Chain", "OVSMKit"]),
        .testTarget(name: "ChainTests", dependencies: ["Chain", "OVSMKit", "OSVMHost", "OSVMSettings"]),
        .testTarget(name: "AssistantTests", dependencies: ["Assistant", "Chain", "OVSMKit", "OSVMSettings", "TestSupport"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "TestSupport"], exclude: ["Fixtures", "Peers"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["OSVMTUI", "OVSMKit", "TestSupport"], exclude: ["__Snapshots__", "Peers"]),
        // Helpers the test targets share (peer processes); never linked into a product.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
    ]
)
