import Foundation

/// Which supervisor runs the node: systemd where present, supervisord otherwise.
public enum ServiceManager: Sendable, Codable, Hashable {
    /// Decide from the host: systemd when `/run/systemd/system` exists, else supervisord.
    case auto
    case systemd
    /// supervisord with this `supervisord.conf` whose `[include]` reads `includeDir/*.conf`.
    case supervisor(config: String, includeDir: String)

    public static let defaultSupervisor = ServiceManager.supervisor(config: "/etc/supervisor/supervisord.conf",
                                                                   includeDir: "/etc/supervisor/conf.d")
}

/// Where the node software comes from.
public enum BinarySource: Sendable, Codable, Hashable {
    /// A local file uploaded with scp and verified by SHA-256 on the host.
    case upload(localPath: String, sha256: String)
    /// A release archive downloaded on the host (`.tar.bz2` with `bin/`), verified when `sha256` is given.
    case download(url: String, sha256: String?)
}

/// Everything a deployment needs, resolved from flags and the SVM catalog; stored in the journal.
///
///     let spec = try DeploymentSpec.make(svm: "solana", nodeType: .rpc, network: "devnet",
///                                         target: t, binary: .download(url: u, sha256: nil), version: "2.2.1")
public struct DeploymentSpec: Sendable, Codable, Hashable {
    public var svm: String
    public var nodeType: NodeType
    public var network: String
    public var target: SSHTarget
    public var prefix: String
    public var serviceName: String
    public var serviceUser: String
    public var rpcPort: Int
    public var version: String
    public var binary: BinarySource
    public var binaryName: String
    /// The command line the service runs, placeholders already filled in.
    public var launch: String
    public var commands: [String]
    public var aptPackages: [String]
    public var requirements: Requirements?
    /// Ports that must be free on the host before the first start.
    public var ports: [Int]
    public var sysctl: [String: String]
    public var nofileLimit: Int?
    /// The user's consent to change kernel settings and limits.
    public var systemTuning: Bool
    public var serviceManager: ServiceManager
    /// Where the health check and monitors reach the node's RPC.
    public var rpcURL: String
    /// A public RPC of the same network, the monitors' reference slot.
    public var referenceRPC: String?
    /// Seconds the health step waits for `getHealth` = "ok".
    public var healthTimeout: Double
    /// The Prometheus endpoint installed beside the node (nil: none).
    public var metrics: MetricsEndpoint? = nil

    /// Folder layout on the host.
    public var releasesDir: String { prefix + "/releases" }
    public var releaseDir: String { releasesDir + "/" + version }
    public var currentLink: String { prefix + "/current" }
    public var binDir: String { currentLink + "/bin" }
    public var keysDir: String { prefix + "/keys" }
    public var identityPath: String { keysDir + "/identity.json" }
    public var ledgerDir: String { prefix + "/ledger" }
    public var accountsDir: String { prefix + "/accounts" }
    public var logsDir: String { prefix + "/logs" }
    public var logFile: String { logsDir + "/" + serviceName + ".log" }

    /// A stable id for the journal: same target, SVM, type, network and prefix → same id.
    public var deploymentID: String {
        var h: UInt64 = 0xcbf29ce484222325
        for b in prefix.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        let host = target.host.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "\(svm)-\(nodeType.rawValue)-\(network)-\(target.user)-\(String(host))-\(target.port)-\(String(h & 0xffffffff, radix: 16))"
    }

    /// Fills the launch template's placeholders from this spec and a network.
    public static func expand(_ template: String, spec: DeploymentSpec, network: NetworkInfo?) -> String {
        let entry = (network?.entrypoints ?? []).map { "--entrypoint \($0)" }.joined(separator: " ")
        let genesis = network?.genesisHash.map { "--expected-genesis-hash \($0)" } ?? ""
        let pairs = [("{bin}", spec.binDir), ("{identity}", spec.identityPath), ("{ledger}", spec.ledgerDir),
                     ("{accounts}", spec.accountsDir), ("{logs}", spec.logsDir), ("{rpc_port}", "\(spec.rpcPort)"),
                     ("{entrypoints}", entry), ("{genesis}", genesis), ("{prefix}", spec.prefix)]
        var s = template
        for (k, v) in pairs { s = s.replacingOccurrences(of: k, with: v) }
        return s.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
