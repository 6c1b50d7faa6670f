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
        var rows: [(String, Role)] = []
        if let l = e.loading { rows.append((Draw.spinner(s.spinner) + " loading " + l, .spinner)) }
        if let err = e.error { rows.append(("✗ " + err, .errorText)) }
        switch e.stack.last {
        case .account(let a)?: rows += account(a, selected: e.selected)
        case .transaction(let t)?: rows += transaction(t)
        case nil: if e.loading == nil, e.error == nil { rows.append(("Enter looks it up; Backspace goes back", .dim)) }
        }
        for (i, row) in rows.prefix(inner.height - 1).enumerated() {
            let y = inner.y + 1 + i
            if row.1 == .selection { b.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selection) }
            b.put(row.0, x: inner.x, y: y, role: row.1, limit: inner.maxX)
        }
    }

    static func account(_ a: AccountSummary, selected: Int) -> [(String, Role)] {
        var rows: [(String, Role)] = [
            (Draw.short(a.address) + "  " + a.kind, .title),
            ("balance   " + a.balance, .text),
            ("owner     " + a.owner, .text),
            ("data      \(a.dataSize) bytes    executable  " + (a.executable ? "yes" : "no"), .text),
        ]
        for (k, v) in a.decoded { rows.append((k.padding(toLength: 10, withPad: " ", startingAt: 0) + v, .text)) }
        rows.append(("── recent signatures (\(a.signatures.count)) ──", .border))
        for (i, sig) in a.signatures.enumerated() {
            let mark = i == selected ? "▸ " : "  "
            let text = mark + Draw.short(sig.signature) + "  slot \(Draw.grouped(sig.slot))  " + (sig.ok ? "ok" : "failed") + "  " + sig.time
            rows.append((text, i == selected ? .selection : (sig.ok ? .text : .bad)))
        }
        return rows
    }

    static func transaction(_ t: TransactionSummary) -> [(String, Role)] {
        var rows: [(String, Role)] = [
            (Draw.short(t.signature, keep: 10), .title),
            ("status    " + t.status, t.status == "ok" ? .good : .bad),
            ("slot      " + Draw.grouped(t.slot) + "   " + t.time, .text),
            ("fee       " + t.fee, .text),
            ("── accounts ──", .border),
        ]
        rows += t.accounts.map { ($0, .text) }
        rows.append(("── instructions ──", .border))
        rows += t.instructions.map { ($0, .text) }
        rows.append(("── logs ──", .border))
        rows += t.logs.map { ($0, .dim) }
        return rows
    }
}
