import Foundation
import Testing
@testable import Deploy

/// The check engine shared by `osvm doctor` and the node monitors: verdicts from values,
/// and the remote reading script run through a real /bin/sh.
@Suite("Shared check engine")
struct HealthChecksTests {
    let t = Thresholds()

    @Test("disk: free bytes fail/warn everywhere; the used percentage only on nodes")
    func disk() {
        var r = HostReadings()
        r.diskPath = "/data"; r.diskFreeBytes = 10 << 20; r.diskUsedPercent = 99
        #expect(HealthChecks.disk(r, t, purpose: "x").status == .fail)
        r.diskFreeBytes = 100 << 20
        #expect(HealthChecks.disk(r, t, purpose: "x", judgeUsedPercent: false).status == .warn)
        r.diskFreeBytes = 100 << 30
        #expect(HealthChecks.disk(r, t, purpose: "x", judgeUsedPercent: false).status == .pass)
        let node = HealthChecks.disk(r, t, purpose: "x")
        #expect(node.status == .fail && node.detail == "disk 100.0 GB free, 99% used at /data (> 90%)")
        #expect(HealthChecks.disk(HostReadings(), t, purpose: "x").status == .warn)
    }

    @Test("open files, sysctls: below the minimum warns with the fix; unreadable sysctls are skipped")
    func limits() {
        var r = HostReadings()
        r.openFilesSoft = 1024; r.openFilesHard = 4096; r.openFilesOf = "validator (pid 7)"
        let low = HealthChecks.openFiles(r, minimum: t.minValidatorOpenFiles, fix: "raise it")
        #expect(low.status == .warn && low.detail == "1024 soft, 4096 hard (validator (pid 7)) — below 1000000" && low.fix == "raise it")
        r.openFilesSoft = .max
        #expect(HealthChecks.openFiles(r, minimum: t.minValidatorOpenFiles, fix: "").detail.hasPrefix("unlimited soft"))
        #expect(HealthChecks.sysctls(r, want: ["vm.max_map_count": "1000000"]).status == .skip)
        r.sysctls = ["vm.max_map_count": 65530, "fs.nr_open": 1_048_576]
        let s = HealthChecks.sysctls(r, want: ["vm.max_map_count": "1000000", "fs.nr_open": "1000000"])
        #expect(s.status == .warn && s.rootFix == ["sysctl -w vm.max_map_count=1000000"])
    }

    @Test("slot advancing: one reading skips, a moving slot passes, a still one warns then fails after stalledAfterSeconds")
    func slotAdvancing() {
        #expect(HealthChecks.slotAdvancing(slot: 5, previous: nil, unchangedFor: nil, t).status == .skip)
        #expect(HealthChecks.slotAdvancing(slot: 6, previous: 5, unchangedFor: 0, t).status == .pass)
        #expect(HealthChecks.slotAdvancing(slot: 5, previous: 5, unchangedFor: 10, t).status == .warn)
        let stalled = HealthChecks.slotAdvancing(slot: 5, previous: 5, unchangedFor: 61, t)
        #expect(stalled.status == .fail && stalled.detail == "slot 5 unchanged for 61 s (≥ 60 s)")
        #expect(HealthChecks.slotAdvancing(slot: 4, previous: 5, unchangedFor: 0, t).status == .warn)
    }

    @Test("a snapshot's checks: failing ones become the alerts; unreachable is one alert, not six")
    func snapshotChecks() {
        var s = NodeSnapshot(node: "n")
        #expect(t.alerts(for: s).map(\.kind) == [.unreachable])
        s.serviceState = "active"; s.health = "ok"; s.slot = 100; s.referenceSlot = 400; s.diskUsedPercent = 50
        let checks = t.checks(for: s, previousSlot: 100, unchangedFor: 90)
        #expect(Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0.status) }) ==
                ["service": .pass, "health": .pass, "slot-advancing": .fail, "slots-behind": .fail, "memory": .skip,
                 "error-rate": .skip, "disk": .pass])
        #expect(checks.compactMap(Alert.init).map(\.kind) == [.stalled, .slotsBehind])
        // Prometheus' limits are the same numbers: the rules it gets say "> 150".
        #expect(PrometheusSetup().rules().contains("solana_node_slots_behind > \(t.maxSlotsBehind)"))
    }

    @Test("the remote reading script, run by a real /bin/sh here, reads what this process reads")
    func remoteScriptRunsInARealShell() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keys = ["vm.max_map_count", "fs.nr_open", "net.core.no_such_key"]
        let script = HostReadings.remoteScript(dataPath: dir + "/ledger/not-yet", sysctlKeys: keys)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        var kv: [String: String] = [:]
        for line in text.split(separator: "\n") {
            if let eq = line.firstIndex(of: "=") { kv[String(line[..<eq])] = String(line[line.index(after: eq)...]) }
        }
        let remote = HostReadings.parse(kv)
        let local = HostReadings.local(diskPath: dir + "/ledger/not-yet", sysctlKeys: keys)
        #expect(remote.diskPath == dir && local.diskPath == dir)
        #expect(remote.diskFreeBytes != nil && remote.diskUsedPercent != nil)
        if let a = remote.diskUsedPercent, let b = local.diskUsedPercent { #expect(abs(a - b) <= 2, "df \(a)% vs statvfs \(b)%") }
        #expect(remote.sysctls == local.sysctls)
        #expect(remote.sysctls["net.core.no_such_key"] == nil)
        if remote.openFilesOf == "login shell" { #expect(remote.openFilesSoft == local.openFilesSoft) }
    }
}
