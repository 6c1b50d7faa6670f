/// What the explorer's keys and service answers do (pure, part of `Update`): moving over
/// the items of the top view, opening one (a history stack that Back unwinds with its
/// selection), `y` copying a full id, `r` refreshing, "load more" signatures.
enum ExplorerKeys {
    /// j/k/↑/↓ by one, PgUp/PgDn and the wheel by `n`, Home/End to the ends.
    static func move(_ e: inout ExplorerState, _ k: Key, by n: Int = 1) {
        guard let v = e.stack.last else { return }
        let count = ExplorerItems.items(of: v).count
        guard count > 0 else { e.selected = 0; return }
        switch k {
        case .up: e.selected -= n
        case .down: e.selected += n
        case .home: e.selected = 0
        case .end: e.selected = count - 1
        default: return
        }
        e.selected = max(0, min(count - 1, e.selected))
    }

    /// Enter on an item: open the transaction / account / program, or load more.
    static func open(_ e: inout ExplorerState) -> [Effect] {
        guard let item = ExplorerItems.selected(e) else { return [] }
        if item.kind == .loadMore { return loadMore(&e) }
        guard let q = item.target else { return [] }
        return PaneKeys.lookup(&e, q)
    }

    static func loadMore(_ e: inout ExplorerState) -> [Effect] {
        guard case .account(let a)? = e.stack.last, a.moreSignatures, !e.loadingMore,
              let last = a.signatures.last else { return [] }
        e.loadingMore = true
        return [.loadSignatures(address: a.address, before: last.signature)]
    }

    /// `y`: the selected item's full id (the view's own when nothing is selected) goes to
    /// the terminal's clipboard (OSC 52) and the workbench's (Alt+v pastes it).
    static func copy(_ s: inout AppState) -> [Effect] {
        let id = ExplorerItems.selected(s.explorer).map(\.id).flatMap { $0.isEmpty ? nil : $0 } ?? s.explorer.stack.last?.id
        guard let id else { s.message = "nothing to copy (look up an address or signature first)"; return [] }
        s.clipboard = id
        s.message = "copied \(id)"
        return [.copyToClipboard(id)]
    }

    /// `r`: the top view again from the cluster (replaced in place, selection kept).
    static func refresh(_ s: inout AppState) -> [Effect] {
        guard let v = s.explorer.stack.last else { s.message = "nothing to refresh"; return [] }
        s.explorer.error = nil
        s.explorer.loading = "refresh " + Draw.short(v.id)
        return [.refreshLookup(v.query), .startTicking]
    }

    /// A refreshed view: replaces the top one when the user is still on it.
    static func refreshed(_ e: inout ExplorerState, _ v: ExplorerView) {
        e.loading = nil
        guard let top = e.stack.last, top.id == v.id else { return }
        var fresh = v
        // Pages loaded with "load more" stay (the first page is the fresh one).
        if case .account(var a) = v, case .account(let old) = top, old.signatures.count > a.signatures.count {
            let seen = Set(a.signatures.map(\.signature))
            a.signatures += old.signatures.filter { !seen.contains($0.signature) }
            a.moreSignatures = old.moreSignatures
            fresh = .account(a)
        }
        e.stack[e.stack.count - 1] = fresh
        e.error = nil
        e.selected = min(e.selected, max(0, ExplorerItems.items(of: fresh).count - 1))
    }

    /// Older signatures of `address` (a page; `more`: the page was full).
    static func moreSignatures(_ e: inout ExplorerState, address: String, _ rows: [SignatureRow], more: Bool) {
        e.loadingMore = false
        guard case .account(var a)? = e.stack.last, a.address == address else { return }
        let seen = Set(a.signatures.map(\.signature))
        a.signatures += rows.filter { !seen.contains($0.signature) }
        a.moreSignatures = more
        e.stack[e.stack.count - 1] = .account(a)
        e.selected = min(e.selected, max(0, ExplorerItems.items(of: .account(a)).count - 1))
    }
}
