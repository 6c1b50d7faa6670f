import Foundation

/// `osvm-tui --bench`: timings of the pure pipeline at 200×60 with every pane showing.
/// key→frame = Update + render + frame diff (the terminal write itself is not included).
enum Benchmark {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func percentile(_ xs: [UInt64], _ p: Double) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return Double(s[min(s.count - 1, Int(Double(s.count) * p))]) / 1000
    }

    static func changedCells(_ a: ScreenBuffer, _ b: ScreenBuffer) -> Int {
        guard a.width == b.width, a.height == b.height else { return b.cells.count }
        var n = 0
        for i in 0..<a.cells.count where a.cells[i] != b.cells[i] { n += 1 }
        return n
    }

    static func run() {
        let start = now()
        var state = DemoState.make(width: 200, height: 60, logLines: LogState.capacity)
        var frame = ScreenBuffer(width: 200, height: 60)
        Renderer.render(state, into: &frame)
        let firstFrame = Double(now() - start) / 1e6
        var renders: [UInt64] = []
        for _ in 0..<2000 {
            let t = now()
            Renderer.render(state, into: &frame)
            renders.append(now() - t)
        }
        let keys: [Key] = [.char("a"), .char("b"), .backspace, .backspace, .down, .up, .tab, .backTab]
        var latencies: [UInt64] = []
        var changed = 0
        state.focus = .editor
        var previous = frame
        for i in 0..<4000 {
            let t = now()
            _ = Update.reduce(&state, .key(keys[i % keys.count]))
            Renderer.render(state, into: &frame)
            changed += changedCells(previous, frame)
            latencies.append(now() - t)
            previous = frame
        }
        let batch = (0..<1000).map { LogLine(time: "12:00:00", level: .info, text: "line \($0) of script output") }
        let t0 = now()
        let batches = 500
        for _ in 0..<batches { _ = Update.reduce(&state, .log(batch)) }
        let ingestSeconds = Double(now() - t0) / 1e9
        let perSecond = Double(batches * batch.count) / ingestSeconds
        print("osvm-tui benchmark (200×60, all panes, log ring full at \(LogState.capacity) lines)")
        print(String(format: "  full-frame render   p50 %.0f µs   p99 %.0f µs", percentile(renders, 0.5), percentile(renders, 0.99)))
        print(String(format: "  key → frame         p50 %.0f µs   p99 %.0f µs   (update + render + diff; %d cells changed/key)",
                     percentile(latencies, 0.5), percentile(latencies, 0.99), changed / 4000))
        print(String(format: "  log ingest          %.0f lines/s (batches of 1000)", perSecond))
        print(String(format: "  first frame         %.1f ms (state with 100k log lines + first render)", firstFrame))
        chat(zoomed: false)
        chat(zoomed: true)
        NodesBenchmark.run()
        EditorBenchmark.run()
    }

    /// A transcript of `pairs` questions and markdown answers (with tool cards).
    static func transcript(pairs: Int) -> [ChatState.Item] {
        var items: [ChatState.Item] = []
        for i in 0..<pairs {
            items.append(.user("question \(i): what is the balance of account \(i) and the current slot?"))
            items.append(.assistant("## Answer \(i)\nThe **balance** is `\(i) ◎`; the slot is \(1000 + i).\n- first point about rent and fees\n- second point\n```ovsm\n(getBalance \"acc\(i)\")\n```"))
            if i % 5 == 0 {
                var card = ChatCard(id: "c\(i)", name: "get_slot", arguments: "{}", result: "\(1000 + i)")
                card.expanded = i % 10 == 0
                items.append(.card(card))
            }
        }
        return items
    }

    /// Token events through Update + full-frame render (the full layout, chat focused):
    /// per-token latency to the screen buffer and streaming throughput.
    static func chat(tokens count: Int = 5_000, zoomed: Bool) {
        var state = DemoState.make(width: 200, height: 60, logLines: 1000)
        state.layout = .full
        state.focus = .chat
        state.zoomed = zoomed
        state.chat.items = transcript(pairs: 2_000)
        state.chat.model = "bench at http://127.0.0.1:1/v1"
        var frame = ScreenBuffer(width: 200, height: 60)
        for c in "explain the last transaction" { _ = Update.reduce(&state, .key(.char(c))) }
        _ = Update.reduce(&state, .key(.enter))
        let run = state.chat.run
        let words = ["The ", "account ", "holds ", "**2 ◎** ", "and ", "`rent` ", "is ", "exempt; ", "slot ", "1234", ".\n", "- item ", "with ", "details\n"]
        Renderer.render(state, into: &frame)
        var per: [UInt64] = []
        per.reserveCapacity(count)
        let t0 = now()
        for i in 0..<count {
            let t = now()
            _ = Update.reduce(&state, .chatEvent(run: run, .token(words[i % words.count])))
            Renderer.render(state, into: &frame)
            per.append(now() - t)
        }
        let seconds = Double(now() - t0) / 1e9
        let items = state.chat.items.count
        let chars: Int = {
            if let i = state.chat.streamingItem, case .assistant(let t) = state.chat.items[i] { return t.count }
            return 0
        }()
        let layout = zoomed ? "chat pane zoomed" : "full layout, all six panes, chat focused"
        print("chat streaming (200×60 \(layout), \(items) transcript items, answer grows to \(chars) characters)")
        print(String(format: "  token → frame       p50 %.3f ms   p99 %.3f ms   max %.3f ms   (update + full render)",
                     percentile(per, 0.5) / 1000, percentile(per, 0.99) / 1000, Double(per.max() ?? 0) / 1e6))
        print(String(format: "  streaming render    %.0f tokens/s (%d tokens, one frame each)", Double(count) / seconds, count))
    }
}
