import Assistant
import Deploy
import Foundation
import Testing
@testable import OSVMTUI

/// Chat and Nodes panes: Update on keys and agent/monitor events, and golden snapshots
/// driven through a `Store` with test services (a fake agent stream, fake snapshots).
@Suite struct ChatUpdateTests {
    func chatState() -> AppState {
        var s = Fixture.state()
        _ = Update.reduce(&s, .key(.alt("5")))
        return s
    }

    @Test func altFiveAndSixSwitchToTheFullLayout() {
        var s = Fixture.state()
        #expect(s.layout == .standard)
        Fixture.keys(&s, [.alt("5")])
        #expect(s.focus == .chat)
        #expect(s.layout.name == "full")
        Fixture.keys(&s, [.alt("6")])
        #expect(s.focus == .nodes)
        Fixture.keys(&s, [.alt("1")])
        #expect(s.focus == .editor)
        #expect(s.layout.name == "full")
        #expect(LayoutEngine.paneRects(s).count == 6)
    }

    @Test func paletteChatAndNodesFocusThem() {
        var s = Fixture.state()
        _ = Palette.execute(&s, "chat")
        #expect(s.focus == .chat)
        _ = Palette.execute(&s, "nodes")
        #expect(s.focus == .nodes)
        _ = Palette.execute(&s, "layout standard")
        #expect(s.layout == .standard)
        #expect(s.focus == .editor)   // the focused pane left the layout
        #expect(Palette.arguments(for: "layout") == ["standard", "wide", "full", "ops"])
    }

    @Test func enterSendsAltEnterAndCtrlJAddLines() {
        var s = chatState()
        Fixture.type(&s, "first")
        Fixture.keys(&s, [.alt("\r")])
        Fixture.type(&s, "second")
        Fixture.keys(&s, [.ctrl("j")])
        Fixture.type(&s, "third")
        #expect(s.chat.input.text == "first\nsecond\nthird")
        let fx = Fixture.keys(&s, [.enter])
        #expect(fx == [.chatSend(run: 1, session: nil, messages: [.user("first\nsecond\nthird")]), .startTicking])
        #expect(s.chat.streaming)
        #expect(s.chat.input.isEmpty)
        #expect(s.chat.items == [.user("first\nsecond\nthird")])
        // While streaming a second Enter does not send.
        Fixture.type(&s, "more")
        #expect(Fixture.keys(&s, [.enter]).isEmpty)
    }

    @Test func ctrlJIsItsOwnKey() {
        #expect(Key.fromScalar(10) == .ctrl("j"))
        #expect(Key.fromScalar(13) == .enter)
    }

