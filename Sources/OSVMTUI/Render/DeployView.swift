import Foundation

/// A deployment in the nodes pane: a heading, one line per step (pending ○, running ▸ with
/// elapsed time and the last output line, done ✓, skipped –, failed ✗, rolled back ↺) and
/// a closing line (the question, the error or the outcome).
enum DeployView {
    /// Draws into the top of `rect`; returns the rows used.
    static func draw(_ d: DeploymentProgress, into b: inout ScreenBuffer, rect: Rect) -> Int {
        guard !rect.isEmpty else { return 0 }
        var y = rect.y
        func line(_ text: String, _ role: Role, x: Int = rect.x) {
            guard y < rect.maxY else { return }
            b.put(text, x: x, y: y, role: role, limit: rect.maxX)
            y += 1
        }
        let finished = d.steps.filter { ![.pending, .running].contains($0.status) }.count
        var head = "Deploy \(d.order.summary)" + (d.order.dryRun ? " ─ dry run" : "") + " ─ \(d.phase.rawValue)"
        if !d.steps.isEmpty, d.phase == .running { head += " \(finished)/\(d.steps.count)" }
        let role: Role
        switch d.phase {
        case .failed, .cancelled: role = .bad
        case .rolledBack: role = .warn
        case .completed, .planned: role = .good
        case .confirming, .preparing, .running: role = .info
        }
        line(head, role)
        if d.phase == .confirming {
            line("Deploy now? y deploys, n or Esc cancels (--yes skips this question)", .warn)
            return y - rect.y
        }
        // Keep the running (or last finished) step in view when the list is taller than the space.
        let room = max(1, rect.maxY - y - 1)
        let focus = d.steps.lastIndex { $0.status != .pending } ?? 0
        let first = d.steps.count <= room ? 0 : max(0, min(focus - room / 2, d.steps.count - room))
        let titleWidth = min(38, max(12, rect.width / 2))
        for st in d.steps.dropFirst(first).prefix(room) {
            guard y < rect.maxY else { break }
            let (icon, role) = mark(st.status)
            var x = b.put(" \(icon) ", x: rect.x, y: y, role: role, limit: rect.maxX)
            let title = DisplayWidth.truncate(st.title, to: titleWidth)
            b.put(title, x: x, y: y, role: st.status == .pending ? .dim : .text, limit: rect.maxX)
            x += titleWidth + 1
            if let e = st.elapsed { x = b.put(String(format: "%6.1f s", e), x: x, y: y, role: .number, limit: rect.maxX) + 2 }
            else { x += 10 }
            let tail = st.status == .running ? st.lastLine : (st.note ?? (st.status == .failed ? st.lastLine : nil))
            if let tail, x < rect.maxX {
                b.put(DisplayWidth.truncate(tail, to: rect.maxX - x), x: x, y: y,
                      role: st.status == .failed ? .errorText : .dim, limit: rect.maxX)
            }
            y += 1
        }
        if let e = d.error { line(DisplayWidth.truncate(e, to: rect.width), .errorText) }
        else if let n = d.notes.last { line(DisplayWidth.truncate(n, to: rect.width), .dim) }
        else if d.phase == .preparing { line("checking the host…", .dim) }
        return y - rect.y
    }

    static func mark(_ s: DeploymentProgress.StepStatus) -> (String, Role) {
        switch s {
        case .pending: return ("○", .dim)
        case .running: return ("▸", .info)
        case .done: return ("✓", .good)
        case .alreadyDone: return ("✓", .dim)
        case .skipped: return ("–", .dim)
        case .failed: return ("✗", .bad)
        case .rolledBack: return ("↺", .warn)
        case .undoFailed: return ("✗", .warn)
        }
    }
}
