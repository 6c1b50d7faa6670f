import Chain
import Foundation
import Synchronization
import Testing
@testable import Deploy

/// Collects deploy events for assertions.
final class EventLog: Sendable {
    let events = Mutex<[DeployEvent]>([])
    func add(_ e: DeployEvent) { events.withLock { $0.append(e) } }
    var started: [String] { events.withLock { $0.compactMap { if case .stepStarted(_, let t) = $0 { return t }; return nil } } }
    var resumedFrom: Int? {
        events.withLock { $0.compactMap { if case .started(_, _, let r) = $0 { return r }; return nil }.last }
    }
}

/// A step that always fails (for rollback tests).
let failingStep = DeployStep(id: "boom", title: "Failing step", changes: "nothing", check: "false",
                             action: .shell("echo about to fail; exit 3"), undo: nil)

@Suite struct DeploymentTests {
    @Test(.enabled(if: haveSSHD, Comment(rawValue: skipNote)))
    func fullDeploymentIdempotentMonitoredAndHotSwap() async throws {
        let fx = try SSHDFixture()
        defer { fx.stop() }
        let spec = try fx.localnetSpec()
        let plan = PlanBuilder.plan(for: spec)
        let deployer = Deployer(shell: fx.client, store: fx.store)
        let j1 = try await deployer.run(plan)
        #expect(j1.status == .completed)
        #expect(j1.changedCount >= 4, "\(j1.steps.map { "\($0.id):\($0.state)" })")
        #expect(j1.steps.first { $0.id == "tuning" }?.state == .skipped)
        // The identity keypair is a 64-byte JSON array made on the host.
        let key = try String(contentsOfFile: spec.identityPath, encoding: .utf8)
        #expect(key.hasPrefix("[") && key.split(separator: ",").count == 64)
        // Second run changes nothing.
        let j2 = try await deployer.run(plan)
        #expect(j2.changedCount == 0, "\(j2.steps.map { "\($0.id):\($0.state)" })")
        // The monitor reads real health, slot and service state.
        let rec = NodeRecord(name: "n1", target: fx.target, ssh: fx.options, spec: spec)
        var reg = try NodeRegistry.load(fx.home + "/.config/osvm/nodes.json")
        reg.upsert(rec)
        try reg.save()
        #expect(try NodeRegistry.load(reg.path).get("n1").spec.rpcPort == spec.rpcPort)
        var seen: [NodeSnapshot] = []
        for await snap in rec.monitor().snapshots(every: 0.2) {
            seen.append(snap)
            if seen.count == 2 { break }
        }
        let s = try #require(seen.last)
        #expect(s.health == "ok" && s.serviceState == "RUNNING" && s.version == "2.2.0", "\(s.line) \(s.errors)")
        #expect(s.slot != nil && s.diskUsedPercent != nil && s.memUsedPercent != nil && s.errorLinesPerMinute != nil, "\(s.line)")
        #expect(!s.alerts.contains { $0.kind == .unhealthy || $0.kind == .serviceDown }, "\(s.alerts)")
        // The shared engine judged what the host gave over SSH: disk, the open-file limit, the sysctls.
        let ids = Set(s.checks.map(\.id))
        #expect(ids.isSuperset(of: ["service", "health", "slot-advancing", "slots-behind", "disk", "nofile", "sysctl"]), "\(ids)")
        #expect(s.host?.diskPath != nil && s.host?.openFilesSoft != nil && s.host?.sysctls["vm.max_map_count"] != nil, "\(String(describing: s.host))")
        #expect(s.checks.first { $0.id == "service" }?.status == .pass)
        // `osvm doctor --node` prints the same checks (two readings, so slot advancing is judged).
        if haveOSVM {
            let r = try osvm(["doctor", "--node", "n1", "--json"], home: fx.home)
            #expect(r.stdout.contains(#""id":"service""#) && r.stdout.contains(#""id":"slot-advancing""#) && r.stdout.contains(#""id":"nofile""#), "\(r.all)")
            #expect(r.stdout.contains(#""status":"pass","detail":"RUNNING""#) || r.stdout.contains("RUNNING"), "\(r.all)")
        }
        // Hot-swap to a broken release: switched back, still healthy.
        let broken = fx.dir + "/broken.py"
        try "import sys\nsys.exit(1)\n".write(toFile: broken, atomically: true, encoding: .utf8)
        var bad = spec
        bad.healthTimeout = 4
        do {
            _ = try await Upgrader(shell: fx.client).upgrade(bad, to: "9.9.9", binary: .upload(localPath: broken, sha256: try Checksum.sha256(file: broken)))
            Issue.record("a broken release was accepted")
        } catch {
            #expect("\(error)".contains("switched back to releases/1.0.0"))
        }
        #expect(try await RPCClient(url: spec.rpcURL, timeout: 3).getHealth() == "ok")
    }

    @Test(.enabled(if: haveSSHD, Comment(rawValue: skipNote)))
    func failingStepRollsBack() async throws {
        let fx = try SSHDFixture()
        defer { fx.stop() }
        var plan = PlanBuilder.plan(for: try fx.localnetSpec())
        plan.insert(failingStep, after: "identity")
        let deployer = Deployer(shell: fx.client, store: fx.store)
        await #expect(throws: DeployError.self) { try await deployer.run(plan) }
        let j = try #require(try fx.store.load(plan.id))
        #expect(j.status == .rolledBack)
        #expect(j.steps.first { $0.id == "directories" }?.state == .undone)
        #expect(j.steps.first { $0.id == "boom" }?.state == .failed)
        #expect(!FileManager.default.fileExists(atPath: plan.spec.prefix), "prefix left behind")
    }

    @Test(.enabled(if: haveSSHD, Comment(rawValue: skipNote)))
    func interruptedRunResumes() async throws {
        let fx = try SSHDFixture()
        defer { fx.stop() }
        let spec = try fx.localnetSpec()
        var slow = PlanBuilder.plan(for: spec)
        slow.insert(DeployStep(id: "slow", title: "Slow step", changes: "waits", check: "false", action: .shell("sleep 30"), undo: nil),
                    after: "binaries")
        let log1 = EventLog()
        let task = Task { try await Deployer(shell: fx.client, store: fx.store) { log1.add($0) }.run(slow) }
        while !log1.started.contains("Slow step") { try await Task.sleep(nanoseconds: 50_000_000) }
        let t0 = Date()
        task.cancel()
        await #expect(throws: DeployError.cancelled) { try await task.value }
        #expect(Date().timeIntervalSince(t0) < 5)
        #expect(try fx.store.load(slow.id)?.status == .interrupted)
        // Run again (without the slow step): resumes after the last completed step.
        let log2 = EventLog()
        let plan = PlanBuilder.plan(for: spec)
        let j = try await Deployer(shell: fx.client, store: fx.store) { log2.add($0) }.run(plan)
        #expect(j.status == .completed)
        #expect(log2.resumedFrom == plan.steps.firstIndex { $0.id == "activate" })
        #expect(!log2.started.contains { $0.hasPrefix("Directories") || $0.hasPrefix("Binaries") })
    }
}
