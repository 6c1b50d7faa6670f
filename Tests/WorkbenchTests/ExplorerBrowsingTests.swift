import Foundation
import Testing
@testable import OSVMTUI

/// Explorer browsing (issue 13): full ids and the copy key, drilling from a transaction
/// into its accounts with a history stack, refresh, paging and "load more".
@Suite struct ExplorerBrowsingTests {
    static let payer = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"
    static let receiver = "7GhJkLmNpQrStUvWxYz1234567891ABCDEFGHJKLMNPQ"
    static let system = "11111111111111111111111111111111"
    static let signature = "5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ5kTzQ2n8WdS5w9q7ZLm3XfJ9aQ"

    static func transaction() -> TransactionSummary {
        var t = TransactionSummary(signature: signature, status: "ok", slot: 1198, time: "2026-11-25 12:01:00 UTC",
                                   fee: "0.000005 ◎", accounts: ["9xQeWv…VFin  2 ◎ → 1.5 ◎", "7GhJkL…MNPQ  0 ◎ → 0.5 ◎", "111111…1111  1 ◎ → 1 ◎"],
                                   instructions: ["system  2 accounts  12 bytes"], logs: ["Program 11111111111111111111111111111111 success"])
        t.accountKeys = [payer, receiver, system]
        t.programKeys = [system]
        return t
    }

    static func account(_ address: String = payer, signatures n: Int = 3, more: Bool = false, balance: String = "2 ◎") -> AccountSummary {
        var a = AccountSummary(address: address, kind: "system account", balance: balance, owner: system, executable: false, dataSize: 0)
        a.signatures = (0..<n).map { SignatureRow(signature: "sig\($0)", slot: UInt64(1000 - $0), ok: true, time: "") }
        a.moreSignatures = more
        return a
    }

    static func explorer(_ views: [ExplorerView]) -> AppState {
        var s = Fixture.state()
        s.focus = .explorer
        for v in views { _ = Update.reduce(&s, .explorerLoaded(v)) }
        return s
    }

    @Test func enterOnAnAccountOfATransactionOpensItAndEscBacksOutWithTheSelection() {
        var s = Self.explorer([.account(Self.account()), .transaction(Self.transaction())])
        #expect(s.explorer.selected == 0)
        Fixture.keys(&s, [.escape, .char("j")])              // navigation mode, second account
        #expect(s.navigating && s.explorer.selected == 1)
        let fx = Fixture.keys(&s, [.enter])
        #expect(fx == [.lookup(.account(Self.receiver)), .startTicking])
        _ = Update.reduce(&s, .explorerLoaded(.account(Self.account(Self.receiver))))
        #expect(s.explorer.stack.count == 3)
        Fixture.keys(&s, [.escape])                          // back to the transaction…
        #expect(s.explorer.stack.count == 2 && s.explorer.selected == 1)   // …its selection kept
        Fixture.keys(&s, [.char("G")])                        // not a key here: typed, insert mode again
        #expect(!s.navigating)
        Fixture.keys(&s, [.backspace, .escape, .char("j"), .char("j")])    // the program of the instruction
        #expect(ExplorerItems.selected(s.explorer) == ExplorerItem(kind: .program, id: Self.system, index: 0))
        #expect(Fixture.keys(&s, [.enter]) == [.lookup(.account(Self.system)), .startTicking])
        Fixture.keys(&s, [.escape])                          // nothing loaded yet: back to the account
        #expect(s.explorer.stack.count == 1 && s.explorer.selected == 0)
    }

    @Test func copyKeyPutsTheFullIdOnTheClipboardAndIsTextWhileTyping() {
        var s = Self.explorer([.transaction(Self.transaction())])
        Fixture.keys(&s, [.char("y")])                       // typing: it is the query
        #expect(s.explorer.input.text == "y")
        Fixture.keys(&s, [.backspace, .escape, .down])
        let fx = Fixture.keys(&s, [.char("y")])
        #expect(fx == [.copyToClipboard(Self.receiver)])
        #expect(s.clipboard == Self.receiver && s.message == "copied \(Self.receiver)")
        #expect(s.navigating)                                // a command, not a letter
        var empty = Self.explorer([.account(Self.account(signatures: 0))])
        Fixture.keys(&empty, [.escape])
        #expect(Fixture.keys(&empty, [.char("y")]) == [.copyToClipboard(Self.payer)])   // nothing selected: the view's id
    }

    @Test func osc52BytesAreExact() {
        let bytes = OSC52.sequence(Self.payer)!
        let expected = "\u{1B}]52;c;" + Data(Self.payer.utf8).base64EncodedString() + "\u{07}"
        #expect(bytes == Array(expected.utf8))
        #expect(String(decoding: OSC52.sequence("hé")!, as: UTF8.self) == "\u{1B}]52;c;aMOp\u{07}")
        #expect(OSC52.sequence(String(repeating: "x", count: OSC52.maxBytes + 1)) == nil)
    }

