import Foundation

/// `osvm-tui --bench`, the editor part: a generated OVSM file of 5 MB and of 50 MB opened
/// in the workbench (200×60, editor focused), then typing, backspace, undo and page moves,
/// each key through Update + full render, with the previous state kept alive the way the
/// terminal loop keeps its last frame's state (so copy-on-write costs are counted). Memory
/// is the process's resident set (/proc/self/statm) before and after the keystrokes.
enum EditorBenchmark {
    /// A deterministic OVSM-like file of about `bytes` bytes: definitions, loops, strings,
    /// comments and nesting, in top-level forms of a few lines each.
    static func script(bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes + 200)
        var i = 0
        while out.utf8.count < bytes {
            out += """
            ;; account watcher \(i) — polls a balance and logs changes
            (define (watch-\(i) addr limit)
              (let ((last (getBalance addr)) (n 0))
                (while (< n limit)
                  (let ((now (getBalance addr)))
                    (when (not (= now last))
                      (log :message "balance changed" :from last :to now :slot \(1000 + i)))
                    (set! last now)
                    (set! n (+ n 1))
                    (sleep 2000)))))

            """
            i += 1
        }
        return out
    }

    /// Resident memory in MB.
    static func rss() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = s.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// Wall time per key, and this thread's CPU time per key (which a busy machine's
    /// preemption does not inflate: it tells our work from the scheduler's).
    struct Timings { var name: String; var samples: [UInt64]; var cpu: [UInt64] = [] }

    static func threadCPU() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    static func run() {
        for mb in [5, 50] { run(megabytes: mb) }
    }

    static func run(megabytes: Int) {
        let dir = NSTemporaryDirectory() + "osvm-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/large.ovsm"
        try? script(bytes: megabytes * 1_000_000).write(toFile: path, atomically: false, encoding: .utf8)

        var state = DemoState.make(width: 200, height: 60, logLines: 1000)
        var frame = ScreenBuffer(width: 200, height: 60)
        let rssBefore = rss()
        // Open: read the file (as the effect does), load it into the editor, first frame.
        let t0 = Benchmark.now()
        let size: Int
        do {   // the file's text is dropped after loading, as in the workbench
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            size = text.utf8.count
            _ = Update.reduce(&state, .fileOpened(path: path, text: text))
        }
        Renderer.render(state, into: &frame)
        let openMs = Double(Benchmark.now() - t0) / 1e6
        let lines = state.editor.buffer.lineCount
        let rssOpen = rss()

        // Middle of the file, the cursor on the first line of a form.
        for _ in 0..<(lines / 2 / 40) { _ = Update.reduce(&state, .key(.pageDown)) }
        var kept = state          // the terminal loop's last state
        func key(_ k: Key, into t: inout Timings) {
            let s = Benchmark.now(), c = threadCPU()
            _ = Update.reduce(&state, .key(k))
            Renderer.render(state, into: &frame)
            t.samples.append(Benchmark.now() - s)
            t.cpu.append(threadCPU() - c)
            kept = state
        }
        var typing = Timings(name: "typing", samples: [])
        var backspace = Timings(name: "backspace", samples: [])
        var undo = Timings(name: "undo (a word)", samples: [])
        var pages = Timings(name: "PgDn/PgUp", samples: [])
        let words = "(log :value (getBalance me)) "
        for round in 0..<20 {
            for c in words { key(.char(c), into: &typing) }     // 29 keys, 4 undo groups
            for _ in 0..<10 { key(.backspace, into: &backspace) }
            for _ in 0..<3 { key(.ctrl("z"), into: &undo) }
            for i in 0..<10 { key(i < 5 ? .pageDown : .pageUp, into: &pages) }
            if round == 0 { typing.samples.removeAll(); typing.cpu.removeAll() }   // warm-up
        }
        let keystrokes = 20 * (words.count + 10 + 3 + 10)
        let rssAfter = rss()
        for _ in 0..<20 {
            for c in words { key(.char(c), into: &typing) }
            for _ in 0..<3 { key(.ctrl("z"), into: &undo) }
        }
        let rssEnd = rss()
        _ = kept
        // The coalesced recovery write after a pause in typing: the store only copies the
        // buffer (shared chunks); text and file are made on the recovery queue.
        let c0 = Benchmark.now()
        let copy = state.editor.buffer
        let copyMicros = Double(Benchmark.now() - c0) / 1e3
        let recovery = RecoveryStore(home: dir, pid: getpid())
        let w0 = Benchmark.now()
        recovery.writeLater(path: path) { copy.text }
        recovery.drain()
        let writeMs = Double(Benchmark.now() - w0) / 1e6
        recovery.clear(); recovery.release()

        print(String(format: "editor, %d MB file (%d lines, %.1f MB), 200×60 editor focused, cursor mid-file",
                     megabytes, lines, Double(size) / 1e6))
        print(String(format: "  open                %.0f ms   (read + load + first frame)", openMs))
        for t in [typing, backspace, undo, pages] {
            print("  " + t.name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "p50 %.3f ms   p99 %.3f ms   max %.3f ms   CPU p99 %.3f ms   (%d keys, update + render)",
                         Benchmark.percentile(t.samples, 0.5) / 1000,
                         Benchmark.percentile(t.samples, 0.99) / 1000, Double(t.samples.max() ?? 0) / 1e6,
                         Benchmark.percentile(t.cpu, 0.99) / 1000, t.samples.count))
        }
        print(String(format: "  memory (RSS)        %.0f MB before open, %.0f MB open, %.0f MB after %d keys, %.0f MB after %d more",
                     rssBefore, rssOpen, rssAfter, keystrokes, rssEnd, 20 * (words.count + 3)))
        print(String(format: "  recovery write      %.0f ms on the recovery queue (text + fsync'd file); %.1f µs on the key path (buffer copy)",
                     writeMs, copyMicros))
    }
}
