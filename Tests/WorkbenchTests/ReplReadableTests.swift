import Foundation
import Testing
@testable import OSVMTUI

/// A readable REPL (issue 13): long values wrap (folded after 12 rows, Alt+e expands),
/// printed output appears above its value, and "cancelling…" goes once the cancel landed.
/// The store tests run the real interpreter through `Services.live`.
@Suite struct ReplReadableTests {
    static let range60 = "[" + (0..<60).map { String($0) }.joined(separator: " ") + "]"

    /// The REPL pane's text rows, without the box.
    static func paneText(_ s: AppState, width: Int = 42, height: Int = 14) -> [String] {
        var b = ScreenBuffer(width: width, height: height)
        Renderer.drawPane(.repl, s, into: &b, rect: Rect(x: 0, y: 0, width: width, height: height))
        return b.snapshot.split(separator: "\n").prefix(height).dropFirst().dropLast().map {
            String($0.dropFirst(2).dropLast())     // "|│" … "│"
        }
    }

    @Test func range60IsReadableWholeInANarrowPane() {
        var s = Fixture.state()
        s.repl.add(.input, "ovsm> (range 0 60)")
        s.repl.add(.result, Self.range60)
        let rows = Self.paneText(s)
        // Wrapped rows are full pane width: joined, they are the value, every number of it.
        #expect(rows.joined().contains(Self.range60), "\(rows)")
        #expect(rows.filter { $0.contains(where: \.isNumber) }.count == 1 + 5)  // the input, 170 chars in 40 columns
        var b = ScreenBuffer(width: 42, height: 14)
        Renderer.drawPane(.repl, s, into: &b, rect: Rect(x: 0, y: 0, width: 42, height: 14))
        assertSnapshot(b.snapshot, named: "repl-range-60")
    }

    @Test func veryLongValuesFoldAndAltEExpandsThem() {
        var s = Fixture.state(width: 100, height: 60)
        s.focus = .repl
        let long = (0..<400).map { String($0) }.joined(separator: " ")      // ~1 490 chars
        s.repl.add(.result, long)
        let folded = Self.paneText(s, height: 50)
        #expect(folded.contains { $0.contains("chars (Alt+e)") })
        #expect(!folded.joined().contains("398 399"))
        Fixture.keys(&s, [.alt("e")])
        #expect(s.repl.expanded)
        let whole = Self.paneText(s, height: 50)
        #expect(whole.joined().contains("398 399"))
        #expect(!whole.contains { $0.contains("(Alt+e)") })
        Fixture.keys(&s, [.alt("e")])
        #expect(!s.repl.expanded)
    }

    final class Home: @unchecked Sendable {
        let path = NSTemporaryDirectory() + "osvm-repl-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The live services (real interpreter, no cluster) behind a store.
    static func liveStore(_ home: Home) -> Store {
        let box = InputBox()
        let log = LogSink(clock: { "00:00:00" }) { box.yield(.log($0)) }
        let services = Services.live(rpcURL: nil, home: home.path, themeDirs: [], log: log,
                                     chain: ChainService(url: nil, log: log), recovery: RecoveryStore(home: home.path))
        var s = Fixture.state()
        s.focus = .repl
        let store = Store(state: s, services: services, publish: { _ in })
        box.continuation = store.input
        Task { await store.run() }
        return store
    }

    static func waitFor(_ store: Store, _ what: String, timeout: Double = 20, _ ok: @escaping (AppState) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if ok(await store.state) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting for \(what)")
        return false
    }

    @Test func printedOutputAppearsAboveItsValueAndInTheLog() async {
        let home = Home()
        let store = Self.liveStore(home)
        for c in "(do (print \"hello\") (log \"world\") (range 0 60))" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        guard await Self.waitFor(store, "the value", { !$0.repl.busy && $0.repl.transcript.count > 2 }) else { return }
        let transcript = await store.state.repl.transcript
        #expect(transcript.last?.text == Self.range60, "\(transcript)")
        let t = await store.state.repl.transcript.map(\.text)
        let out = t.firstIndex { $0.contains("hello") }
        #expect(out != nil && out! < t.count - 1, "\(t)")          // printed output, then the value
        #expect(await Self.waitFor(store, "the log line") { s in (0..<s.log.lines.count).contains { s.log.lines[$0].text.contains("hello") } })
        store.input.finish()
    }

    @Test func cancellingLeavesTheFooterWhenTheCancelLanded() async {
        let home = Home()
        let store = Self.liveStore(home)
        for c in "(while true 1)" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        guard await Self.waitFor(store, "the evaluation", { $0.repl.busy }) else { return }
        store.input.yield(.key(.ctrl("c")))
        guard await Self.waitFor(store, "the cancel", { !$0.repl.busy }) else { return }
        let s = await store.state
        #expect(s.message == nil)
        #expect(s.repl.transcript.contains { $0.kind == .error && $0.text.contains("cancelled") })
        var frame = s
        frame.width = 100; frame.height = 30
        #expect(!Renderer.render(frame).snapshot.contains("cancelling"))
        store.input.finish()
    }
}
