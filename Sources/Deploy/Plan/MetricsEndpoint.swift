import Foundation
import Synchronization

/// The Prometheus endpoint a deployment installs beside the node: `osvm nodes exporter`
/// (this osvm binary, uploaded and checksum-verified) run by the node's own supervisor,
/// listening on `listen:port` and, unless `allow` is empty, firewalled with nftables so only
/// the scraping addresses reach it.
///
///     let m = try MetricsEndpoint.make(port: 9720, listen: "0.0.0.0", allow: ["10.0.0.2"], exporterBinary: "/usr/bin/osvm")
///
/// Decisions (README, "Metrics on every node"):
/// - A non-loopback `listen` needs `allow` (addresses or `any`): an endpoint open to everyone
///   is never the silent default.
/// - When `allow` is given and the firewall cannot be applied (no nft and no apt, not root),
///   the deployment fails at that step, before the exporter starts; `any` skips the firewall
///   and the deploy says the endpoint is unfirewalled.
public struct MetricsEndpoint: Sendable, Codable, Hashable {
    public var listen: String
    public var port: Int
    /// Source addresses (IPv4/IPv6, optionally /prefix) allowed to scrape; empty: no firewall.
    public var allow: [String]
    /// Local path of the osvm binary to install as the exporter, and its SHA-256.
    public var exporterBinary: String
    public var exporterSHA256: String
    /// Port of Debian's `prometheus-node-exporter` (machine metrics) run beside it; nil: none.
    public var machinePort: Int? = nil

    /// Every port the firewall guards.
    public var ports: [Int] { [port] + (machinePort.map { [$0] } ?? []) }

    public var firewalled: Bool { !allow.isEmpty }

    /// Said before deploying an endpoint nobody asked to firewall on a reachable address.
    public var warning: String? {
        firewalled || listen.hasPrefix("127.") ? nil
            : "warning: the metrics endpoint \(listen):\(ports.map(String.init).joined(separator: ",")) will be UNFIREWALLED (--metrics-allow any): anyone who reaches the host can read it"
    }

    /// Validates the flags; `allow` may be `["any"]` (no firewall, said out loud).
    public static func make(port: Int, listen: String, allow: [String], exporterBinary: String, machinePort: Int? = nil) throws -> MetricsEndpoint {
        guard (1...65535).contains(port) else { throw DeployError.local("--metrics-port \(port) is not in 1...65535") }
        if let m = machinePort {
            guard (1...65535).contains(m), m != port else { throw DeployError.local("--machine-metrics-port \(m) must be in 1...65535 and differ from --metrics-port") }
        }
        guard isIPv4(listen) else { throw DeployError.local("--metrics-listen '\(listen)' is not an IPv4 address (e.g. 0.0.0.0 or 10.0.0.5)") }
        let any = allow.contains { $0.lowercased() == "any" }
        if any && allow.count > 1 { throw DeployError.local("--metrics-allow any cannot be combined with addresses") }
        for a in allow where !any && !isAddress(a) {
            throw DeployError.local("--metrics-allow '\(a)' is not an IP address (optionally /prefix), or 'any'")
        }
        if allow.isEmpty && !listen.hasPrefix("127.") {
            throw DeployError.local("--metrics-listen \(listen) is reachable from other machines: pass --metrics-allow ADDR "
                                    + "(the Prometheus server's address; repeatable) or --metrics-allow any to leave it unfirewalled")
        }
        guard FileManager.default.isReadableFile(atPath: exporterBinary) else {
            throw DeployError.local("exporter binary \(exporterBinary): no such readable file (--exporter-binary)")
        }
        return MetricsEndpoint(listen: listen, port: port, allow: any ? [] : allow, exporterBinary: exporterBinary,
                               exporterSHA256: try checksum(exporterBinary), machinePort: machinePort)
    }

    /// The exporter binary's SHA-256, computed once per file version: a fleet plans every
    /// host from the same binary, twice (validation, then the job).
    private static let sums = Mutex<[String: (Date, Int, String)]>([:])

    static func checksum(_ path: String) throws -> String {
        let a = try? FileManager.default.attributesOfItem(atPath: path)
        let (mtime, size) = (a?[.modificationDate] as? Date ?? .distantPast, (a?[.size] as? NSNumber)?.intValue ?? -1)
        if let (m, n, sum) = sums.withLock({ $0[path] }), m == mtime, n == size { return sum }
        let sum = try Checksum.sha256(file: path)
        sums.withLock { $0[path] = (mtime, size, sum) }
        return sum
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isNumber) && Int(p)! <= 255 }
    }

    static func isIPv6(_ s: String) -> Bool {
        s.contains(":") && s.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    /// `addr` or `addr/prefix`.
    static func isAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, isIPv4(parts[0]) || isIPv6(parts[0]) else { return false }
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= (isIPv4(parts[0]) ? 32 : 128) else { return false }
        }
        return true
    }
}
