import Foundation

/// The explorer pane: query line, then the account or transaction on top of the stack.
enum ExplorerPaneView {
    static func draw(_ s: AppState, into b: inout ScreenBuffer, rect: Rect, focused: Bool) {
        let e = s.explorer
        var title = "3 Explorer"
        switch e.stack.last {
        case .account?: title += " ─ account"
        case .transaction?: title += " ─ transaction"
        case nil: break
        }
        if e.loading != nil { title += " " + Draw.spinner(s.spinner) }
        Draw.box(&b, rect, title: title, focused: focused)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        let px = b.put("› ", x: inner.x, y: inner.y, role: .prompt)
        let line = e.input.currentLine
        b.put(String(line), x: px, y: inner.y, role: .text, limit: inner.maxX)
        if e.input.isEmpty, !focused || e.stack.isEmpty {
            b.put("address or signature", x: px, y: inner.y, role: .dim, limit: inner.maxX)
        }
        if focused { b.cursor = (px + DisplayWidth.of(String(line.prefix(e.input.col))), inner.y) }
        var rows: [Row] = []
        if let l = e.loading { rows.append(Row(Draw.spinner(s.spinner) + " loading " + l, .spinner)) }
        if let err = e.error { rows.append(Row("✗ " + err, .errorText)) }
        let width = inner.width
        switch e.stack.last {
        case .account(let a)?: rows += account(a, selected: e.selected, width: width, loadingMore: e.loadingMore)
        case .transaction(let t)?: rows += transaction(t, selected: e.selected, width: width)
        case nil: if e.loading == nil, e.error == nil { rows.append(Row("Enter looks it up; Backspace goes back", .dim)) }
        }
        let visible = max(0, inner.height - 1)
        // Scrolled so that the selected row and its full-id line are on screen.
        let lastSelected = rows.lastIndex { $0.selected || $0.detail } ?? 0
        let offset = max(0, min(rows.count - visible, lastSelected - visible + 1))
        if rows.count > visible, visible > 0 {
            let pos = " \(offset + 1)–\(min(rows.count, offset + visible))/\(rows.count) "
            let x = rect.maxX - 2 - DisplayWidth.of(pos)
            if x > rect.x + DisplayWidth.of(title) + 4 { b.put(pos, x: x, y: rect.y, role: .dim) }
        }
        for (i, row) in rows.dropFirst(offset).prefix(visible).enumerated() {
            let y = inner.y + 1 + i
            if row.selected { b.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selection) }
            b.put(row.text, x: inner.x, y: y, role: row.selected ? .selection : row.role, limit: inner.maxX)
        }
    }

    /// One line of the view; `selected` is the selected item, `detail` its full-id lines.
    struct Row {
        var text: String
        var role: Role
        var selected = false
        var detail = false
        init(_ text: String, _ role: Role, selected: Bool = false, detail: Bool = false) {
            self.text = text; self.role = role; self.selected = selected; self.detail = detail
        }
    }

    /// A selectable line: marked, and followed by the full id when selected.
    static func item(_ text: String, _ role: Role, id: String, selected: Bool, width: Int) -> [Row] {
        guard selected else { return [Row("  " + text, role)] }
        var rows = [Row("▸ " + text, role, selected: true)]
        if !id.isEmpty { rows += fullID(id, width: width) }
        return rows
    }

    /// The full id under the selected row ("y copies it"), broken to the pane width.
    static func fullID(_ id: String, width: Int) -> [Row] {
        let room = max(8, width - 4)
        var rows: [Row] = []
        var rest = Substring(id)
        while !rest.isEmpty {
            rows.append(Row("    " + rest.prefix(room), .dim, detail: true))
            rest = rest.dropFirst(room)
        }
        return rows
    }

    /// The id in full when it fits beside `rest`, shortened otherwise.
    static func heading(_ id: String, _ rest: String, width: Int, keep: Int = 6) -> String {
        let full = id + rest
        return DisplayWidth.of(full) <= width ? full : Draw.short(id, keep: keep) + rest
    }

    static func account(_ a: AccountSummary, selected: Int, width: Int = 0, loadingMore: Bool = false) -> [Row] {
        var rows: [Row] = [
            Row(heading(a.address, "  " + a.kind, width: width), .title),
            Row("balance   " + a.balance, .text),
            Row("owner     " + a.owner, .text),
            Row("data      \(a.dataSize) bytes    executable  " + (a.executable ? "yes" : "no"), .text),
        ]
        for (k, v) in a.decoded { rows.append(Row(k.padding(toLength: 10, withPad: " ", startingAt: 0) + v, .text)) }
        rows.append(Row("── recent signatures (\(a.signatures.count)\(a.moreSignatures ? "+" : "")) ──", .border))
        for (i, sig) in a.signatures.enumerated() {
            let text = Draw.short(sig.signature) + "  slot \(Draw.grouped(sig.slot))  " + (sig.ok ? "ok" : "failed") + "  " + sig.time
            rows += item(text, sig.ok ? .text : .bad, id: sig.signature, selected: i == selected, width: width)
        }
        if a.moreSignatures {
            let text = loadingMore ? "loading older signatures…" : "load more (Enter: older signatures)"
            rows += item(text, .dim, id: "", selected: selected == a.signatures.count, width: width)
        }
        return rows
    }

    static func transaction(_ t: TransactionSummary, selected: Int = 0, width: Int = 0) -> [Row] {
        var rows: [Row] = [
            Row(heading(t.signature, "", width: width, keep: 10), .title),
            Row("status    " + t.status, t.status == "ok" ? .good : .bad),
            Row("slot      " + Draw.grouped(t.slot) + "   " + t.time, .text),
            Row("fee       " + t.fee, .text),
            Row("── accounts ──", .border),
        ]
        // Lines with a full key are items (Enter opens the account); older summaries have none.
        for (i, line) in t.accounts.enumerated() {
            if i < t.accountKeys.count {
                rows += item(line, .text, id: t.accountKeys[i], selected: i == selected, width: width)
            } else {
                rows.append(Row(line, .text))
            }
        }
        rows.append(Row("── instructions ──", .border))
        let base = t.accountKeys.count
        for (i, line) in t.instructions.enumerated() {
            if i < t.programKeys.count {
                rows += item(line, .text, id: t.programKeys[i], selected: base + i == selected, width: width)
            } else {
                rows.append(Row(line, .text))
            }
        }
        rows.append(Row("── logs ──", .border))
        if t.accountKeys.isEmpty {
            rows += t.logs.map { Row($0, .dim) }
        } else {
            let first = t.accountKeys.count + t.programKeys.count
            for (i, line) in t.logs.enumerated() {
                rows += item(line, .dim, id: "", selected: first + i == selected, width: width)
            }
        }
        return rows
    }
}
