import Foundation

/// The debug panel: while a debug run is on it takes the lower part of the editor pane's
/// area (the editor keeps the upper part, so the paused line and the panel show together
/// in every layout that shows the editor). Left: where and why it paused, the locals and
/// the watches; right: the call stack. Its bottom border lists the debugger's keys, from
/// `Keymap.debugging`.
enum DebugView {
    /// The editor pane's area split between the editor and the panel (no panel when no run
    /// is on, or the area is too low for both).
    static func split(_ s: AppState, _ rect: Rect) -> (editor: Rect, panel: Rect?) {
        guard s.debug.active, rect.height >= 12 else { return (rect, nil) }
        let h = max(6, rect.height * 2 / 5)
        return (Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - h),
                Rect(x: rect.x, y: rect.y + rect.height - h, width: rect.width, height: h))
    }

    /// One line for where the run is (the editor's bottom border when there is no panel).
    static func status(_ s: AppState) -> String {
        switch s.debug.phase {
        case .idle: return ""
        case .running: return s.debug.stopRequested ? "stopping…" : "running…"
        case .paused(let p): return "paused: line \(p.line) in \(p.function) (\(DebugKeys.reason(p.reason)))"
        }
    }

    /// The debugger's keys for the bottom border (`⇧` for Shift: the border is short).
    static func keysHint() -> String {
        Keymap.debugging.map { "\($0.label.replacingOccurrences(of: "Shift-", with: "⇧")) \($0.short ?? $0.help)" }
            .joined(separator: " ")
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        Draw.box(&b, rect, title: "Debug ─ " + status(s), focused: focused, bottom: keysHint(), bottomRole: .footer)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let stackW = inner.width >= 60 ? min(32, inner.width / 3) : 0
        let leftW = inner.width - (stackW > 0 ? stackW + 1 : 0)
        var left: [(String, String, Role)] = []       // (name, value, value's role)
        if stackW == 0, let p = s.debug.pause {       // narrow: the stack on one line
            let frames = p.stack.map { $0.function + ($0.line.map { ":\($0)" } ?? "") }
            left.append(("stack " + frames.joined(separator: " ← "), "", .dim))
        }
        // Wide: headed sections; narrow: no headers, a watch says it is one.
        let headers = stackW > 0
        if let p = s.debug.pause {
            if headers || p.locals.isEmpty { left.append((p.locals.isEmpty ? "locals: none" : "locals", "", .dim)) }
            for l in p.locals { left.append(((headers ? "  " : "") + l.name, l.value, .result)) }
        }
        if headers && !s.debug.watches.isEmpty { left.append(("watches", "", .dim)) }
        for (i, w) in s.debug.watches.enumerated() {
            let v = i < s.debug.watchValues.count ? s.debug.watchValues[i] : nil
            let name = (headers ? "  \(i + 1): " : "watch \(i + 1): ") + w
            switch v {
            case .value(let text)?: left.append((name, text, .result))
            case .error(let e)?: left.append((name, "error: " + e, .errorText))
            case nil: left.append((name, s.debug.pause == nil ? "…" : "(not evaluated)", .dim))
            }
        }
        if s.debug.pause == nil && left.isEmpty {
            left.append(("the program runs; it pauses at a breakpoint (Shift-F5 or Ctrl-C stops it)", "", .dim))
        }
        let names = left.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.0) }
        let nameW = min(max(4, (names.max() ?? 0) + 1), max(8, leftW / 2))
        for (i, row) in left.prefix(inner.height).enumerated() {
            let y = inner.y + i
            let x = b.put(row.0, x: inner.x, y: y, role: row.1.isEmpty ? .dim : .text, limit: inner.x + (row.1.isEmpty ? leftW : nameW))
            if !row.1.isEmpty {
                let vx = max(x + 1, inner.x + nameW)
                b.put("= " + row.1, x: vx, y: y, role: row.2, limit: inner.x + leftW)
            }
        }
        guard stackW > 0, let p = s.debug.pause else { return }
        let sx = inner.x + leftW + 1
        for y in inner.y..<inner.maxY { b.put("│", x: sx - 1, y: y, role: .border) }
        b.put("call stack", x: sx, y: inner.y, role: .dim, limit: inner.maxX)
        for (i, f) in p.stack.prefix(inner.height - 1).enumerated() {
            let text = "#\(i) \(f.function)" + (f.line.map { " :\($0)" } ?? "")
            b.put(text, x: sx, y: inner.y + 1 + i, role: i == 0 ? .currentLine : .text, limit: inner.maxX)
        }
    }
}