    @Test func refreshReplacesTheViewInPlaceAndKeepsTheSelection() {
        var s = Self.explorer([.account(Self.account(balance: "1 ◎"))])
        Fixture.keys(&s, [.escape, .char("j"), .char("j")])
        let fx = Fixture.keys(&s, [.char("r")])
        #expect(fx == [.refreshLookup(.account(Self.payer)), .startTicking])
        #expect(s.explorer.loading != nil)
        _ = Update.reduce(&s, .explorerRefreshed(.account(Self.account(Self.receiver, balance: "9 ◎"))))
        guard case .account(let same)? = s.explorer.stack.last else { Issue.record("no account"); return }
        #expect(same.balance == "1 ◎")                       // another view's answer: ignored
        _ = Update.reduce(&s, .explorerRefreshed(.account(Self.account(balance: "3 ◎"))))
        guard case .account(let a)? = s.explorer.stack.last else { Issue.record("no account"); return }
        #expect(a.balance == "3 ◎" && s.explorer.stack.count == 1 && s.explorer.selected == 2 && s.explorer.loading == nil)
    }

    @Test func pagingAndLoadMore() {
        var s = Self.explorer([.account(Self.account(signatures: 20, more: true))])
        Fixture.keys(&s, [.pageDown])
        #expect(s.explorer.selected > 1)
        Fixture.keys(&s, [.escape, .char("k")])
        let page = s.explorer.selected
        Fixture.keys(&s, [.pageDown, .pageDown, .pageDown, .pageDown])
        #expect(s.explorer.selected == 20 && page > 0)       // the "load more" item
        let fx = Fixture.keys(&s, [.enter])
        #expect(fx == [.loadSignatures(address: Self.payer, before: "sig19")])
        #expect(Fixture.keys(&s, [.enter]).isEmpty)          // one request at a time
        let older = (20..<25).map { SignatureRow(signature: "sig\($0)", slot: UInt64(1000 - $0), ok: true, time: "") }
        _ = Update.reduce(&s, .explorerMoreSignatures(address: Self.payer, older, more: false))
        guard case .account(let a)? = s.explorer.stack.last else { Issue.record("no account"); return }
        #expect(a.signatures.count == 25 && !a.moreSignatures && !s.explorer.loadingMore)
        #expect(s.explorer.selected == 20)                   // the first of the older ones
        Fixture.keys(&s, [.char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .char("j")])
        #expect(s.explorer.selected == 24)
    }

    @Test func selectedRowShowsItsFullIdAndLongListsScroll() {
        var s = Self.explorer([.transaction(Self.transaction())])
        var b = ScreenBuffer(width: 60, height: 16)
        Renderer.drawPane(.explorer, s, into: &b, rect: Rect(x: 0, y: 0, width: 60, height: 16))
        assertSnapshot(b.snapshot, named: "transaction-selected")
        #expect(b.snapshot.contains("│    \(Self.payer)"))
        var longLogs = Self.transaction()
        longLogs.logs = (0..<30).map { "Program log: line \($0)" }
        s = Self.explorer([.transaction(longLogs)])
        Fixture.keys(&s, [.escape, .end])                   // the last log line
        #expect(ExplorerItems.selected(s.explorer)?.kind == .log)
        #expect(Fixture.keys(&s, [.enter]).isEmpty)          // nothing to open
        #expect(Fixture.keys(&s, [.char("y")]) == [.copyToClipboard(Self.signature)])   // the view's id
        b = ScreenBuffer(width: 60, height: 16)
        Renderer.drawPane(.explorer, s, into: &b, rect: Rect(x: 0, y: 0, width: 60, height: 16))
        #expect(b.snapshot.contains("▸ Program log: line 29"))
        s = Self.explorer([.account(Self.account(signatures: 40))])
        Fixture.keys(&s, [.escape, .end])
        #expect(s.explorer.selected == 39)
        b = ScreenBuffer(width: 50, height: 12)
        Renderer.drawPane(.explorer, s, into: &b, rect: Rect(x: 0, y: 0, width: 50, height: 12))
        let lines = b.snapshot.split(separator: "\n")
        #expect(lines.contains { $0.contains("▸ sig39") })
        #expect(lines.contains { $0.contains("    sig39") })    // its full id line
        #expect(lines[0].contains("/46"))                    // 5 header rows, 40 signatures, 1 full id
    }

    @Test func pollLoggerLogsOnlyChanges() {
        var p = PollLogger()
        var lines: [String] = []
        func see(_ e: String?) { if let l = p.observe(method: "getEpochInfo", ms: 3, error: e) { lines.append(l.1) } }
        see(nil); see(nil); see(nil)
        see("cannot resolve host"); see("cannot resolve host"); see("cannot resolve host")
        see("connection refused")
        see(nil); see(nil)
        #expect(lines == [
            "rpc getEpochInfo 3 ms (polled; logged again when it changes)",
            "rpc getEpochInfo failed after 3 ms: cannot resolve host (polled; logged again when it changes)",
            "rpc getEpochInfo failed after 3 ms: connection refused (polled; logged again when it changes)",
            "rpc getEpochInfo recovered (3 ms)",
        ])
    }

    @Test func footerAndHelpComeFromTheKeyTable() {
        let typing = Keymap.footer(for: .explorer).map(\.0)
        let navigating = Keymap.footer(for: .explorer, navigating: true).map(\.0)
        #expect(!typing.contains("y") && !typing.contains("r"))
        #expect(navigating.contains("y") && navigating.contains("r"))
    }
}
