import Foundation
import OSVMSettings

/// The files `osvm nodes prometheus` writes for the user's Prometheus: a scrape
/// configuration that discovers targets from files (so `osvm nodes deploy` adding a node
/// only rewrites a JSON list, no Prometheus restart), the target lists made from the node
/// registry, and alert rules for Alertmanager.
public struct PrometheusSetup: Sendable {
    public var exporterPort = 9720
    /// Debian's prometheus-node-exporter (machine figures: disk, memory, CPU).
    public var machinePort = 9100
    public var scrapeInterval = "15s"
    /// How long a condition must hold before its alert fires.
    public var alertFor = "2m"
    /// The shared engine's limits (`Thresholds`), so Prometheus alerts when the monitors do.
    public var slotsBehindThreshold = Int(Thresholds().maxSlotsBehind)
    public var diskFullRatio = Thresholds().maxDiskPercent / 100

    public init() {}

    public static let configFile = "prometheus.yml"
    public static let rulesFile = "osvm-alerts.yml"
    public static let nodeTargetsFile = "osvm-nodes.json"
    public static let machineTargetsFile = "osvm-machines.json"

    /// `prometheus.yml` (use as is, or copy its two jobs and rule file into yours).
    public func config() -> String {
        """
        # Written by `osvm nodes prometheus`. Targets come from the two JSON files beside it,
        # which `osvm nodes prometheus` rewrites from the node registry (Prometheus re-reads
        # them without a restart).
        global:
          scrape_interval: \(scrapeInterval)
          evaluation_interval: \(scrapeInterval)
        rule_files:
          - \(Self.rulesFile)
        scrape_configs:
          - job_name: osvm-nodes
            file_sd_configs:
              - files: [\(Self.nodeTargetsFile)]
                refresh_interval: 10s
          - job_name: osvm-machines
            file_sd_configs:
              - files: [\(Self.machineTargetsFile)]
                refresh_interval: 10s

        """
    }

    /// Alert rules: node down, unhealthy, behind the cluster, disk nearly full, vote
    /// account delinquent.
    public func rules() -> String {
        """
        # Written by `osvm nodes prometheus`.
        groups:
          - name: osvm
            rules:
              - alert: OsvmNodeDown
                expr: up{job="osvm-nodes"} == 0 or solana_node_up == 0
                for: \(alertFor)
                labels: {severity: critical}
                annotations:
                  summary: "node {{ $labels.node }} is down (no answer from its exporter or its RPC)"
              - alert: OsvmNodeUnhealthy
                expr: solana_node_healthy == 0 and solana_node_up == 1
                for: \(alertFor)
                labels: {severity: warning}
                annotations:
                  summary: "node {{ $labels.node }} answers but getHealth is not ok"
              - alert: OsvmNodeBehind
                expr: solana_node_slots_behind > \(slotsBehindThreshold)
                for: \(alertFor)
                labels: {severity: warning}
                annotations:
                  summary: "node {{ $labels.node }} is {{ $value }} slots behind the cluster"
              - alert: OsvmDiskFull
                expr: (1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs"}) > \(diskFullRatio)
                for: \(alertFor)
                labels: {severity: critical}
                annotations:
                  summary: "disk {{ $labels.mountpoint }} on {{ $labels.node }} is over \(Int(diskFullRatio * 100)) % full"
              - alert: OsvmVoteDelinquent
                expr: solana_vote_delinquent == 1
                for: \(alertFor)
                labels: {severity: critical}
                annotations:
                  summary: "vote account of {{ $labels.node }} is delinquent"

        """
    }

    /// One file_sd entry per node: `[{"targets":["host:port"],"labels":{...}}]`. A node deployed
    /// with `--metrics-port` (and `--machine-metrics-port`) is scraped on the port it got;
    /// others on `port`. A node without machine metrics is listed at `port` all the same
    /// (the job is down there until the user installs prometheus-node-exporter).
    public func targets(_ nodes: [NodeRecord], port: Int, machine: Bool = false) -> String {
        var entries: [[String: Any]] = []
        for n in nodes.sorted(by: { $0.name < $1.name }) {
            let p = (machine ? n.spec.metrics?.machinePort : n.spec.metrics?.port) ?? port
            entries.append(["targets": ["\(n.target.hostForURL):\(p)"],
                            "labels": ["node": n.name, "network": n.spec.network, "node_type": n.spec.nodeType.rawValue]])
        }
        let data = (try? JSONSerialization.data(withJSONObject: entries, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes the four files into `dir` (created 0700 if missing); returns their paths.
    /// The configuration and rules are not overwritten when they exist and `force` is
    /// false (the user may have edited them); the target lists always are.
    @discardableResult
    public func write(to dir: String, nodes: [NodeRecord], force: Bool = false) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DeployError.local("cannot create \(dir): \((error as NSError).localizedFailureReason ?? "permission denied or not a directory")")
        }
        var written: [String] = []
        func put(_ name: String, _ text: String, always: Bool) throws {
            let path = (dir as NSString).appendingPathComponent(name)
            if !always, !force, FileManager.default.fileExists(atPath: path) { return }
            do { try AtomicFile.write(Data(text.utf8), to: path, mode: 0o644) } catch {
                throw DeployError.local("cannot write \(path): \(error)")
            }
            written.append(path)
        }
        try put(Self.configFile, config(), always: false)
        try put(Self.rulesFile, rules(), always: false)
        try put(Self.nodeTargetsFile, targets(nodes, port: exporterPort), always: true)
        try put(Self.machineTargetsFile, targets(nodes, port: machinePort, machine: true), always: true)
        return written
    }
}
