import Foundation

/// One reading of a node: host figures over SSH and node figures over RPC.
/// Optional fields are nil when that source did not answer; `errors` says why.
public struct NodeSnapshot: Sendable, Equatable {
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

/// A threshold crossed by a snapshot.
public struct Alert: Sendable, Equatable {
    public enum Kind: String, Sendable { case slotsBehind, disk, memory, unhealthy, serviceDown, errorRate, unreachable, prometheus }
    public var kind: Kind
    public var message: String
}

/// Limits that raise alerts.
public struct Thresholds: Sendable {
    public var maxSlotsBehind: Int64 = 1_000
    public var maxDiskPercent: Double = 90
    public var maxMemPercent: Double = 95
    public var maxErrorsPerMinute: Double = 60
    public init() {}

    /// The alerts `s` raises.
    public func alerts(for s: NodeSnapshot) -> [Alert] {
        var a: [Alert] = []
        if let b = s.slotsBehind, b > maxSlotsBehind { a.append(Alert(kind: .slotsBehind, message: "\(b) slots behind (> \(maxSlotsBehind))")) }
        if let d = s.diskUsedPercent, d > maxDiskPercent { a.append(Alert(kind: .disk, message: String(format: "disk %.0f%% (> %.0f%%)", d, maxDiskPercent))) }
        if let m = s.memUsedPercent, m > maxMemPercent { a.append(Alert(kind: .memory, message: String(format: "memory %.0f%% (> %.0f%%)", m, maxMemPercent))) }
        if let e = s.errorLinesPerMinute, e > maxErrorsPerMinute { a.append(Alert(kind: .errorRate, message: String(format: "%.0f error lines/min", e))) }
        if let h = s.health, h != "ok" { a.append(Alert(kind: .unhealthy, message: "health: \(h)")) }
        if let st = s.serviceState, !["active", "RUNNING", "STARTING"].contains(st) { a.append(Alert(kind: .serviceDown, message: "service \(st)")) }
        if s.serviceState == nil && s.health == nil { a.append(Alert(kind: .unreachable, message: "node unreachable")) }
        return a
    }
}
