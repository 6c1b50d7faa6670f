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
    }
}
