import OSVMHost
import OVSMKit

/// Keys a pane handles itself once no binding matched (text input, lists).
enum PaneKeys {
    static func key(_ s: inout AppState, _ k: Key) -> [Effect] {
        switch s.focus {
        case .editor: return editor(&s, k)
        case .repl: return repl(&s, k)
        case .explorer: return explorer(&s, k)
        case .log: return log(&s, k)
        case .chat: return ChatKeys.key(&s, k)
        case .nodes: return nodes(&s, k)
        }
    }

    static func nodes(_ s: inout AppState, _ k: Key) -> [Effect] {
        if let fx = DeployKeys.key(&s, k) { return fx }
        let n = s.nodes.nodes.count
        switch k {
        case .up: s.nodes.selected = max(0, s.nodes.selected - 1)
        case .down: s.nodes.selected = min(max(0, n - 1), s.nodes.selected + 1)
        case .home: s.nodes.selected = 0
        case .end: s.nodes.selected = max(0, n - 1)
        default: break
        }
        return []
    }

    static func editor(_ s: inout AppState, _ k: Key) -> [Effect] {
        if s.editor.apply(k) {
            s.editor.scroll(height: paneHeight(s, .editor))
            return Update.recovery(s)
        }
        guard s.editor.buffer.apply(k, multiline: true) else { return [] }
        s.editor.history.seal()          // the cursor moved: the next edit starts a new undo group
        s.editor.scroll(height: paneHeight(s, .editor))
        return []
    }

    static func repl(_ s: inout AppState, _ k: Key) -> [Effect] {
        switch k {
        case .enter:
            let line = s.repl.input.text
            if s.repl.pending.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
            var scan = s.repl.pendingScan
            // Read only when the brackets may balance: each line is scanned once.
            var complete = scan.append(line)
            if complete, case .needMore = Reader.read(scan.text) { complete = false }
            if !complete {
                s.repl.pending.append(line)
                s.repl.pendingScan = scan
                s.repl.input = TextBuffer()
                s.repl.historyIndex = nil; s.repl.historyBase = nil   // the lines are the user's now
                return []
            }
            if s.repl.busy { s.message = "an evaluation is running (Ctrl-C cancels)"; return [] }
            let source = scan.text
            // While a debug run is paused, input is evaluated in the paused frame.
            let paused = s.debug.pause != nil
            for (i, l) in (s.repl.pending + [line]).enumerated() {
                s.repl.add(.input, (i == 0 ? (paused ? "debug> " : "ovsm> ") : "  ... ") + l)
            }
            s.repl.pending = []
            s.repl.pendingScan.reset()
            s.repl.input = TextBuffer()
            s.repl.history.append(source)
            s.repl.historyIndex = nil
            s.repl.historyBase = nil
            if paused { return DebugKeys.replSubmit(&s, source) }
            s.repl.busy = true
            return Update.beforeEvaluation(s) + [.evaluate(source, .repl), .appendHistory(source), .startTicking]
        case .up, .down:
            let h = s.repl.history
            guard !h.isEmpty else { return [] }
            var i = s.repl.historyIndex ?? h.count
            i += (k == .up) ? -1 : 1
            if i >= h.count {
                if s.repl.historyIndex != nil { ReplCommands.recall(&s, nil) }
                return []
            }
            ReplCommands.recall(&s, max(0, i))
            return []
        case .backspace where s.repl.input.col == 0 && !s.repl.pending.isEmpty:
            // Back into the previous line of the form (so a recalled form is editable whole).
            let prev = s.repl.pending.removeLast()
            var scan = FormAccumulator(maxDepth: Reader.maxNesting)
            for l in s.repl.pending { _ = scan.append(l) }
            s.repl.pendingScan = scan
            let cur = s.repl.input.text
            s.repl.input = TextBuffer(prev + cur)
            s.repl.input.col = prev.count
            return []
        default:
            _ = s.repl.input.apply(k, multiline: false)
            return []
        }
    }

