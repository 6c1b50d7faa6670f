import Foundation

/// The editor pane: line numbers, syntax roles, matching bracket, reader error.
enum EditorView {
    static func name(_ s: AppState) -> String {
        s.editor.path.map { ($0 as NSString).lastPathComponent } ?? "untitled"
    }

    static func title(_ s: AppState) -> String {
        "1 Editor ─ \(name(s))" + (s.editor.modified ? " ●" : "")
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let e = s.editor
        var bottom: String?
        if let err = e.readError { bottom = "\(err.position.row + 1):\(err.position.col + 1) \(err.message)" }
        Draw.box(&b, rect, title: title(s), focused: focused, bottom: bottom)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let gutter = 4
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
            var col = 0
            for (ci, ch) in e.buffer.line(row).enumerated() {   // stops at the right edge
                let w = DisplayWidth.of(ch)
                if col >= left {
                    let x = textX + col - left
                    if x + w > inner.maxX { break }
                    var role = e.role(row: row, col: ci)
                    if match.contains(.init(row: row, col: ci)) { role = .bracketMatch }
                    if let err = e.readError, err.position.row == row, err.position.col == ci { role = .syntaxError }
                    if let (a, z) = sel, (a.row, a.col) <= (row, ci), (row, ci) < (z.row, z.col) { role = .selection }
                    b.put(String(ch), x: x, y: y, role: role)
                }
                col += w
            }
        }
        if focused { b.cursor = (textX + cursorCol - left, inner.y + e.buffer.row - top) }
    }
}
