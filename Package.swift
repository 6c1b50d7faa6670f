// swift-tools-version:6.1
import PackageDescription

// Layers (arrows point inward): osvm / osvm-tui → OSVMTUI, OSVMHost → Chain, Deploy → OVSMKit.
// See ARCHITECTURE.md.
let package = Package(
    name: "osvm",
    products: [
        .executable(name: "osvm", targets: ["OSVMCLI"]),
        .executable(name: "osvm-tui", targets: ["OSVMTUIMain"]),
        .executable(name: "ovsm-bench", targets: ["OVSMBench"]),
        .library(name: "OVSMKit", targets: ["OVSMKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .target(name: "OVSMKit"),
        .target(name: "Chain", dependencies: ["OVSMKit", "COpenSSL"]),
        .target(name: "Deploy", dependencies: ["OVSMKit", "Chain"]),
        .target(name: "OSVMHost", dependencies: ["OVSMKit", "Chain"]),
        .target(name: "Assistant", dependencies: ["OVSMKit", "Chain", "OSVMHost"]),
        .target(name: "OSVMTUI", dependencies: ["OVSMKit", "Chain", "OSVMHost", "CNcurses", "Assistant", "Deploy"]),
        .executableTarget(name: "OSVMCLI", dependencies: [
            "OVSMKit", "Chain", "Deploy", "OSVMHost", "OSVMTUI", "Assistant",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "OSVMTUIMain", dependencies: ["OSVMTUI"]),
        .executableTarget(name: "OVSMBench", dependencies: ["OVSMKit"]),
        .testTarget(name: "OVSMKitTests", dependencies: ["OVSMKit", "OSVMHost"]),
        .testTarget(name: "DeployTests", dependencies: ["Deploy", "Chain"]),
        .testTarget(name: "ChainTests", dependencies: ["Chain", "OVSMKit", "OSVMHost"]),
        .testTarget(name: "AssistantTests", dependencies: ["Assistant", "OVSMKit"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["OSVMTUI", "OVSMKit"], exclude: ["__Snapshots__"]),
    ]
)
