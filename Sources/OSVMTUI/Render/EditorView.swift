import Foundation

/// The editor pane: line numbers, syntax roles, matching bracket, reader error.
enum EditorView {
    static func name(_ s: AppState) -> String {
        s.editor.path.map { ($0 as NSString).lastPathComponent } ?? "untitled"
    }

    static func title(_ s: AppState) -> String {
        "1 Editor ─ \(name(s))" + (s.editor.modified ? " ●" : "")
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect whole: Rect, focused: Bool) {
        let (rect, panel) = DebugView.split(s, whole)
        if let panel { DebugView.draw(s, into: &b, rect: panel, focused: false) }
        let e = s.editor
        var bottom: String?
        var bottomRole = Role.errorText
        if let err = e.readError { bottom = "\(err.position.row + 1):\(err.position.col + 1) \(err.message)" }
        else if s.debug.active, panel == nil { bottom = DebugView.status(s); bottomRole = .warn }
        Draw.box(&b, rect, title: title(s), focused: focused, bottom: bottom, bottomRole: bottomRole)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        // A marker column left of the line numbers once there are breakpoints or a run:
        // ● a breakpoint, ▶ the line a paused run is on.
        let markers = !e.breakpoints.isEmpty || s.debug.active
        let gutter = markers ? 5 : 4
        let pausedRow = s.debug.pausedRow
        let textX = inner.x + gutter
        let textW = inner.width - gutter
        guard textW > 0 else { return }
        var top = e.top
        if e.buffer.row < top { top = e.buffer.row }
        if e.buffer.row >= top + inner.height { top = e.buffer.row - inner.height + 1 }
        // Horizontal scroll keeps the cursor column visible.
        let cursorCol = DisplayWidth.of(String(e.buffer.line(e.buffer.row).prefix(e.buffer.col)))
        let left = max(0, cursorCol - textW + 1)
        var match: Set<EditorState.Position> = []
        let here = EditorState.Position(row: e.buffer.row, col: e.buffer.col)
        let before = EditorState.Position(row: e.buffer.row, col: e.buffer.col - 1)
        if let p = e.partners[here] { match = [here, p] } else if let p = e.partners[before] { match = [before, p] }
        let sel = e.selection
        for i in 0..<inner.height {
            let row = top + i
            guard row < e.buffer.lineCount else { break }
            let y = inner.y + i
            let num = String(row + 1)
            b.put(String(repeating: " ", count: max(0, gutter - 1 - num.count)) + num, x: inner.x, y: y, role: .lineNumber)
            let paused = row == pausedRow
            if paused { b.put("▶", x: inner.x, y: y, role: .currentLine) }
            else if e.breakpoints.contains(row) { b.put("●", x: inner.x, y: y, role: .breakpoint) }
            let form = paused ? currentForm(s, row: row) : nil
            var col = 0
            for (ci, ch) in e.buffer.line(row).enumerated() {   // stops at the right edge
                let w = DisplayWidth.of(ch)
                if col >= left {
                    let x = textX + col - left
                    if x + w > inner.maxX { break }
                    var role = e.role(row: row, col: ci)
                    if match.contains(.init(row: row, col: ci)) { role = .bracketMatch }
                    if let err = e.readError, err.position.row == row, err.position.col == ci { role = .syntaxError }
                    if let form, form.contains(ci), role != .bracketMatch, role != .syntaxError { role = .currentLine }
                    if let (a, z) = sel, (a.row, a.col) <= (row, ci), (row, ci) < (z.row, z.col) { role = .selection }
                    b.put(String(ch), x: x, y: y, role: role)
                }
                col += w
            }
        }
        if focused { b.cursor = (textX + cursorCol - left, inner.y + e.buffer.row - top) }
    }

    /// The characters of the paused form on its first line: from its `(` to the matching
    /// `)` (or the line's end when the form goes on). The whole line when the text there
    /// changed since the run started.
    static func currentForm(_ s: AppState, row: Int) -> ClosedRange<Int>? {
        guard let p = s.debug.pause else { return nil }
        let line = s.editor.buffer.lines[row]
        let start = p.column - 1
        guard start >= 0, start < line.count, line[start] == "(" else {
            return line.isEmpty ? nil : 0...(line.count - 1)
        }
        if let end = s.editor.partners[.init(row: row, col: start)], end.row == row { return start...end.col }
        return start...(line.count - 1)
    }
}
