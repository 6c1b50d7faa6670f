/// The REPL pane: transcript above, the prompt (and continuation lines) at the bottom.
enum ReplView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let r = s.repl
        var title = "2 REPL"
        if r.busy { title += " " + Draw.spinner(s.spinner) + " running (Ctrl-C cancels)" }
        Draw.box(&b, rect, title: title, focused: focused)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        // A form longer than the pane (a pasted one) shows its last lines and the input.
        let shownPending = min(r.pending.count, max(0, inner.height - 1))
        let firstPending = r.pending.count - shownPending
        let room = max(0, inner.height - shownPending - 1)
        let end = max(0, r.transcript.count - r.scrollBack)
        // Long values wrap: collect the visual rows of the newest entries that fit.
        var rows: [(ReplState.Entry, String, Bool)] = []
        var i = end
        while i > 0, rows.count < room {
            i -= 1
            let e = r.transcript[i]
            let parts = wrap(e.text, width: inner.width, maxRows: r.expanded ? Int.max : maxRows)
            rows.insert(contentsOf: parts.enumerated().map { (e, $0.element, $0.offset > 0) }, at: 0)
        }
        var y = inner.y
        for (entry, text, continued) in rows.suffix(room) {
            var part = entry
            part.text = text
            drawEntry(part, into: &b, x: inner.x, y: y, limit: inner.maxX, continued: continued)
            y += 1
        }
        for (i, line) in r.pending[firstPending...].enumerated() {
            let x = b.put(firstPending + i == 0 ? prompt(s) : "  ... ", x: inner.x, y: y, role: .prompt)
            b.put(line, x: x, y: y, role: .text, limit: inner.maxX)
            y += 1
        }
        guard y < inner.maxY else { return }
        let x = b.put(r.pending.isEmpty ? prompt(s) : "  ... ", x: inner.x, y: y, role: .prompt)
        let line = r.input.currentLine
        let before = DisplayWidth.of(String(line.prefix(r.input.col)))
        let avail = inner.maxX - x
        let left = max(0, before - avail + 1)
        b.put(String(line.dropFirst(left)), x: x, y: y, role: .text, limit: inner.maxX)
        if focused { b.cursor = (x + before - left, y) }
    }

    /// Rows one entry may take; a longer value is folded (its start shown, then a count)
    /// until Alt+e expands every value.
    static let maxRows = 12

    /// Splits `text` into pieces of at most `width` columns (at most `maxRows`; the last
    /// one then says how much was left out). Only the part shown is measured.
    static func wrap(_ text: String, width: Int, maxRows: Int = maxRows) -> [String] {
        guard width > 8 else { return [text] }
        var out: [String] = []
        var line = ""
        var w = 0
        var used = 0
        for ch in text {
            let cw = DisplayWidth.of(ch)
            if w + cw > width, !line.isEmpty {
                if out.count == maxRows - 1 {
                    let rest = text.count - used
                    let tail = " … +\(rest) chars (Alt+e)"
                    let keep = max(0, line.count - tail.count)
                    out.append(String(line.prefix(keep)) + tail)
                    return out
                }
                out.append(line); line = ""; w = 0
            }
            line.append(ch); w += cw; used += 1
        }
        out.append(line)
        return out
    }

    /// The input prompt: `debug>` while a debug run is paused (input runs in its frame).
    static func prompt(_ s: AppState) -> String { s.debug.pause != nil ? "debug> " : "ovsm> " }

    static func drawEntry(_ e: ReplState.Entry, into b: inout ScreenBuffer, x: Int, y: Int, limit: Int, continued: Bool = false) {
        switch e.kind {
        case .input:
            if !continued, let p = ["ovsm> ", "  ... ", "debug> "].first(where: { e.text.hasPrefix($0) }) {
                let nx = b.put(p, x: x, y: y, role: .prompt, limit: limit)
                b.put(String(e.text.dropFirst(p.count)), x: nx, y: y, role: .text, limit: limit)
            } else {
                b.put(e.text, x: x, y: y, role: .text, limit: limit)
            }
        case .result: b.put(e.text, x: x, y: y, role: .result, limit: limit)
        case .error: b.put(e.text, x: x, y: y, role: .errorText, limit: limit)
        case .info: b.put(e.text, x: x, y: y, role: .dim, limit: limit)
        case .output: b.put(e.text, x: x, y: y, role: .text, limit: limit)
        }
    }
}
