import Foundation

/// `osvm nodes status` (and the Nodes pane) reading through Prometheus instead of probing
/// each node over SSH: one PromQL query per figure for the whole fleet.
public enum PrometheusStatus {
    /// One snapshot per node Prometheus knows from the `osvm-nodes` job.
    public static func snapshots(_ prom: PromQLClient, now: Date = Date()) async throws -> [NodeSnapshot] {
        async let up = prom.query(#"up{job="osvm-nodes"}"#)
        async let healthy = prom.query("solana_node_healthy")
        async let slot = prom.query("solana_node_slot")
        async let cluster = prom.query("solana_cluster_slot")
        async let version = prom.query("solana_node_version_info")
        async let load = prom.query(#"node_load1{job="osvm-machines"}"#)
        async let mem = prom.query(#"100 * (1 - node_memory_MemAvailable_bytes{job="osvm-machines"} / node_memory_MemTotal_bytes{job="osvm-machines"})"#)
        async let disk = prom.query(#"max by (node) (100 * (1 - node_filesystem_avail_bytes{job="osvm-machines",fstype!~"tmpfs|overlay|squashfs"} / node_filesystem_size_bytes{job="osvm-machines",fstype!~"tmpfs|overlay|squashfs"}))"#)
        async let alerts = prom.query(#"ALERTS{alertstate="firing"}"#)
        var byNode: [String: NodeSnapshot] = [:]
        func with(_ node: String?, _ change: (inout NodeSnapshot) -> Void) {
            guard let node else { return }
            var s = byNode[node] ?? NodeSnapshot(node: node, time: now)
            change(&s)
            byNode[node] = s
        }
        for s in try await up { with(s.labels["node"]) { $0.serviceState = s.value == 1 ? "UP" : "DOWN" } }
        for s in try await healthy { with(s.labels["node"]) { $0.health = s.value == 1 ? "ok" : "unhealthy" } }
        for s in try await slot { with(s.labels["node"]) { $0.slot = s.value.isFinite && s.value >= 0 ? UInt64(s.value) : nil } }
        for s in try await cluster { with(s.labels["node"]) { $0.referenceSlot = s.value.isFinite && s.value >= 0 ? UInt64(s.value) : nil } }
        for s in try await version { with(s.labels["node"]) { $0.version = s.labels["version"] } }
        // Machine figures only for nodes the osvm-nodes job knows (node-exporter may be absent).
        let known = Set(byNode.keys)
        for s in try await load where known.contains(s.labels["node"] ?? "") { with(s.labels["node"]) { $0.load1 = s.value } }
        for s in try await mem where known.contains(s.labels["node"] ?? "") { with(s.labels["node"]) { $0.memUsedPercent = s.value } }
        for s in try await disk where known.contains(s.labels["node"] ?? "") { with(s.labels["node"]) { $0.diskUsedPercent = s.value } }
        for s in try await alerts {
            let name = s.labels["alertname"] ?? "alert"
            with(s.labels["node"]) { $0.alerts.append(Alert(kind: .prometheus, message: name)) }
        }
        return byNode.values.sorted { $0.node < $1.node }
    }
}
