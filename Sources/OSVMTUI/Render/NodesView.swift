import Deploy
import Foundation

/// The nodes pane: one row per registered node (service, health, slot, behind, load,
/// memory, disk) with sparklines of slots gained and load; alerts under their node.
enum NodesView {
    static let columns: [(title: String, width: Int)] = [
        ("NAME", 12), ("HOST", 20), ("SERVICE", 9), ("HEALTH", 10), ("SLOT", 12), ("BEHIND", 7),
        ("LOAD", 6), ("MEM", 5), ("DISK", 5), ("SLOTS/POLL", 12), ("LOAD", 12),
    ]
    static let ticks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let n = s.nodes
        var title = "6 Nodes"
        if n.loaded { title += " ─ \(n.nodes.count) node" + (n.nodes.count == 1 ? "" : "s") }
        let alerts = n.latest.values.reduce(0) { $0 + $1.alerts.count }
        if alerts > 0 { title += " ─ \(alerts) alert" + (alerts == 1 ? "" : "s") }
        if let src = n.source { title += " ─ " + src }
        Draw.box(&b, rect, title: title, focused: focused)
        var inner = rect.inner
        guard !inner.isEmpty else { return }
        if let p = n.problem {
            b.put(DisplayWidth.truncate("⚠ " + p, to: inner.width), x: inner.x, y: inner.y, role: .warn)
            inner = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
            guard !inner.isEmpty else { return }
        }
        if let d = n.deployment {
            let used = DeployView.draw(d, into: &b, rect: inner)
            inner = Rect(x: inner.x, y: inner.y + used + 1, width: inner.width, height: inner.height - used - 1)
            guard !inner.isEmpty else { return }
        }
        if let e = n.error {
            b.put(DisplayWidth.truncate(e, to: inner.width), x: inner.x, y: inner.y, role: .errorText)
            return
        }
        if n.nodes.isEmpty {
            if n.deployment != nil { return }
            let paragraphs = n.loaded
                ? ["No nodes registered.",
                   "Deploy one from here: :deploy user@host --svm solana --node-type rpc --network devnet (--dry-run shows the plan first), or run osvm user@host … in a shell.",
                   "Registry: ~/.config/osvm/nodes.json"]
                : ["reading the node registry…"]
            // Wrapped at words, not cut: this is the pane's only help before the first node.
            var y = inner.y
            for (i, p) in paragraphs.enumerated() {
                for l in Self.wordWrap(p, width: inner.width) where y < inner.y + inner.height {
                    b.put(DisplayWidth.truncate(l, to: inner.width), x: inner.x, y: y, role: i == 0 ? .text : .dim)
                    y += 1
                }
            }
            return
        }
        var x = inner.x
        for c in columns {
            b.put(c.title, x: x, y: inner.y, role: .dim, limit: min(inner.maxX, x + c.width - 1))
            x += c.width
        }
        var y = inner.y + 1
        // Scrolled so that the selected node (and its alert lines) is in view.
        for (i, node) in n.nodes.enumerated() where i >= firstRow(n, rows: inner.height - 1) {
            guard y < inner.maxY else { break }
            let snap = n.latest[node.name]
            let selected = focused && i == n.selected
            if selected { b.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selection) }
            let cells = row(node, snap, slots: n.slotHistory[node.name] ?? [], load: n.loadHistory[node.name] ?? [])
            x = inner.x
            for (j, cell) in cells.enumerated() {
                let w = columns[j].width
                b.put(cell.0, x: x, y: y, role: selected ? .selection : cell.1, limit: min(inner.maxX, x + w - 1))
                x += w
            }
            y += 1
            for a in snap?.alerts ?? [] where y < inner.maxY {
                b.put("  ⚠ " + a.message, x: inner.x, y: y, role: .warn, limit: inner.maxX)
                y += 1
            }
        }
    }

    /// The first node shown: 0 while the selection fits, else the one that puts the
    /// selected node on the last rows (each node takes 1 + its alerts lines).
    static func firstRow(_ n: NodesState, rows: Int) -> Int {
        guard rows > 0, n.selected > 0, n.selected < n.nodes.count else { return 0 }
        func height(_ i: Int) -> Int { 1 + (n.latest[n.nodes[i].name]?.alerts.count ?? 0) }
        var used = height(n.selected)
        var first = n.selected
        while first > 0 && used + height(first - 1) <= rows {
            first -= 1
            used += height(first)
        }
        return first
    }

    static func row(_ node: NodeInfo, _ snap: NodeSnapshot?, slots: [Double], load: [Double]) -> [(String, Role)] {
        func pct(_ v: Double?) -> String { v.map { String(format: "%.0f%%", $0) } ?? "–" }
        guard let s = snap else {
            return [(node.name, .text), (node.host, .dim), ("…", .dim)] + Array(repeating: ("", Role.dim), count: columns.count - 3)
        }
        let state = s.serviceState ?? "?"
        let up = ["active", "RUNNING", "STARTING", "UP"].contains(state)
        let health = s.health ?? "?"
        let behind = s.slotsBehind
        return [
            (node.name, .text),
            (node.host, .dim),
            (state, up ? .good : .bad),
            (health, health == "ok" ? .good : .bad),
            (s.slot.map(Draw.grouped) ?? "–", .number),
            (behind.map(String.init) ?? "–", (behind ?? 0) > 1_000 ? .bad : .text),
            (s.load1.map { String(format: "%.2f", $0) } ?? "–", .text),
            (pct(s.memUsedPercent), (s.memUsedPercent ?? 0) > 95 ? .bad : .text),
            (pct(s.diskUsedPercent), (s.diskUsedPercent ?? 0) > 90 ? .bad : .text),
            (sparkline(slots, width: columns[9].width - 1), .good),
            (sparkline(load, width: columns[10].width - 1), .info),
        ]
    }

    /// The last `width` values as ▁…█ between their minimum and maximum.
    static func sparkline(_ values: [Double], width: Int) -> String {
        let v = values.suffix(max(0, width))
        guard let lo = v.min(), let hi = v.max() else { return "" }
        let span = hi - lo
        return String(v.map { x in
            span <= 0 ? ticks[x > 0 ? 3 : 0] : ticks[min(ticks.count - 1, Int((x - lo) / span * Double(ticks.count - 1) + 0.5))]
        })
    }

    /// `text` in lines of at most `width` columns, broken at spaces (a longer word is cut
    /// by the caller's truncation).
    static func wordWrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = [], line = "", w = 0
        for word in text.split(separator: " ") {
            let ww = DisplayWidth.of(String(word))
            if !line.isEmpty && w + 1 + ww > width { lines.append(line); line = ""; w = 0 }
            if !line.isEmpty { line += " "; w += 1 }
            line += word; w += ww
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