    @Test func tokensStreamIntoOneAssistantItemAndCardsCollectResults() {
        var s = chatState()
        Fixture.type(&s, "hi\n")
        for t in ["Hel", "lo", "!"] { _ = Update.reduce(&s, .chatEvent(run: 1, .token(t))) }
        #expect(s.chat.items.last == .assistant("Hello!"))
        _ = Update.reduce(&s, .chatEvent(run: 1, .message(.assistant("Hello!"))))
        _ = Update.reduce(&s, .chatEvent(run: 1, .toolCall(ToolCall(id: "c1", name: "run_ovsm", arguments: "{\"code\":\"(+ 1 2)\"}"))))
        _ = Update.reduce(&s, .chatEvent(run: 1, .toolResult(callID: "c1", name: "run_ovsm", outcome: ToolOutcome(content: "value: 3", isError: false))))
        _ = Update.reduce(&s, .chatEvent(run: 1, .token("Done")))
        #expect(s.chat.items.count == 4)
        guard case .card(let card) = s.chat.items[2] else { Issue.record("no card"); return }
        #expect(card.result == "value: 3")
        #expect(!card.expanded)
        #expect(s.chat.items[3] == .assistant("Done"))
        _ = Update.reduce(&s, .chatFinished(run: 1))
        #expect(!s.chat.streaming)
        // ↑ selects the card, Enter and Space fold it, Esc unselects.
        Fixture.keys(&s, [.up])
        #expect(s.chat.selectedCard == 2)
        Fixture.keys(&s, [.enter])
        if case .card(let c) = s.chat.items[2] { #expect(c.expanded) }
        Fixture.keys(&s, [.char(" ")])
        if case .card(let c) = s.chat.items[2] { #expect(!c.expanded) }
        Fixture.keys(&s, [.escape])
        #expect(s.chat.selectedCard == nil)
    }

    @Test func ctrlCCancelsAndLaterEventsOfThatRunAreDropped() {
        var s = chatState()
        Fixture.type(&s, "hi\n")
        _ = Update.reduce(&s, .chatEvent(run: 1, .token("partial")))
        let fx = Fixture.keys(&s, [.ctrl("c")])
        #expect(fx == [.chatCancel])
        #expect(!s.chat.streaming)
        #expect(s.chat.messages == [.user("hi"), .assistant("partial")])
        _ = Update.reduce(&s, .chatEvent(run: 1, .token(" more")))
        #expect(s.chat.items.contains(.assistant("partial")))
        #expect(!s.chat.items.contains(.assistant("partial more")))
        #expect(s.chat.items.last == .info("cancelled"))
    }

    @Test func approvalAnswersYesNoAndEdit() {
        var s = chatState()
        Fixture.type(&s, "run it\n")
        _ = Update.reduce(&s, .chatApprovalRequested(code: "(+ 40 2)"))
        #expect(s.chat.approval == "(+ 40 2)")
        #expect(Fixture.keys(&s, [.char("y")]) == [.chatApprove(.yes)])
        #expect(s.chat.approval == nil)
        _ = Update.reduce(&s, .chatApprovalRequested(code: "(+ 40 2)"))
        #expect(Fixture.keys(&s, [.char("n")]) == [.chatApprove(.no)])
        _ = Update.reduce(&s, .chatApprovalRequested(code: "(+ 40 2)"))
        Fixture.keys(&s, [.char("e"), .backspace, .backspace])
        Fixture.type(&s, "1)")
        #expect(s.chat.input.text == "(+ 40 1)")
        #expect(Fixture.keys(&s, [.enter]) == [.chatApprove(.edit("(+ 40 1)"))])
        #expect(s.chat.input.isEmpty)
        // Asked when nothing streams (a stale question): declined at once.
        _ = Update.reduce(&s, .chatFinished(run: s.chat.run))
        #expect(Update.reduce(&s, .chatApprovalRequested(code: "x")) == [.chatApprove(.no)])
    }

    @Test func errorsShowInThePaneAndTheLog() {
        var s = chatState()
        Fixture.type(&s, "hi\n")
        let msg = "cannot reach http://127.0.0.1:9/v1 (refused): start the server or set OPENAI_URL, --url or ai.url in ~/.config/osvm/config.yml"
        _ = Update.reduce(&s, .chatEvent(run: 1, .error(msg)))
        #expect(s.chat.items.last == .error(msg))
        #expect(s.log.lines.all.last?.text == "chat: " + msg)
        _ = Update.reduce(&s, .chatConfigured("not configured", error: "invalid AI URL 'x' (from environment): set OPENAI_URL, --url or ai.url to an http(s) URL"))
        #expect(s.chat.model == "not configured")
    }

    @Test func sessionsNewListAndLoad() {
        var s = chatState()
        Fixture.type(&s, "hi\n")
        _ = Update.reduce(&s, .chatSessionCreated(path: "/c/20261125-120000-1.jsonl"))
        _ = Update.reduce(&s, .chatFinished(run: 1))
        #expect(s.chat.session == "/c/20261125-120000-1.jsonl")
        #expect(s.chat.sessions.first?.title == "hi")
        Fixture.keys(&s, [.ctrl("n")])
        #expect(s.chat.session == nil)
        #expect(s.chat.messages.isEmpty)
        #expect(s.chat.sessions.count == 1)
        #expect(Fixture.keys(&s, [.ctrl("o")]) == [.chatListSessions])
        #expect(s.chat.sessionList == 0)
        #expect(Fixture.keys(&s, [.enter]) == [.chatOpenSession("/c/20261125-120000-1.jsonl")])
        _ = Update.reduce(&s, .chatSessionLoaded(path: "/c/20261125-120000-1.jsonl", messages: [
            .system("sys"), .user("hi"),
            ChatMessage(role: .assistant, content: nil, toolCalls: [ToolCall(id: "t", name: "get_slot", arguments: "{}")]),
            ChatMessage(role: .tool, content: "42", toolCallID: "t"), .assistant("slot 42"),
        ]))
        #expect(s.chat.sessionList == nil)
        #expect(s.chat.messages.count == 4)
        #expect(s.chat.items.prefix(3) == [.user("hi"), .card(ChatCard(id: "t", name: "get_slot", arguments: "{}", result: "42")), .assistant("slot 42")])
    }
}

@Suite struct NodesUpdateTests {
    @Test func newAlertsGoToTheLogOnce() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .nodesListed([NodeInfo(name: "rpc-1", host: "osvm@10.0.0.5")], error: nil))
        var snap = NodeSnapshot(node: "rpc-1")
        snap.slot = 100; snap.serviceState = "active"; snap.health = "ok"; snap.diskUsedPercent = 95
        snap.alerts = Thresholds().alerts(for: snap)
        _ = Update.reduce(&s, .nodeSnapshot(snap))
        snap.slot = 130
        _ = Update.reduce(&s, .nodeSnapshot(snap))
        let alerts = s.log.lines.all.filter { $0.text.contains("ALERT") }
        #expect(alerts.map(\.text) == ["node rpc-1: ALERT disk 95% used (> 90%)"])
        #expect(alerts.first?.level == .warn)
        #expect(s.nodes.slotHistory["rpc-1"] == [30])
    }

