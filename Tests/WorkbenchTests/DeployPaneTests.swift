import Deploy
import Foundation
import Testing
@testable import OSVMTUI

/// `:deploy` and the nodes pane's step checklist, driven by fake `DeployEvent`s.
@Suite struct DeployPaneTests {
    static let steps = ["System information", "Requirements (CPU, RAM, disk, ports)", "Dependencies", "Directories under /opt/osvm/solana-rpc-devnet",
                        "Binaries 2.2.1", "Activate release 2.2.1", "Identity keypair (generated on the host)", "Start osvm-solana-rpc-devnet"]
    static let cmd = "deploy root@10.0.0.5 --svm solana --node-type rpc --network devnet --version 2.2.1"

    func render(_ s: AppState, width: Int = 100, height: Int = 14) -> String {
        var b = ScreenBuffer(width: width, height: height)
        Renderer.drawPane(.nodes, s, into: &b, rect: Rect(x: 0, y: 0, width: width, height: height))
        return b.snapshot
    }

    @Test func badInputIsOneLineAndStartsNothing() {
        var s = Fixture.state()
        #expect(Palette.execute(&s, "deploy").isEmpty)
        #expect(s.message?.hasPrefix("usage: :deploy") == true)
        #expect(Palette.execute(&s, "deploy root@ --svm solana").isEmpty)
        #expect(s.message?.contains("target") == true, "\(s.message ?? "")")
        #expect(Palette.execute(&s, "deploy root@h --svm nosuch").isEmpty)
        #expect(s.message?.contains("nosuch") == true)
        #expect(Palette.execute(&s, "deploy root@h --svm solana --network moon").isEmpty)
        #expect(Palette.execute(&s, "deploy root@h --svm eclipse --node-type validator").isEmpty)
        #expect(Palette.execute(&s, "deploy root@h --svm solana --bogus 1").isEmpty)
        #expect(s.nodes.deployment == nil)
        #expect(s.log.lines.all.filter { $0.level == .error && $0.text.hasPrefix("deploy:") }.count == 6)
    }

    @Test func confirmationThenStart() throws {
        var s = Fixture.state()
        #expect(Palette.execute(&s, Self.cmd).isEmpty)
        #expect(s.focus == .nodes)
        let d = try #require(s.nodes.deployment)
        #expect(d.phase == .confirming && d.order.nodeType == "rpc" && d.order.options["version"] == "2.2.1")
        #expect(d.order.request.version == "2.2.1")
        Fixture.keys(&s, [.char("n")])
        #expect(s.nodes.deployment == nil)
        _ = Palette.execute(&s, Self.cmd)
        let fx = Fixture.keys(&s, [.char("y")])
        #expect(fx == [.deployStart(run: 2, s.nodes.deployment!.order)])
        #expect(s.nodes.deployment?.phase == .preparing)
        // --yes and --dry-run start at once.
        var t = Fixture.state()
        #expect(Palette.execute(&t, Self.cmd + " --yes").count == 1)
        var u = Fixture.state()
        let dry = Palette.execute(&u, Self.cmd + " --dry-run")
        #expect(dry.count == 1 && u.nodes.deployment?.order.dryRun == true)
        // Ctrl-C stops it; late updates of the stopped run are dropped.
        #expect(Fixture.keys(&t, [.ctrl("c")]) == [.deployCancel])
        #expect(t.nodes.deployment?.phase == .cancelled)
        _ = Update.reduce(&t, .deployUpdate(run: 1, .event(.started(id: "x", steps: ["a"], resumedFrom: nil))))
        #expect(t.nodes.deployment?.steps.isEmpty == true)
    }

    /// A store whose deploy service plays `events` and then stays open (`finish`: ends).
    func store(_ events: [DeployUpdate], finish: Bool) -> Store {
        let services = Services(deploy: { _ in
            AsyncStream { out in
                for e in events { out.yield(e) }
                if finish { out.finish() }
            }
        })
        var start = Fixture.state()
        _ = Update.reduce(&start, .nodesListed([], error: nil))
        return Store(state: start, services: services, publish: { _ in })
    }

