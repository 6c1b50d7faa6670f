import Foundation

/// What kind of node to run.
public enum NodeType: String, Sendable, Codable, CaseIterable {
    case validator, rpc
}

/// Hardware a node needs, as published by the SVM's maintainers (nil fields: not published).
public struct Requirements: Sendable, Codable, Hashable {
    public var minCPUs: Int?
    public var minRAMGB: Int?
    public var minDiskGB: Int?
    public var source: String?

    public init(minCPUs: Int? = nil, minRAMGB: Int? = nil, minDiskGB: Int? = nil, source: String? = nil) {
        self.minCPUs = minCPUs; self.minRAMGB = minRAMGB; self.minDiskGB = minDiskGB; self.source = source
    }
}

/// How to join one network of an SVM.
public struct NetworkInfo: Sendable, Codable, Hashable {
    public var entrypoints: [String]
    public var genesisHash: String?
    /// A public RPC endpoint used as the reference slot by monitors.
    public var referenceRPC: String?
}

/// One known SVM: where its node software comes from and how it is launched.
///
///     let agave = try SVMCatalog.get("solana")
///     agave.launch[.rpc]   // "{bin}/agave-validator … --no-voting --full-rpc-api"
///
/// Templates use `{bin} {identity} {ledger} {accounts} {logs} {rpc_port} {entrypoints}
/// {genesis} {prefix}`. A nil `releaseURL` means osvm knows no public release artifact:
/// the user passes `--binary PATH` (uploaded and checksum-verified) or `--release-url`.
public struct SVMDescriptor: Sendable, Codable {
    public var name: String
    public var displayName: String
    public var summary: String
    public var homepage: String
    public var nodeTypes: [NodeType]
    public var networks: [String: NetworkInfo]
    /// The executable the service runs, inside `{bin}`.
    public var binaryName: String
    /// Release archive URL with `{version}`; a `.tar.bz2` whose top folder holds `bin/`.
    public var releaseURL: String?
    /// Commands the host must have, and the Debian packages that provide them.
    public var commands: [String]
    public var aptPackages: [String]
    public var requirements: [NodeType: Requirements]
    public var launch: [NodeType: String]
    /// Kernel settings recommended by the maintainers (applied only with consent).
    public var sysctl: [String: String]
    public var nofileLimit: Int?
    public var notes: String

    public init(name: String, displayName: String, summary: String, homepage: String, nodeTypes: [NodeType],
                networks: [String: NetworkInfo], binaryName: String, releaseURL: String?, commands: [String],
                aptPackages: [String], requirements: [NodeType: Requirements], launch: [NodeType: String],
                sysctl: [String: String] = [:], nofileLimit: Int? = nil, notes: String = "") {
        self.name = name; self.displayName = displayName; self.summary = summary; self.homepage = homepage
        self.nodeTypes = nodeTypes; self.networks = networks; self.binaryName = binaryName; self.releaseURL = releaseURL
        self.commands = commands; self.aptPackages = aptPackages; self.requirements = requirements
        self.launch = launch; self.sysctl = sysctl; self.nofileLimit = nofileLimit; self.notes = notes
    }
}

/// The SVMs osvm knows how to deploy (`osvm svm list|get`).
public enum SVMCatalog {
    public static let networks = ["mainnet", "testnet", "devnet"]

    public static var all: [SVMDescriptor] { [solana, sonic, eclipse, soon] }

    public static func get(_ name: String) throws -> SVMDescriptor {
        let key = name.lowercased() == "agave" ? "solana" : name.lowercased()
        guard let d = all.first(where: { $0.name == key }) else {
            throw DeployError.badValue("SVM", name, all.map(\.name))
        }
        return d
    }

    /// Validates a network name against the SVM's known networks.
    public static func network(_ name: String, of svm: SVMDescriptor) throws -> String {
        let n = name.lowercased() == "mainnet-beta" ? "mainnet" : name.lowercased()
        guard networks.contains(n) else { throw DeployError.badValue("network", name, networks) }
        return n
    }

