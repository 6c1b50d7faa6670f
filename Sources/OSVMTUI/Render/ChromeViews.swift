import Foundation

/// The status line: cluster, connection, slot, epoch progress, RPC latency; help hint.
enum HeaderView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer) {
        b.fill(Rect(x: 0, y: 0, width: s.width, height: 1), role: .header)
        let st = s.status
        let dot = st.connected == true ? "●" : (st.connected == false ? "○" : "◌")
        var parts = ["osvm", "\(st.cluster) \(dot)"]
        if let slot = st.slot { parts.append("slot \(Draw.grouped(slot))") }
        if let e = st.epoch {
            let pct = Int(((st.epochProgress ?? 0) * 100).rounded())
            parts.append("epoch \(e) \(pct)%")
        }
        if let ms = st.latencyMillis { parts.append("rpc \(ms) ms") }
        if s.busy { parts.append(Draw.spinner(s.spinner) + " busy") }
        let left = " " + parts.joined(separator: " ─ ")
        b.put(left, x: 0, y: 0, role: .header, limit: s.width)
        let right = "? help "
        if DisplayWidth.of(left) + DisplayWidth.of(right) + 2 <= s.width {
            b.put(right, x: s.width - DisplayWidth.of(right), y: 0, role: .header)
        }
    }
}

/// The tab bar shown below 80×24 (one pane at a time).
enum TabBarView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, y: Int) {
        var x = 0
        for p in s.layout.order {
            let label = " \(p.rawValue) \(p.title) "
            x = b.put(label, x: x, y: y, role: p == s.focus ? .tabActive : .tab)
            x += 1
        }
    }
}

/// The hint line, generated from the focused pane's and the global keymap tables.
enum FooterView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer) {
        let y = s.height - 1
        guard y > 0 else { return }
        b.fill(Rect(x: 0, y: y, width: s.width, height: 1), role: .footer)
        // The mode first: NAV (keys are commands) or INSERT (keys are text).
        var x = b.put(s.inNavigation ? " NAV " : " INSERT ", x: 0, y: y, role: .tabActive)
        if let m = s.message {
            let asking = s.confirmQuit || s.pendingOpen != nil || !s.recoveryOffers.isEmpty
            b.put(" " + m, x: x, y: y, role: asking ? .warn : .info)
            return
        }
        if s.awaitingWindowKey {
            b.put(" Ctrl-W: z zoom/restore  w next pane", x: x, y: y, role: .footer)
            return
        }
        x += 1
        for (key, help) in Keymap.footer(for: s.focus, navigating: s.inNavigation, debugging: s.debug.active) {
            let need = DisplayWidth.of(key) + DisplayWidth.of(help) + 3
            if x + need > s.width { break }
            x = b.put(key, x: x, y: y, role: .footerKey)
            x = b.put(" " + help + "  ", x: x, y: y, role: .footer)
        }
    }
}

/// The `?` overlay for the focused pane, built from the same tables as the footer:
/// keys on the left, palette commands on the right (below each other when narrow).
enum HelpView {
    static func keyLines(for pane: PaneID) -> [(String, String)] {
        var out: [(String, String)] = []
        out += Keymap.table(for: pane).map { ($0.label, $0.help) }
        out += Keymap.notes(for: pane)
        out.append(("", ""))
        out += Keymap.global.map { ($0.label, $0.help) }
        out += Keymap.typing.map { ($0.label, $0.help) }
        out.append(("", ""))
        out.append(("debugger", ""))
        out += Keymap.debugging.map { ($0.label, $0.help) }
        out.append(("", ""))
        out.append(("navigation (Esc)", ""))
        out += Keymap.navigation.map { ($0.label, $0.help) }
        return out
    }

    static func commandLines() -> [(String, String)] {
        Palette.commands.map { (":" + $0.name + ($0.args.isEmpty ? "" : " " + $0.args), $0.help) }
    }

    static func lines(for pane: PaneID) -> [(String, String)] {
        keyLines(for: pane) + [("", "")] + commandLines()
    }

    static func columns(_ s: AppState) -> [[(String, String)]] {
        s.width >= 120 ? [keyLines(for: s.focus), commandLines()] : [lines(for: s.focus)]
    }

    /// The overlay's box: as tall as its longest column, at most the screen.
    static func frame(_ s: AppState) -> Rect {
        let w = min(s.width - 2, s.width >= 120 ? 150 : 76)
        let h = min(s.height - 2, (columns(s).map(\.count).max() ?? 0) + 2)
        return Rect(x: (s.width - w) / 2, y: (s.height - h) / 2, width: w, height: h)
    }

    static func visibleRows(_ s: AppState) -> Int { max(1, frame(s).height - 2) }

    /// How far the overlay scrolls: its longest column's rows that do not fit.
    static func maxScroll(_ s: AppState) -> Int {
        max(0, (columns(s).map(\.count).max() ?? 0) - visibleRows(s))
    }

    static func draw(_ s: AppState, into b: inout ScreenBuffer) {
        let columns = columns(s)
        let r = frame(s)
        let (w, h) = (r.width, r.height)
        guard w > 10, h > 3 else { return }
        let scroll = max(0, min(s.helpScroll, maxScroll(s)))
        b.fill(r, role: .overlay)
        let more = maxScroll(s) > 0 ? " ─ j/k scroll \(scroll + 1)–\(scroll + visibleRows(s))/\(maxScroll(s) + visibleRows(s))" : ""
        Draw.box(&b, r, title: "Help ─ \(s.focus.title)\(more) (any key closes)", focused: true)
        let colWidth = (w - 2) / columns.count
        for (c, items) in columns.enumerated() {
            let x0 = r.x + 2 + c * colWidth
            let keyWidth = c == 0 ? 20 : 26
            for (i, item) in items.dropFirst(scroll).prefix(h - 2).enumerated() {
                let y = r.y + 1 + i
                let x = b.put(item.0, x: x0, y: y, role: .footerKey, limit: x0 + keyWidth)
                b.put(item.1, x: max(x + 1, x0 + keyWidth), y: y, role: .overlay, limit: min(r.maxX - 1, x0 + colWidth - 1))
            }
        }
    }
}

/// The `:` palette: input line and completions, drawn above the footer.
enum PaletteView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer) {
        guard let p = s.palette else { return }
        let shown = Array(p.completions.prefix(8))
        let h = min(s.height - 2, shown.count + 3)
        let w = min(s.width, 60)
        guard h >= 3, w >= 10 else { return }
        let r = Rect(x: 0, y: s.height - 1 - h, width: w, height: h)
        b.fill(r, role: .overlay)
        Draw.box(&b, r, title: "Command", focused: true)
        let x = b.put(":", x: r.x + 1, y: r.y + 1, role: .prompt)
        let text = String(p.input.currentLine)
        b.put(text, x: x, y: r.y + 1, role: .overlay, limit: r.maxX - 1)
        b.cursor = (x + DisplayWidth.of(String(p.input.currentLine.prefix(p.input.col))), r.y + 1)
        for (i, c) in shown.enumerated() where r.y + 2 + i < r.maxY - 1 {
            let role: Role = i == p.selected ? .selection : .overlay
            b.fill(Rect(x: r.x + 1, y: r.y + 2 + i, width: w - 2, height: 1), role: role)
            let help = Palette.commands.first { $0.name == c }.map { "  " + $0.args + "  " + $0.help } ?? ""
            b.put(c + help, x: r.x + 2, y: r.y + 2 + i, role: role, limit: r.maxX - 1)
        }
    }
}
