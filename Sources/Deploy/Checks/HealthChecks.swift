import Foundation

/// The check engine shared by `osvm doctor` (this machine), `osvm doctor --node` and the node
/// monitors (a node over SSH and RPC), and through them the Nodes pane: each function judges
/// readings against `Thresholds` and says pass / warn / fail with the fix. Pure: reading is
/// the caller's job (`HostReadings`, `NodeMonitor`), so every verdict is testable from values.
public enum HealthChecks {
    // MARK: host

    /// Free space where osvm (or the node's ledger) writes. `judgeUsedPercent`: a node's
    /// disk fails above `maxDiskPercent` (the ledger keeps growing); a workstation's is judged
    /// by free bytes only (a 95 % full 2 TB disk still has room for osvm).
    public static func disk(_ r: HostReadings, _ t: Thresholds, purpose: String, judgeUsedPercent: Bool = true) -> CheckResult {
        let title = "disk space"
        guard r.diskFreeBytes != nil || r.diskUsedPercent != nil else {
            return CheckResult("disk", title, .warn, "cannot read the disk figures\(r.diskPath.map { " of \($0)" } ?? "")")
        }
        let figures = [r.diskFreeBytes.map { "\(size($0)) free" }, r.diskUsedPercent.map { String(format: "%.0f%% used", $0) }]
        let text = "disk " + figures.compactMap { $0 }.joined(separator: ", ") + (r.diskPath.map { " at \($0)" } ?? "")
        let fix = "free space on that filesystem (\(purpose))"
        if let free = r.diskFreeBytes, free < t.minFreeBytes { return CheckResult("disk", title, .fail, text, fix: fix) }
        if judgeUsedPercent, let used = r.diskUsedPercent, used > t.maxDiskPercent {
            return CheckResult("disk", title, .fail, text + String(format: " (> %.0f%%)", t.maxDiskPercent), fix: fix)
        }
        if let free = r.diskFreeBytes, free < t.minFreeBytes * 10 { return CheckResult("disk", title, .warn, text, fix: fix) }
        return CheckResult("disk", title, .pass, text)
    }

    /// The open-file limit: `minimum` is `Thresholds.minOpenFiles` for osvm itself and
    /// `minValidatorOpenFiles` for a node.
    public static func openFiles(_ r: HostReadings, minimum: UInt64, fix: String) -> CheckResult {
        let title = "open-file limit"
        guard let soft = r.openFilesSoft else { return CheckResult("nofile", title, .warn, "cannot read the limit of \(r.openFilesOf)") }
        let text = "\(count(soft)) soft\(r.openFilesHard.map { ", \(count($0)) hard" } ?? "") (\(r.openFilesOf))"
        if soft < minimum { return CheckResult("nofile", title, .warn, text + " — below \(count(minimum))", fix: fix) }
        return CheckResult("nofile", title, .pass, text)
    }

    /// The kernel settings Agave's maintainers ask for; the fixes need root.
    public static func sysctls(_ r: HostReadings, want: [String: String]) -> CheckResult {
        var low: [String] = [], cmds: [String] = []
        for (key, w) in want.sorted(by: { $0.key < $1.key }) {
            guard let have = r.sysctls[key], let need = UInt64(w), have < need else { continue }
            low.append("\(key)=\(have) (want \(w))")
            cmds.append("sysctl -w \(key)=\(w)")
        }
        if low.isEmpty {
            let seen = want.keys.filter { r.sysctls[$0] != nil }.count
            return CheckResult("sysctl", "validator sysctls", seen == 0 ? .skip : .pass,
                               seen == 0 ? "not readable" : "as Agave recommends (\(seen) checked)")
        }
        return CheckResult("sysctl", "validator sysctls", .warn, low.joined(separator: ", "),
                           fix: "as root: " + cmds.joined(separator: "; "), rootFix: cmds)
    }

    /// Memory in use on a node.
    public static func memory(usedPercent: Double?, _ t: Thresholds) -> CheckResult {
        guard let m = usedPercent else { return CheckResult("memory", "memory", .skip, "not read") }
        let text = String(format: "memory %.0f%% used", m)
        if m > t.maxMemPercent { return CheckResult("memory", "memory", .fail, text + String(format: " (> %.0f%%)", t.maxMemPercent), fix: "add memory or lower the accounts index/cache sizes") }
        return CheckResult("memory", "memory", .pass, text)
    }