    static let agaveLaunch = "{bin}/agave-validator --identity {identity} --ledger {ledger} --accounts {accounts} "
        + "--log {logs}/validator.log --rpc-port {rpc_port} --dynamic-port-range 8000-8025 {entrypoints} {genesis} "
        + "--limit-ledger-size --wal-recovery-mode skip_any_corrupted_record"
    static let agaveSysctl = [
        "net.core.rmem_default": "134217728", "net.core.rmem_max": "134217728",
        "net.core.wmem_default": "134217728", "net.core.wmem_max": "134217728",
        "vm.max_map_count": "1000000", "fs.nr_open": "1000000",
    ]
    static let agaveRequirementsSource = "docs.anza.xyz/operations/requirements"

    public static let solana = SVMDescriptor(
        name: "solana", displayName: "Solana (Agave)", summary: "Solana mainnet-beta, testnet and devnet with the Anza Agave validator",
        homepage: "https://docs.anza.xyz", nodeTypes: [.validator, .rpc],
        networks: [
            "mainnet": NetworkInfo(entrypoints: (["", "2", "3", "4", "5"]).map { "entrypoint\($0).mainnet-beta.solana.com:8001" },
                                   genesisHash: "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d",
                                   referenceRPC: "https://api.mainnet-beta.solana.com"),
            "testnet": NetworkInfo(entrypoints: ["entrypoint.testnet.solana.com:8001", "entrypoint2.testnet.solana.com:8001"],
                                   genesisHash: "4uhcVJyU9pJkvQyS88uRDiswHXSCkY3zQawwpjk2NsNY",
                                   referenceRPC: "https://api.testnet.solana.com"),
            "devnet": NetworkInfo(entrypoints: ["entrypoint.devnet.solana.com:8001", "entrypoint2.devnet.solana.com:8001"],
                                  genesisHash: "EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG",
                                  referenceRPC: "https://api.devnet.solana.com"),
        ],
        binaryName: "agave-validator",
        releaseURL: "https://github.com/anza-xyz/agave/releases/download/v{version}/solana-release-x86_64-unknown-linux-gnu.tar.bz2",
        commands: ["curl", "tar", "bzip2", "sha256sum"], aptPackages: ["curl", "tar", "bzip2", "coreutils"],
        requirements: [
            .validator: Requirements(minCPUs: 12, minRAMGB: 256, minDiskGB: 1500, source: agaveRequirementsSource),
            .rpc: Requirements(minCPUs: 16, minRAMGB: 512, minDiskGB: 1500, source: agaveRequirementsSource),
        ],
        launch: [.validator: agaveLaunch, .rpc: agaveLaunch + " --no-voting --full-rpc-api --private-rpc"],
        sysctl: agaveSysctl, nofileLimit: 1_000_000,
        notes: "Release archives are published by anza-xyz/agave on GitHub; without --version osvm installs the pinned release (osvm svm get solana), checksum-verified; with --version pass --sha256 to verify.")

    /// An SVM whose node is an Agave fork with no release artifact osvm knows of.
    static func fork(_ name: String, _ display: String, _ summary: String, _ homepage: String, nodeTypes: [NodeType]) -> SVMDescriptor {
        SVMDescriptor(
            name: name, displayName: display, summary: summary, homepage: homepage, nodeTypes: nodeTypes,
            networks: [:], binaryName: "agave-validator", releaseURL: nil,
            commands: ["sha256sum"], aptPackages: ["coreutils"],
            requirements: [:],
            launch: Dictionary(uniqueKeysWithValues: nodeTypes.map { ($0, agaveLaunch + ($0 == .rpc ? " --no-voting --full-rpc-api" : "")) }),
            sysctl: agaveSysctl, nofileLimit: 1_000_000,
            notes: "No public node release is known to osvm: pass --binary PATH (uploaded, checksum-verified) "
                + "or --release-url URL --sha256 HEX, and --entrypoint HOST:PORT from the network's operators. "
                + "No published hardware minimum; requirements are not checked.")
    }

    public static let sonic = fork("sonic", "Sonic SVM", "Sonic: an SVM chain for games (HyperGrid)", "https://www.sonic.game",
                                   nodeTypes: [.validator, .rpc])
    public static let eclipse = fork("eclipse", "Eclipse", "Eclipse: an Ethereum L2 executing with the SVM", "https://www.eclipse.xyz",
                                     nodeTypes: [.rpc])
    public static let soon = fork("soon", "SOON", "SOON: an SVM rollup stack", "https://soo.network", nodeTypes: [.rpc])
}
