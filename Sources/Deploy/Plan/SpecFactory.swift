import Foundation

/// The user's deployment request as typed on the command line, validated before connecting.
///
///     var r = DeployRequest(target: "root@10.0.0.5", svm: "solana", nodeType: "rpc", network: "devnet")
///     r.version = "2.2.1"
///     let spec = try r.spec()      // bad target / SVM / network → one-line DeployError
public struct DeployRequest: Sendable {
    public var target: String
    public var svm: String
    public var nodeType: String
    public var network: String
    public var prefix: String?
    public var version: String?
    /// A local node binary to upload instead of downloading a release.
    public var binaryPath: String?
    public var releaseURL: String?
    public var sha256: String?
    public var rpcPort: Int = 8899
    public var serviceUser: String = "solana"
    public var entrypoints: [String] = []
    /// Overrides the catalog's launch template.
    public var launch: String?
    public var systemTuning = false
    public var serviceManager: ServiceManager = .auto
    public var rpcURL: String?
    public var healthTimeout: Double = 600
    /// Install `osvm nodes exporter` on this port (nil: no metrics endpoint).
    public var metricsPort: Int?
    public var metricsListen = "127.0.0.1"
    /// Scraping addresses the metrics port is firewalled to (`["any"]`: no firewall).
    public var metricsAllow: [String] = []
    /// The osvm binary installed as the exporter (nil: the running executable).
    public var exporterBinary: String?
    /// Also run Debian's prometheus-node-exporter on this port (nil: no machine metrics).
    public var machineMetricsPort: Int?

    public init(target: String, svm: String, nodeType: String, network: String) {
        self.target = target; self.svm = svm; self.nodeType = nodeType; self.network = network
    }

    /// Checks everything that can be checked locally and builds the spec.
    public func spec() throws -> DeploymentSpec {
        let t = try SSHTarget.parse(target)
        let d = try SVMCatalog.get(svm)
        guard let type = NodeType(rawValue: nodeType.lowercased()) else {
            throw DeployError.badValue("node type", nodeType, NodeType.allCases.map(\.rawValue))
        }
        guard d.nodeTypes.contains(type) else { throw DeployError.badValue("node type for \(d.name)", nodeType, d.nodeTypes.map(\.rawValue)) }
        let net = try SVMCatalog.network(network, of: d)
        guard (1...65535).contains(rpcPort) else { throw DeployError.local("--rpc-port \(rpcPort) is not in 1...65535") }
        var info = d.networks[net]
        if !entrypoints.isEmpty {
            info = NetworkInfo(entrypoints: entrypoints, genesisHash: info?.genesisHash, referenceRPC: info?.referenceRPC)
        }
        let binary: BinarySource
        let ver: String
        if let path = binaryPath {
            guard FileManager.default.isReadableFile(atPath: path) else { throw DeployError.local("--binary \(path): no such readable file") }
            let sum = try Checksum.sha256(file: path)
            binary = .upload(localPath: path, sha256: sum)
            ver = version ?? "local-" + String(sum.prefix(12))
        } else if let url = releaseURL ?? d.releaseURL {
            // No --version: the pinned release of this SVM and network (with its checksum when
            // the archive comes from the catalog's URL).
            let pinned = version == nil ? PinnedReleases.release(svm: d.name, network: net) : nil
            guard let v = version ?? pinned?.version else {
                throw DeployError.local("--version is required to download \(d.displayName) (e.g. --version 3.1.14)")
            }
            if let s = sha256, s.count != 64 || !s.allSatisfy(\.isHexDigit) { throw DeployError.local("--sha256 must be 64 hex digits") }
            let sum = sha256?.lowercased() ?? (releaseURL == nil ? pinned?.sha256 : nil)
            binary = .download(url: url.replacingOccurrences(of: "{version}", with: v), sha256: sum)
            ver = v
        } else {
            throw DeployError.local("\(d.displayName) has no release osvm knows of: pass --binary PATH or --release-url URL")
        }
        guard ver.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw DeployError.local("--version '\(ver)' may hold only letters, digits, '.', '_' and '-'")
        }
        let name = "osvm-\(d.name)-\(type.rawValue)-\(net)"
        var spec = DeploymentSpec(
            svm: d.name, nodeType: type, network: net, target: t, prefix: prefix ?? "/opt/osvm/\(d.name)-\(type.rawValue)-\(net)",
            serviceName: name, serviceUser: serviceUser, rpcPort: rpcPort, version: ver, binary: binary,
            binaryName: binaryPath.map { ($0 as NSString).lastPathComponent } ?? d.binaryName,
            launch: "", commands: d.commands + ["openssl"], aptPackages: d.aptPackages + ["openssl"], requirements: d.requirements[type],
            ports: [rpcPort], sysctl: d.sysctl, nofileLimit: d.nofileLimit, systemTuning: systemTuning,
            serviceManager: serviceManager, rpcURL: rpcURL ?? "http://\(t.hostForURL):\(rpcPort)",
            referenceRPC: info?.referenceRPC, healthTimeout: healthTimeout)
        guard let template = launch ?? d.launch[type] else { throw DeployError.local("no launch command for \(d.name) \(type.rawValue)") }
        spec.launch = DeploymentSpec.expand(template, spec: spec, network: info)
        if let port = metricsPort {
            guard let bin = exporterBinary ?? DeployRequest.runningExecutable() else {
                throw DeployError.local("cannot find this osvm executable to install as the exporter: pass --exporter-binary PATH")
            }
            spec.metrics = try MetricsEndpoint.make(port: port, listen: metricsListen, allow: metricsAllow, exporterBinary: bin,
                                                  machinePort: machineMetricsPort)
        } else if !metricsAllow.isEmpty || metricsListen != "127.0.0.1" || machineMetricsPort != nil {
            throw DeployError.local("--metrics-listen, --metrics-allow and --machine-metrics-port need --metrics-port PORT")
        }
        return spec
    }

    /// The path of the running executable (/proc/self/exe), the default exporter binary.
    static func runningExecutable() -> String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    }
}
