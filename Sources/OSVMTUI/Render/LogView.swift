/// The log pane: newest lines at the bottom, level colours, follow/pause, filter.
enum LogView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let l = s.log
        var title = "4 Log ─ " + (l.follow ? "follow" : "paused")
        if !l.filter.isEmpty { title += " ─ /\(l.filter)" }
        title += " ─ \(l.lines.count) lines"
        Draw.box(&b, rect, title: title, focused: focused)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let rows = inner.height - (l.filterInput == nil ? 0 : 1)
        let idx = l.visibleIndexes(limit: max(0, rows))
        for (i, li) in idx.enumerated() {
            let line = l.lines[li]
            let y = inner.y + i
            var x = inner.x
            if !line.time.isEmpty { x = b.put(line.time + " ", x: x, y: y, role: .dim, limit: inner.maxX) }
            let role: Role
            switch line.level {
            case .debug: role = .debug
            case .info: role = .info
            case .warn: role = .warn
            case .error: role = .errorText
            }
            b.put(line.text, x: x, y: y, role: role, limit: inner.maxX)
        }
        if let f = l.filterInput {
            let y = inner.maxY - 1
            let x = b.put("/", x: inner.x, y: y, role: .prompt)
            b.put(String(f.currentLine), x: x, y: y, role: .text, limit: inner.maxX)
            if focused { b.cursor = (x + DisplayWidth.of(String(f.currentLine.prefix(f.col))), y) }
        }
    }
}
