import Testing
@testable import OSVMTUI

/// Golden plain-text snapshots of each pane and of whole frames (lines + style runs).
@Suite struct SnapshotTests {
    func pane(_ p: PaneID, focused: Bool = true) -> String {
        var s = DemoState.make(width: 100, height: 30, logLines: 20)
        s.focus = focused ? p : .log
        var b = ScreenBuffer(width: 50, height: 12)
        Renderer.drawPane(p, s, into: &b, rect: Rect(x: 0, y: 0, width: 50, height: 12))
        return b.snapshot
    }

    @Test func editorPane() { assertSnapshot(pane(.editor), named: "editor") }
    @Test func replPane() { assertSnapshot(pane(.repl), named: "repl") }
    @Test func explorerPane() { assertSnapshot(pane(.explorer), named: "explorer") }
    @Test func logPane() { assertSnapshot(pane(.log), named: "log") }

    @Test func transactionView() {
        var s = DemoState.make(width: 100, height: 30)
        s.explorer.stack.append(.transaction(TransactionSummary(
            signature: "5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ", status: "ok", slot: 1198,
            time: "2026-11-25 12:01:00 UTC", fee: "0.000005 ◎",
            accounts: ["9xQeWv…VFin  2 ◎ → 1.499995 ◎  (−0.500005)", "7GhJkL…xYz1  0 ◎ → 0.5 ◎  (+0.5)"],
            instructions: ["system  2 accounts  12 bytes"], logs: ["Program 11111111111111111111111111111111 success"])))
        var b = ScreenBuffer(width: 60, height: 16)
        Renderer.drawPane(.explorer, s, into: &b, rect: Rect(x: 0, y: 0, width: 60, height: 16))
        assertSnapshot(b.snapshot, named: "transaction")
    }

    @Test func paneInErrorShowsItsError() {
        var s = DemoState.make(width: 100, height: 30)
        s.paneErrors[.explorer] = "rpc: connection refused"
        var b = ScreenBuffer(width: 40, height: 4)
        Renderer.drawPane(.explorer, s, into: &b, rect: Rect(x: 0, y: 0, width: 40, height: 4))
        assertSnapshot(b.snapshot, named: "pane-error")
    }

    @Test func fullFrame() {
        let s = DemoState.make(width: 100, height: 30, logLines: 20)
        assertSnapshot(Renderer.render(s).snapshot, named: "frame-100x30")
    }

    @Test func compactFrameWithTabs() {
        var s = DemoState.make(width: 60, height: 20, logLines: 20)
        s.focus = .repl
        assertSnapshot(Renderer.render(s).snapshot, named: "frame-60x20")
    }

    @Test func helpOverlayAndPalette() {
        var s = DemoState.make(width: 80, height: 24, logLines: 5)
        s.focus = .log
        _ = Update.reduce(&s, .key(.char("?")))
        assertSnapshot(Renderer.render(s).snapshot, named: "help-log")
        _ = Update.reduce(&s, .key(.escape))
        _ = Update.reduce(&s, .key(.char(":")))
        _ = Update.reduce(&s, .key(.char("t")))
        assertSnapshot(Renderer.render(s).snapshot, named: "palette")
    }

    @Test func wideHelpOverlayUsesTwoColumns() {
        var s = DemoState.make(width: 130, height: 34, logLines: 5)
        s.focus = .editor
        _ = Update.reduce(&s, .key(.function(1)))
        assertSnapshot(Renderer.render(s).snapshot, named: "help-editor-wide")
    }

    @Test func panesTitlesAreNumbered() {
        let lines = Renderer.render(DemoState.make(width: 100, height: 30)).lines.joined(separator: "\n")
        for t in ["1 Editor", "2 REPL", "3 Explorer", "4 Log"] { #expect(lines.contains(t)) }
    }
}
