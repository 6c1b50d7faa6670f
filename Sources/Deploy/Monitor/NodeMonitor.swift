import Chain
import Foundation

/// Polls one node over SSH (service, load, memory, disk, error lines in the log) and RPC
/// (health, slot, version, reference slot) and yields `NodeSnapshot`s.
///
///     let m = NodeMonitor(name: "rpc-1", shell: ssh, service: ctl, logFile: spec.logFile,
///                         dataPath: spec.prefix, rpcURL: spec.rpcURL, referenceRPC: spec.referenceRPC)
///     for await snap in m.snapshots(every: 5) { print(snap.line) }
public actor NodeMonitor {
    public let name: String
    let shell: any RemoteShell
    let service: ServiceControl
    let logFile: String
    let dataPath: String
    let rpc: RPCClient?
    let reference: RPCClient?
    public var thresholds: Thresholds
    private var logOffset: Int?
    private var last: NodeSnapshot?
    /// The slot last seen and when it last changed (for the "slot advancing" check).
    private var lastSlot: (slot: UInt64, since: Date)?

    public init(name: String, shell: any RemoteShell, service: ServiceControl, logFile: String, dataPath: String,
                rpcURL: String, referenceRPC: String?, thresholds: Thresholds = Thresholds()) {
        self.name = name; self.shell = shell; self.service = service; self.logFile = logFile; self.dataPath = dataPath
        rpc = try? RPCClient(url: rpcURL, timeout: 5, maxRetries: 0)
        reference = referenceRPC.flatMap { try? RPCClient(url: $0, timeout: 5, maxRetries: 1) }
        self.thresholds = thresholds
    }

    /// Snapshots every `interval` seconds until the consumer stops or the task is cancelled.
    public nonisolated func snapshots(every interval: Double) -> AsyncStream<NodeSnapshot> {
        AsyncStream { continuation in
            let task = Task {
                while !Task.isCancelled {
                    continuation.yield(await self.poll())
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One reading now.
    public func poll() async -> NodeSnapshot {
        var s = NodeSnapshot(node: name)
        await readHost(into: &s)
        await readRPC(into: &s)
        if let prev = last, let b = s.slotsBehind, let pb = prev.slotsBehind {
            let dt = s.time.timeIntervalSince(prev.time)
            if dt > 0 { s.catchUpRate = Double(pb - b) / dt }
        }
        var unchangedFor: Double?
        if let slot = s.slot, let seen = lastSlot {
            unchangedFor = slot == seen.slot ? s.time.timeIntervalSince(seen.since) : 0
        }
        s.checks = thresholds.checks(for: s, previousSlot: lastSlot?.slot, unchangedFor: unchangedFor)
        s.alerts = s.checks.compactMap(Alert.init)
        if let slot = s.slot, slot != lastSlot?.slot { lastSlot = (slot, s.time) }
        last = s
        return s
    }

    func hostScript() -> String {
        let q = Shell.quote
        return """
        echo "state=$(\(service.stateScript))"
        echo "load=$(cut -d' ' -f1 /proc/loadavg)"
        awk '/MemTotal/ {t=$2} /MemAvailable/ {a=$2} END {print "mem_total=" t; print "mem_avail=" a}' /proc/meminfo
        \(HostReadings.remoteScript(dataPath: dataPath, sysctlKeys: SVMCatalog.agaveSysctl.keys.sorted()))
        if [ -f \(q(logFile)) ]; then
          n=$(wc -l < \(q(logFile))); echo "log_lines=$n"
          off=${OSVM_OFF:-$n}; [ "$off" -gt "$n" ] && off=0
          echo "log_errors=$(tail -n +$((off + 1)) \(q(logFile)) | grep -ciE 'error|panic' || true)"
        fi
        """
    }

    func readHost(into s: inout NodeSnapshot) async {
        let script = (logOffset.map { "OSVM_OFF=\($0)\n" } ?? "") + hostScript()
        do {
            let r = try await shell.run(script, timeout: 15, onLine: nil)
            var kv: [String: String] = [:]
            for line in r.stdout.split(separator: "\n") {
                if let eq = line.firstIndex(of: "=") { kv[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
            }
            s.serviceState = kv["state"].flatMap { $0.isEmpty ? nil : $0 }
            s.load1 = kv["load"].flatMap(Double.init)
            if let t = kv["mem_total"].flatMap(Double.init), let a = kv["mem_avail"].flatMap(Double.init), t > 0 {
                s.memUsedPercent = (t - a) / t * 100
            }
            let host = HostReadings.parse(kv)
            s.host = host
            s.diskUsedPercent = host.diskUsedPercent
            if let n = kv["log_lines"].flatMap(Int.init) {
                if logOffset != nil, let e = kv["log_errors"].flatMap(Double.init), let prev = last {
                    let minutes = max(s.time.timeIntervalSince(prev.time) / 60, 1.0 / 60)
                    s.errorLinesPerMinute = e / minutes
                } else {
                    s.errorLinesPerMinute = 0
                }
                logOffset = n
            }
        } catch {
            s.errors.append("ssh: \(error)")
        }
    }

    func readRPC(into s: inout NodeSnapshot) async {
        guard let rpc else { s.errors.append("rpc: bad URL"); return }
        do { s.health = try await rpc.getHealth() } catch { s.health = "unhealthy"; s.errors.append("rpc: \(error)") }
        s.slot = try? await rpc.getSlot()
        s.version = try? await rpc.getVersion().solanaCore
        if let reference { s.referenceSlot = try? await reference.getSlot() }
    }
}