    @Test func runningChecklistSnapshot() async {
        var ev: [DeployUpdate] = [.event(.started(id: "solana-rpc-devnet-root-10-0-0-5-22-1a2b3c4d", steps: Self.steps, resumedFrom: nil))]
        let states: [DeploymentJournal.StepState] = [.passed, .passed, .alreadyDone, .changed]
        for (i, st) in states.enumerated() {
            ev.append(.event(.stepStarted(index: i, title: Self.steps[i])))
            ev.append(.event(.stepFinished(index: i, title: Self.steps[i], state: st, elapsed: 0.4 + Double(i) * 0.3, message: nil)))
        }
        ev.append(.event(.stepStarted(index: 4, title: Self.steps[4])))
        ev.append(.event(.output(index: 4, line: OutputLine(.stdout, "downloading solana-release-x86_64-unknown-linux-gnu.tar.bz2"))))
        ev.append(.event(.output(index: 4, line: OutputLine(.stderr, "  43.1%  312 MiB of 724 MiB"))))
        ev.append(.elapsed(index: 4, seconds: 12.3))
        let store = store(ev, finish: false)
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        await store.send(.key(.ctrl("p")))
        for c in Self.cmd + " --yes" { await store.send(.key(.char(c))) }
        await store.send(.key(.enter))
        let s = await settle(store) { $0.nodes.deployment?.steps.count == 8 && $0.nodes.deployment?.steps[4].elapsed == 12.3 }
        #expect(s.nodes.deployment?.phase == .running)
        assertSnapshot(render(s), named: "deploy-running")
        #expect(s.log.lines.all.contains { $0.text == "deploy: [4] Directories under /opt/osvm/solana-rpc-devnet: changed (1.3 s)" })
        #expect(s.log.lines.all.contains { $0.level == .debug && $0.text.hasSuffix("43.1%  312 MiB of 724 MiB") })
    }

    @Test func failedStepRollsBackSnapshot() async {
        let steps = Array(Self.steps.prefix(5))
        var ev: [DeployUpdate] = [.event(.started(id: "d1", steps: steps, resumedFrom: 1))]
        ev.append(.event(.stepFinished(index: 0, title: steps[0], state: .passed, elapsed: 0, message: "done in an earlier run")))
        for i in 1...3 {
            ev.append(.event(.stepStarted(index: i, title: steps[i])))
            ev.append(.event(.stepFinished(index: i, title: steps[i], state: i == 2 ? .skipped : .changed, elapsed: Double(i), message: i == 2 ? "skipped: needs consent (--yes)" : nil)))
        }
        ev.append(.event(.stepStarted(index: 4, title: steps[4])))
        ev.append(.event(.output(index: 4, line: OutputLine(.stderr, "sha256 mismatch"))))
        ev.append(.event(.stepFinished(index: 4, title: steps[4], state: .failed, elapsed: 2.5, message: "checksum mismatch for /opt/osvm/x")))
        ev.append(.event(.rollbackStarted(reason: "step 'Binaries 2.2.1' failed")))
        ev.append(.event(.undone(index: 3, title: steps[3], ok: true, message: nil)))
        ev.append(.event(.undone(index: 1, title: steps[1], ok: true, message: nil)))
        ev.append(.event(.finished(status: .rolledBack, changed: 0)))
        ev.append(.failed("step 'Binaries 2.2.1' failed: checksum mismatch"))
        let store = store(ev, finish: true)
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        await store.send(.key(.ctrl("p")))
        for c in Self.cmd + " --yes" { await store.send(.key(.char(c))) }
        await store.send(.key(.enter))
        let s = await settle(store) { $0.nodes.deployment?.error != nil }
        #expect(s.nodes.deployment?.phase == .rolledBack)
        #expect(s.nodes.deployment?.steps.map(\.status) == [.done, .rolledBack, .skipped, .rolledBack, .failed])
        assertSnapshot(render(s, height: 11), named: "deploy-rolled-back")
        #expect(s.log.lines.all.contains { $0.level == .error && $0.text == "deploy: step 'Binaries 2.2.1' failed: checksum mismatch" })
        #expect(s.log.lines.all.contains { $0.text == "deploy: d1: 5 steps, resuming at step 2" })
    }

    /// The live service (`withDeploy`) against a refused port: a dry run still lists the plan
    /// (unchecked), a real run fails with one clear line; nothing is written under HOME.
    @Test func liveServiceAgainstARefusedPort() async throws {
        let home = NSTemporaryDirectory() + "osvm-tui-deploy-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let services = Services().withDeploy(environment: ["HOME": home])
        var order = try DeployOrder.parse("root@127.0.0.1:1 --svm solana --node-type rpc --version 2.2.1 --connect-timeout 2").get()
        order.dryRun = true
        var updates: [DeployUpdate] = []
        for await u in services.deploy(order) { updates.append(u) }
        var s = Fixture.state()
        s.nodes.deployment = DeploymentProgress(order: order, run: 1, phase: .preparing)
        for u in updates { _ = Update.reduce(&s, .deployUpdate(run: 1, u)) }
        _ = Update.reduce(&s, .deployFinished(run: 1))
        let d = try #require(s.nodes.deployment)
        #expect(d.phase == .planned && d.steps.count > 8, "\(d)")
        #expect(d.notes.first?.hasPrefix("host not checked") == true)
        #expect(d.steps.first?.note == "read-only" && d.steps.last?.note == "read-only", "\(d.steps)")
        order.dryRun = false
        var failed: String?
        for await u in services.deploy(order) { if case .failed(let m) = u { failed = m } }
        #expect(failed?.contains("127.0.0.1") == true || failed?.lowercased().contains("refused") == true, "\(failed ?? "nil")")
        #expect(!FileManager.default.fileExists(atPath: home + "/.config/osvm/nodes.json"))
    }
}
