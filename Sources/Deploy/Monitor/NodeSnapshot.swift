import Foundation

/// One reading of a node: host figures over SSH and node figures over RPC.
/// Optional fields are nil when that source did not answer; `errors` says why.
public struct NodeSnapshot: Sendable, Equatable, Codable {
    public var node: String
    public var time: Date
    public var serviceState: String?
    public var load1: Double?
    public var memUsedPercent: Double?
    public var diskUsedPercent: Double?
    public var errorLinesPerMinute: Double?
    public var health: String?
    public var slot: UInt64?
    public var version: String?
    public var referenceSlot: UInt64?
    /// Slots gained on the reference per second since the previous snapshot (positive: catching up).
    public var catchUpRate: Double?
    /// Disk, open-file limit and sysctls as read on the host (nil when SSH did not answer).
    public var host: HostReadings?
    /// The shared engine's verdicts (`Thresholds.checks`); `alerts` are the failing ones.
    public var checks: [CheckResult] = []
    public var alerts: [Alert]
    public var errors: [String]

    public init(node: String, time: Date = Date()) {
        self.node = node; self.time = time; alerts = []; errors = []
    }

    public var slotsBehind: Int64? {
        guard let s = slot, let r = referenceSlot else { return nil }
        return Int64(r) - Int64(s)
    }

    /// `node  RUNNING  health=ok slot=42 behind=0 v2.2.0 load=0.12 mem=41% disk=63% err/min=0 [ALERT …]`
    public var line: String {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0) } ?? "?" }
        var s = "\(node)  \(serviceState ?? "?")  health=\(health ?? "?") slot=\(slot.map(String.init) ?? "?")"
        if let b = slotsBehind { s += " behind=\(b)" }
        if let r = catchUpRate { s += String(format: " catchup=%.1f/s", r) }
        s += " v\(version ?? "?") load=\(load1.map { String(format: "%.2f", $0) } ?? "?") mem=\(pct(memUsedPercent)) disk=\(pct(diskUsedPercent))"
        s += " err/min=\(errorLinesPerMinute.map { String(format: "%.1f", $0) } ?? "?")"
        for a in alerts { s += "  [ALERT \(a.message)]" }
        return s
    }
}

/// A failing check of a snapshot, as the Log and the Nodes pane show it.
public struct Alert: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case slotsBehind, disk, memory, unhealthy, serviceDown, errorRate, unreachable, stalled, prometheus }
    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) { self.kind = kind; self.message = message }

    /// The alert a failing check raises (nil for checks that never alert).
    public init?(_ check: CheckResult) {
        guard check.status == .fail else { return nil }
        let kinds: [String: Kind] = ["slots-behind": .slotsBehind, "disk": .disk, "memory": .memory, "health": .unhealthy,
                                     "service": .serviceDown, "error-rate": .errorRate, "slot-advancing": .stalled,
                                     "reachable": .unreachable]
        guard let kind = kinds[check.id] else { return nil }
        self.init(kind: kind, message: check.detail)
    }
}

extension Thresholds {
    /// Every check of a snapshot, judged by the shared engine (`HealthChecks`). `previousSlot`
    /// and `unchangedFor` come from the monitor's earlier readings.
    public func checks(for s: NodeSnapshot, previousSlot: UInt64? = nil, unchangedFor: Double? = nil) -> [CheckResult] {
        if s.serviceState == nil && s.health == nil {
            return [CheckResult("reachable", "reachable", .fail, "node unreachable (no SSH, no RPC answer)",
                                fix: "check the host, its sshd, your key and the RPC port (osvm nodes status)")]
        }
        var out = [HealthChecks.service(s.serviceState), HealthChecks.health(s.health),
                   HealthChecks.slotAdvancing(slot: s.slot, previous: previousSlot, unchangedFor: unchangedFor, self),
                   HealthChecks.slotsBehind(s.slotsBehind, self), HealthChecks.memory(usedPercent: s.memUsedPercent, self),
                   HealthChecks.errorRate(s.errorLinesPerMinute, self)]
        var host = s.host ?? HostReadings()
        if host.diskUsedPercent == nil { host.diskUsedPercent = s.diskUsedPercent }
        if host.diskUsedPercent != nil || host.diskFreeBytes != nil {
            out.append(HealthChecks.disk(host, self, purpose: "the ledger and accounts grow: osvm nodes logs NAME, prune snapshots"))
        }
        if s.host?.openFilesSoft != nil {
            out.append(HealthChecks.openFiles(host, minimum: minValidatorOpenFiles, fix: "LimitNOFILE=\(minValidatorOpenFiles) in the service unit (osvm nodes deploy sets it)"))
        }
        if !(s.host?.sysctls.isEmpty ?? true) { out.append(HealthChecks.sysctls(host, want: SVMCatalog.agaveSysctl)) }
        return out
    }

    /// The alerts `s` raises: its failing checks.
    public func alerts(for s: NodeSnapshot) -> [Alert] {
        checks(for: s).compactMap(Alert.init)
    }
}
