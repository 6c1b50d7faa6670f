/// The selectable rows of an explorer view: what `j`/`k` move over, what Enter opens and
/// what `y` copies. One list for `Update` and the renderer, so they cannot disagree.
public struct ExplorerItem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A signature of the account's history (opens the transaction).
        case signature
        /// "load more": the next page of older signatures.
        case loadMore
        /// An account key of a transaction (opens the account).
        case account
        /// The program an instruction calls (opens the program's account).
        case program
        /// A log line of a transaction: only selected, so long logs can be scrolled.
        case log
    }
    public var kind: Kind
    /// The full base58 id shown on the detail line and copied (empty for `loadMore`).
    public var id: String
    /// Row within the kind's section (`accounts[index]`, `signatures[index]`, …).
    public var index: Int

    /// What Enter on the item looks up (nil: load more, handled apart).
    public var target: ExplorerQuery? {
        switch kind {
        case .signature: return .transaction(id)
        case .account, .program: return .account(id)
        case .loadMore, .log: return nil
        }
    }
}

public enum ExplorerItems {
    public static func items(of view: ExplorerView) -> [ExplorerItem] {
        switch view {
        case .account(let a):
            var out = a.signatures.enumerated().map { ExplorerItem(kind: .signature, id: $0.element.signature, index: $0.offset) }
            if a.moreSignatures { out.append(ExplorerItem(kind: .loadMore, id: "", index: a.signatures.count)) }
            return out
        case .transaction(let t):
            var out = t.accountKeys.enumerated().map { ExplorerItem(kind: .account, id: $0.element, index: $0.offset) }
            out += t.programKeys.enumerated().map { ExplorerItem(kind: .program, id: $0.element, index: $0.offset) }
            // Logs are items only where the keys are known (summaries from ChainFormat).
            if !t.accountKeys.isEmpty { out += t.logs.indices.map { ExplorerItem(kind: .log, id: "", index: $0) } }
            return out
        }
    }

    /// The selected item of the explorer's top view, if any.
    public static func selected(_ e: ExplorerState) -> ExplorerItem? {
        guard let v = e.stack.last else { return nil }
        let all = items(of: v)
        return e.selected >= 0 && e.selected < all.count ? all[e.selected] : nil
    }
}