    @Test func sparklineScalesBetweenMinAndMax() {
        #expect(NodesView.sparkline([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(NodesView.sparkline([1, 2, 3], width: 2) == "▁█")
        #expect(NodesView.sparkline([], width: 5) == "")
    }
}

/// Runs a store over test services until `done` holds.
func settle(_ store: Store, timeout: Double = 10, _ done: @Sendable (AppState) -> Bool) async -> AppState {
    let end = Date().addingTimeInterval(timeout)
    while Date() < end {
        let s = await store.state
        if done(s) { return s }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await store.state
}

@Suite struct PaneSnapshotTests {
    static let events: [AgentEvent] = [
        .token("## Balance\n"), .token("Your **balance** is `2 ◎`; "), .token("checking with OVSM:\n"),
        .toolCall(ToolCall(id: "c1", name: "run_ovsm", arguments: "{\"code\":\"(+ 40 2)\"}")),
        .toolResult(callID: "c1", name: "run_ovsm", outcome: ToolOutcome(content: "value: 42", isError: false)),
        .token("- the script said 42\n- nothing else to do\n```ovsm\n(getBalance me)\n```"),
    ]

    static func chatServices() -> Services {
        Services(chatRun: { session, _ in
            ChatRun(session: session ?? "/chats/20261125-120000-7.jsonl", events: AsyncStream { out in
                for e in events { out.yield(e) }
                out.finish()
            })
        })
    }

    func render(_ s: AppState, _ pane: PaneID, width: Int = 60, height: Int = 18) -> String {
        var b = ScreenBuffer(width: width, height: height)
        Renderer.drawPane(pane, s, into: &b, rect: Rect(x: 0, y: 0, width: width, height: height))
        return b.snapshot
    }

    @Test func chatPaneStreamsThroughTheStore() async {
        var start = Fixture.state()
        _ = Update.reduce(&start, .key(.alt("5")))
        start.chat.model = "scripted at http://127.0.0.1:1/v1"
        let store = Store(state: start, services: Self.chatServices(), publish: { _ in })
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        for c in "what is my balance?" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        let s = await settle(store) { $0.chat.run == 1 && !$0.chat.streaming }
        #expect(s.chat.session == "/chats/20261125-120000-7.jsonl")
        assertSnapshot(render(s, .chat), named: "chat")
        for k: Key in [.up, .enter] { store.input.yield(.key(k)) }
        let open = await settle(store) { if case .card(let c) = $0.chat.items[2] { return c.expanded } else { return false } }
        assertSnapshot(render(open, .chat), named: "chat-card-open")
    }

    @Test func chatApprovalPrompt() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .key(.alt("5")))
        Fixture.type(&s, "sum it\n")
        _ = Update.reduce(&s, .chatEvent(run: 1, .toolCall(ToolCall(id: "c1", name: "run_ovsm", arguments: "{\"code\":\"(+ 40 2)\"}"))))
        _ = Update.reduce(&s, .chatApprovalRequested(code: "(define x 40)\n(+ x 2)"))
        assertSnapshot(render(s, .chat, height: 12), named: "chat-approval")
    }

    @Test func nodesPaneShowsLiveSnapshots() async {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        var snaps: [NodeSnapshot] = []
        for (i, (slot, load)) in [(1000, 0.5), (1040, 0.9), (1090, 1.4), (1120, 0.7)].enumerated() {
            var n = NodeSnapshot(node: "rpc-1", time: base.addingTimeInterval(Double(i) * 5))
            n.serviceState = "active"; n.health = "ok"; n.slot = UInt64(slot); n.referenceSlot = UInt64(slot + 3)
            n.load1 = load; n.memUsedPercent = 41; n.diskUsedPercent = 63
            n.alerts = Thresholds().alerts(for: n)
            snaps.append(n)
        }
        var bad = NodeSnapshot(node: "val-2", time: base)
        bad.serviceState = "failed"; bad.health = "unhealthy"; bad.slot = 5; bad.referenceSlot = 2005
        bad.load1 = 3.2; bad.memUsedPercent = 97; bad.diskUsedPercent = 95
        bad.alerts = Thresholds().alerts(for: bad)
        snaps.append(bad)
        let all = snaps
        let services = Services(
            nodes: { ([NodeInfo(name: "rpc-1", host: "osvm@10.0.0.5"), NodeInfo(name: "val-2", host: "sol@10.0.0.6:2222")], nil) },
            nodeSnapshots: { AsyncStream { out in for n in all { out.yield(.snapshot(n)) }; out.finish() } })
        var start = Fixture.state()
        _ = Update.reduce(&start, .key(.alt("6")))
        let store = Store(state: start, services: services, publish: { _ in })
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        await store.startNodeMonitor()
        let s = await settle(store) { $0.nodes.latest["val-2"] != nil && $0.nodes.loadHistory["rpc-1"]?.count == 4 }
        assertSnapshot(render(s, .nodes, width: 120, height: 10), named: "nodes")
        #expect(s.log.lines.all.filter { $0.text.hasPrefix("node val-2: ALERT") }.count == 5)
    }

    @Test func nodesPaneFromPrometheusScrollsAndSaysItsSource() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .nodesListed([], error: nil))
        _ = Update.reduce(&s, .fleet(.source("Prometheus http://127.0.0.1:9090")))
        _ = Update.reduce(&s, .fleet(.history(node: "n000", slots: [2, 3, 2], load: [0.5, 0.7])))
        for i in 0..<200 {
            var snap = NodeSnapshot(node: String(format: "n%03d", i))
            snap.serviceState = "UP"; snap.health = "ok"; snap.slot = UInt64(1000 + i); snap.referenceSlot = 1000 + 199
            _ = Update.reduce(&s, .fleet(.snapshot(snap)))
        }
        #expect(s.nodes.nodes.count == 200 && s.nodes.slotHistory["n000"] == [2, 3, 2])
        var text = render(s, .nodes, width: 120, height: 10)
        #expect(text.contains("200 nodes ─ Prometheus http://127.0.0.1:9090") && text.contains("n000"))
        s.nodes.selected = 150
        text = render(s, .nodes, width: 120, height: 10)
        #expect(text.contains("n150") && !text.contains("n000"))
        // A failing source is one warning line (logged once), cleared by the next reading.
        _ = Update.reduce(&s, .fleet(.problem("Prometheus at http://127.0.0.1:9090: connection refused")))
        _ = Update.reduce(&s, .fleet(.problem("Prometheus at http://127.0.0.1:9090: connection refused")))
        #expect(render(s, .nodes, width: 120, height: 10).contains("⚠ Prometheus at"))
        #expect(s.log.lines.all.filter { $0.text.hasPrefix("nodes: Prometheus at") }.count == 1)
        _ = Update.reduce(&s, .fleet(.snapshot(NodeSnapshot(node: "n001"))))
        #expect(s.nodes.problem == nil)
    }

    @Test func nodesPaneEmptyState() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .nodesListed([], error: nil))
        assertSnapshot(render(s, .nodes, width: 80, height: 6), named: "nodes-empty")
    }

    @Test func fullLayoutFrame() {
        var s = DemoState.make(width: 120, height: 30, logLines: 10)
        s.layout = .full
        s.focus = .chat
        s.chat.items = [.user("hi"), .assistant("Hello! Ask me about **Solana**.")]
        _ = Update.reduce(&s, .nodesListed([], error: nil))
        assertSnapshot(Renderer.render(s).snapshot, named: "frame-full-120x30")
    }
}