    // MARK: node

    /// The service manager's view of the node's service.
    public static func service(_ state: String?) -> CheckResult {
        guard let state else { return CheckResult("service", "service", .fail, "host unreachable over SSH", fix: "check the host, its sshd and your key (osvm nodes status)") }
        if ["active", "RUNNING", "STARTING"].contains(state) { return CheckResult("service", "service", .pass, state) }
        return CheckResult("service", "service", .fail, "service \(state)", fix: "osvm nodes restart NAME; osvm nodes logs NAME shows why it stopped")
    }

    /// getHealth: "ok" passes, anything else (behind, unknown, no answer) fails.
    public static func health(_ health: String?, error: String? = nil) -> CheckResult {
        guard let h = health else { return CheckResult("health", "RPC health", .skip, "not read") }
        if h == "ok" { return CheckResult("health", "RPC health", .pass, "ok") }
        return CheckResult("health", "RPC health", .fail, "health: \(h)\(error.map { " (\($0))" } ?? "")",
                           fix: "the node is down or behind: osvm nodes logs NAME")
    }

    /// Whether the slot moves: `unchangedFor` seconds since the slot last changed (nil: only
    /// one reading so far).
    public static func slotAdvancing(slot: UInt64?, previous: UInt64?, unchangedFor: Double?, _ t: Thresholds) -> CheckResult {
        let title = "slot advancing"
        guard let slot else { return CheckResult("slot-advancing", title, .skip, "no slot read") }
        guard let previous, let unchangedFor else { return CheckResult("slot-advancing", title, .skip, "slot \(slot): one reading so far") }
        if slot < previous { return CheckResult("slot-advancing", title, .warn, "slot went back \(previous) → \(slot) (node restarted from a snapshot?)") }
        if slot > previous || unchangedFor == 0 { return CheckResult("slot-advancing", title, .pass, "slot \(previous) → \(slot)") }
        let text = String(format: "slot %llu unchanged for %.0f s", slot, unchangedFor)
        if unchangedFor >= t.stalledAfterSeconds {
            return CheckResult("slot-advancing", title, .fail, text + String(format: " (≥ %.0f s)", t.stalledAfterSeconds),
                               fix: "the node is stalled: osvm nodes logs NAME, then osvm nodes restart NAME")
        }
        return CheckResult("slot-advancing", title, .warn, text, fix: "watch it: osvm nodes monitor NAME (test validators advance only per transaction)")
    }

    /// Distance to the reference cluster's slot.
    public static func slotsBehind(_ behind: Int64?, _ t: Thresholds) -> CheckResult {
        guard let b = behind else { return CheckResult("slots-behind", "slots behind", .skip, "no reference RPC to compare with") }
        if b > t.maxSlotsBehind {
            return CheckResult("slots-behind", "slots behind", .fail, "\(b) slots behind (> \(t.maxSlotsBehind))",
                               fix: "the node is catching up or stuck: osvm nodes monitor NAME shows the catch-up rate")
        }
        return CheckResult("slots-behind", "slots behind", .pass, "\(max(b, 0)) behind the reference")
    }

    /// Error and panic lines written to the node's log per minute.
    public static func errorRate(_ perMinute: Double?, _ t: Thresholds) -> CheckResult {
        guard let e = perMinute else { return CheckResult("error-rate", "log errors", .skip, "log not read") }
        let text = String(format: "%.0f error lines/min", e)
        if e > t.maxErrorsPerMinute { return CheckResult("error-rate", "log errors", .fail, text, fix: "osvm nodes logs NAME") }
        return CheckResult("error-rate", "log errors", .pass, text)
    }

    // MARK: text

    static func size(_ bytes: UInt64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(bytes), i = 0
        while v >= 1024, i < units.count - 1 { v /= 1024; i += 1 }
        return String(format: i == 0 ? "%.0f %@" : "%.1f %@", v, units[i])
    }

    static func count(_ n: UInt64) -> String { n == UInt64.max ? "unlimited" : String(n) }
}
