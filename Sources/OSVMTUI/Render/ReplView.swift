/// The REPL pane: transcript above, the prompt (and continuation lines) at the bottom.
enum ReplView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let r = s.repl
        var title = "2 REPL"
        if r.busy { title += " " + Draw.spinner(s.spinner) + " running (Ctrl-C cancels)" }
        Draw.box(&b, rect, title: title, focused: focused)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let inputLines = r.pending.count + 1
        let room = max(0, inner.height - inputLines)
        let end = max(0, r.transcript.count - r.scrollBack)
        let start = max(0, end - room)
        var y = inner.y
        for entry in r.transcript[start..<end] {
            drawEntry(entry, into: &b, x: inner.x, y: y, limit: inner.maxX)
            y += 1
        }
        for (i, line) in r.pending.enumerated() {
            let x = b.put(i == 0 ? "ovsm> " : "  ... ", x: inner.x, y: y, role: .prompt)
            b.put(line, x: x, y: y, role: .text, limit: inner.maxX)
            y += 1
        }
        guard y < inner.maxY else { return }
        let prompt = r.pending.isEmpty ? "ovsm> " : "  ... "
        let x = b.put(prompt, x: inner.x, y: y, role: .prompt)
        let line = r.input.currentLine
        let before = DisplayWidth.of(String(line.prefix(r.input.col)))
        let avail = inner.maxX - x
        let left = max(0, before - avail + 1)
        b.put(String(line.dropFirst(left)), x: x, y: y, role: .text, limit: inner.maxX)
        if focused { b.cursor = (x + before - left, y) }
    }

    static func drawEntry(_ e: ReplState.Entry, into b: inout ScreenBuffer, x: Int, y: Int, limit: Int) {
        switch e.kind {
        case .input:
            if e.text.hasPrefix("ovsm> ") || e.text.hasPrefix("  ... ") {
                let nx = b.put(String(e.text.prefix(6)), x: x, y: y, role: .prompt, limit: limit)
                b.put(String(e.text.dropFirst(6)), x: nx, y: y, role: .text, limit: limit)
            } else {
                b.put(e.text, x: x, y: y, role: .text, limit: limit)
            }
        case .result: b.put(e.text, x: x, y: y, role: .result, limit: limit)
        case .error: b.put(e.text, x: x, y: y, role: .errorText, limit: limit)
        case .info: b.put(e.text, x: x, y: y, role: .dim, limit: limit)
        }
    }
}