/// `:doctor` runs the same checks as `osvm doctor` (the real Doctor, on a temporary HOME
/// with a keypair others can read) and shows them in the Log.
@Suite struct DoctorPaletteTests {
    @Test func doctorShowsTheSameChecksInTheLog() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("osvm-doctor-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.config/osvm", withIntermediateDirectories: true)
        try Data("rpc_url: http://127.0.0.1:1\n".utf8).write(to: URL(fileURLWithPath: home + "/.config/osvm/config.yml"))
        var s = Fixture.state()
        #expect(Palette.execute(&s, "doctor") == [.runDoctor])
        let services = Services().withDeploy(environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
        let store = Store(state: s, services: services, publish: { _ in })
        let runner = Task { await store.run() }
        defer { runner.cancel(); store.input.finish() }
        await store.perform(.runDoctor)
        let done = await settle(store) { $0.message?.hasPrefix("doctor: ") == true && $0.message != "doctor: checking…" }
        #expect(done.message?.contains("fail") == true, "\(done.message ?? "")")
        let lines = done.log.lines.all.map(\.text).filter { $0.hasPrefix("doctor ") }
        // The closed RPC port fails with its fix, as in the CLI.
        #expect(lines.contains { $0.hasPrefix("doctor FAIL") && $0.contains("127.0.0.1:1") }, "\(lines)")
        #expect(done.log.lines.all.contains { $0.level == .error && $0.text.hasPrefix("doctor FAIL") })
    }
}