    static func explorer(_ s: inout AppState, _ k: Key) -> [Effect] {
        var e = s.explorer
        defer { s.explorer = e }
        switch k {
        case .enter:
            let text = e.input.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                guard let q = ExplorerQuery.detect(text) else { e.error = "not an address or a signature: \(text)"; return [] }
                e.input = TextBuffer()
                return lookup(&e, q)
            }
            return ExplorerKeys.open(&e)
        case .backspace where e.input.isEmpty:
            e.pop()
            return []
        case .up, .down, .home, .end:
            guard e.input.isEmpty || k == .up || k == .down else { break }
            ExplorerKeys.move(&e, k)
            return []
        default:
            break
        }
        _ = e.input.apply(k, multiline: false)
        return []
    }

    static func lookup(_ e: inout ExplorerState, _ q: ExplorerQuery) -> [Effect] {
        e.error = nil
        switch q {
        case .account(let a): e.loading = "account \(a)"
        case .transaction(let t): e.loading = "transaction \(t)"
        }
        return [.lookup(q), .startTicking]
    }

    static func log(_ s: inout AppState, _ k: Key) -> [Effect] {
        switch k {
        case .end, .char("G"): s.log.follow = true; s.log.offset = 0
        case .home, .char("g"): s.log.follow = false; s.log.offset = max(0, s.log.visibleCount - paneHeight(s, .log))
        default: break
        }
        return []
    }

    static func logFilter(_ s: inout AppState, _ k: Key) -> [Effect] {
        guard var input = s.log.filterInput else { return [] }
        switch k {
        case .enter: s.log.setFilter(input.text); s.log.filterInput = nil
        case .escape: s.log.filterInput = nil
        default: _ = input.apply(k, multiline: false); s.log.filterInput = input
        }
        return []
    }

    static func page(_ s: inout AppState, up: Bool) {
        scroll(&s, s.focus, lines: max(1, paneHeight(s, s.focus) - 1), up: up)
    }

    /// The wheel over `pane`: three lines of its scrolling (or selection) without moving
    /// the focus — the REPL, Chat and Log transcripts scroll, the editor's view and cursor
    /// move, Explorer and Nodes move their selection.
    static func wheel(_ s: inout AppState, _ pane: PaneID, up: Bool) {
        switch pane {
        case .explorer:
            ExplorerKeys.move(&s.explorer, up ? .up : .down)
        case .editor:
            scroll(&s, .editor, lines: 3, up: up)
            s.editor.history.seal()
        default:
            scroll(&s, pane, lines: 3, up: up)
        }
    }

    /// Scrolls `pane` by `n` lines — PgUp/PgDn and the wheel share it. The editor moves its
    /// cursor and view, the transcripts their scroll-back, the Log leaves/rejoins follow mode,
    /// Nodes moves its selection by one, the Explorer its selection by `n`.
    static func scroll(_ s: inout AppState, _ pane: PaneID, lines n: Int, up: Bool) {
        switch pane {
        case .editor:
            for _ in 0..<n { if up { s.editor.buffer.up() } else { s.editor.buffer.down() } }
            s.editor.scroll(height: paneHeight(s, .editor))
        case .repl:
            s.repl.scrollBack = max(0, min(s.repl.transcript.count, s.repl.scrollBack + (up ? n : -n)))
        case .log:
            if up {
                if s.log.follow { s.log.follow = false; s.log.offset = 0 }
                s.log.offset = min(max(0, s.log.visibleCount - 1), s.log.offset + n)
            } else {
                s.log.offset = max(0, s.log.offset - n)
                if s.log.offset == 0 { s.log.follow = true }
            }
        case .chat:
            s.chat.scrollBack = max(0, s.chat.scrollBack + (up ? n : -n))
        case .nodes:
            s.nodes.selected = max(0, min(max(0, s.nodes.nodes.count - 1), s.nodes.selected + (up ? -1 : 1)))
        case .explorer:
            ExplorerKeys.move(&s.explorer, up ? .up : .down, by: n)
        }
    }

    /// Inner height of a pane in the current layout (for scrolling decisions).
    static func paneHeight(_ s: AppState, _ p: PaneID) -> Int {
        LayoutEngine.paneRects(s).first { $0.0 == p }
            .map { max(1, (p == .editor ? DebugView.split(s, $0.1).editor : $0.1).height - 2) } ?? max(1, s.height - 4)
    }
}
