import Testing
@testable import OSVMTUI

@Suite struct FocusAndLayoutTests {
    @Test func tabCyclesThroughPanesInLayoutOrder() {
        var s = Fixture.state()
        s.focus = .editor
        Fixture.keys(&s, [.tab]); #expect(s.focus == .repl)
        Fixture.keys(&s, [.tab]); #expect(s.focus == .repl)       // typing in the REPL, Tab completes
        Fixture.keys(&s, [.escape, .tab]); #expect(s.focus == .explorer)
        Fixture.keys(&s, [.tab, .tab]); #expect(s.focus == .editor)
        Fixture.keys(&s, [.backTab]); #expect(s.focus == .log)
    }

    @Test func altNumberJumps() {
        var s = Fixture.state()
        Fixture.keys(&s, [.alt("3")]); #expect(s.focus == .explorer)
        Fixture.keys(&s, [.alt("1")]); #expect(s.focus == .editor)
        Fixture.keys(&s, [.alt("9")]); #expect(s.focus == .editor)   // no pane 9: nothing happens
    }

    @Test func ctrlWZTogglesZoom() {
        var s = Fixture.state()
        Fixture.keys(&s, [.ctrl("w"), .char("z")])
        #expect(s.zoomed)
        #expect(LayoutEngine.paneRects(s).count == 1)
        Fixture.keys(&s, [.ctrl("w"), .char("z")])
        #expect(!s.zoomed)
        #expect(LayoutEngine.paneRects(s).count == 4)
    }

    @Test func below80x24PanesBecomeTabs() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .resize(width: 60, height: 20))
        #expect(s.compact)
        #expect(LayoutEngine.paneRects(s).map(\.0) == [s.focus])
        _ = Update.reduce(&s, .resize(width: 80, height: 24))
        #expect(!s.compact)
    }

    @Test func layoutSplitsByWeight() {
        let frames = Layout.standard.frames(in: Rect(x: 0, y: 1, width: 100, height: 25))
        #expect(frames.map(\.0) == [.editor, .repl, .explorer, .log])
        #expect(frames[0].1 == Rect(x: 0, y: 1, width: 50, height: 15))
        #expect(frames[1].1 == Rect(x: 0, y: 16, width: 50, height: 10))
        #expect(frames[2].1.x == 50)
    }
}

@Suite struct KeymapTests {
    @Test func colonIsTextInTextPanesButOpensThePaletteElsewhere() {
        #expect(Keymap.command(for: .char(":"), pane: .editor, textInput: true) == nil)
        #expect(Keymap.command(for: .char(":"), pane: .log, textInput: false) == .palette)
        #expect(Keymap.command(for: .ctrl("p"), pane: .editor, textInput: true) == .palette)
        #expect(Keymap.command(for: .char("?"), pane: .log, textInput: false) == .help)
    }

    @Test func paneTablesWinOverGlobal() {
        #expect(Keymap.command(for: .ctrl("z"), pane: .editor, textInput: true) == .undo)
        #expect(Keymap.command(for: .ctrl("z"), pane: .log, textInput: false) == .suspend)
    }

    @Test func footerAndHelpComeFromTheTables() {
        let footer = Keymap.footer(for: .editor).map(\.0)
        #expect(footer.first == "Ctrl-S")
        #expect(footer.contains("Ctrl-Q"))
        let help = HelpView.lines(for: .log).map(\.0)
        #expect(help.contains("/"))
        #expect(help.contains(":theme NAME"))
    }
}

@Suite struct PaletteTests {
    @Test func completesCommandsAndArguments() {
        var s = Fixture.state()
        Fixture.keys(&s, [.ctrl("p")])
        Fixture.type(&s, "th")
        #expect(s.palette?.completions == ["theme"])
        Fixture.keys(&s, [.tab])
        #expect(s.palette?.input.text == "theme ")
        Fixture.type(&s, "l")
        #expect(s.palette?.completions == ["theme light"])
        Fixture.keys(&s, [.tab])
        let fx = Fixture.keys(&s, [.enter])
        #expect(fx == [.loadTheme("light")])
        #expect(s.palette == nil)
    }

    @Test func commandsProduceEffects() {
        var s = Fixture.state()
        #expect(Palette.execute(&s, "open ~/x.ovsm") == [.readFile(Palette.expand("~/x.ovsm"))])
        #expect(Palette.execute(&s, "cluster devnet") == [.setCluster("devnet")])
        #expect(Palette.execute(&s, "rpc slot") == [.rpcQuery("slot")])
        let addr = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"
        #expect(Palette.execute(&s, "balance \(addr)") == [.lookup(.account(addr)), .startTicking])
        #expect(s.focus == .explorer)
        #expect(Palette.execute(&s, "save") == [])
        #expect(s.message == "no file name — use :save FILE")
        _ = Palette.execute(&s, "layout wide")
        #expect(s.layout.name == "wide")
        _ = Palette.execute(&s, "bogus")
        #expect(s.message == "unknown command :bogus")
    }

    @Test func quitAsksWhenTheBufferIsModified() {
        var s = Fixture.state()
        s.focus = .editor
        Fixture.type(&s, "x")
        #expect(Fixture.keys(&s, [.ctrl("q")]) == [])
        #expect(s.confirmQuit)
        #expect(Fixture.keys(&s, [.char("y")]) == [.clearRecovery, .quit])   // discarded: it does not come back
        #expect(s.quitting)
    }
}

@Suite struct ReplAndEditorTests {
    @Test func replEvaluatesCompleteFormsAndWaitsForMore() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.type(&s, "(+ 1")
        #expect(Fixture.keys(&s, [.enter]) == [])
        #expect(s.repl.pending == ["(+ 1"])
        Fixture.type(&s, "2)")
        let fx = Fixture.keys(&s, [.enter])
        #expect(fx == [.evaluate("(+ 1\n2)", .repl), .appendHistory("(+ 1\n2)"), .startTicking])
        #expect(s.repl.busy)
        _ = Update.reduce(&s, .evalFinished(.repl, EvalResult(printed: "3", error: nil, globalNames: ["car"])))
        #expect(!s.repl.busy)
        #expect(s.repl.transcript.last == .init(kind: .result, text: "3"))
        #expect(s.globalNames == ["car"])
    }

    @Test func historyAndCancel() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.type(&s, "(f)\n")
        #expect(Fixture.keys(&s, [.ctrl("c")]) == [.cancelEvaluation])
        _ = Update.reduce(&s, .evalFinished(.repl, EvalResult(printed: "", error: "limit: cancelled")))
        #expect(s.repl.transcript.last?.kind == .error)
        Fixture.keys(&s, [.up])
        #expect(s.repl.input.text == "(f)")
        Fixture.keys(&s, [.down])
        #expect(s.repl.input.text == "")
    }

    @Test func f5RunsTheEditorBufferInTheSharedSession() {
        var s = Fixture.state()
        s.editor.load(text: "(define x 1)", path: "/tmp/a.ovsm")
        let fx = Fixture.keys(&s, [.function(5)])
        #expect(fx == [.evaluate("(define x 1)", .editor), .startTicking])
        #expect(Fixture.keys(&s, [.function(5)]) == [])   // one evaluation at a time
    }

    @Test func editingUndoRedoAndSave() {
        var s = Fixture.state()
        s.focus = .editor
        s.editor.load(text: "", path: "/tmp/b.ovsm")
        Fixture.type(&s, "(a b")
        #expect(s.editor.modified)
        #expect(s.editor.buffer.text == "(a b")
        Fixture.keys(&s, [.ctrl("z")])             // undo takes back the last word typed
        #expect(s.editor.buffer.text == "(a")
        Fixture.keys(&s, [.ctrl("y")])
        #expect(s.editor.buffer.text == "(a b")
        Fixture.keys(&s, [.backspace, .backspace, .left])
        #expect(s.editor.buffer.text == "(a")
        #expect(Fixture.keys(&s, [.ctrl("s")]) == [.writeFile(path: "/tmp/b.ovsm", text: "(a")])
        #expect(Update.reduce(&s, .fileSaved(path: "/tmp/b.ovsm")) == [.clearRecovery])
        #expect(!s.editor.modified)
    }

    @Test func syntaxRolesBracketsAndReaderErrors() {
        var e = EditorState()
        e.load(text: "(define s \"日本\") ; hi\n(+ 1 2", path: nil)
        #expect(e.roles[0][0] == .bracket)
        #expect(e.roles[0][1] == .keyword)
        #expect(e.roles[0][10] == .string)
        #expect(e.roles[0][17] == .comment)
        #expect(e.roles[1][3] == .number)
        #expect(e.partners[.init(row: 0, col: 0)] == .init(row: 0, col: 14))
        #expect(e.roles[1][0] == .syntaxError)   // unclosed
        e.load(text: "(a))", path: nil)
        #expect(e.readError?.position == .init(row: 0, col: 3))
    }
}

@Suite struct LogAndExplorerTests {
    @Test func logIsBoundedFollowsAndFilters() {
        var s = Fixture.state()
        let batch = (0..<1000).map { LogLine(time: "", level: .info, text: "line \($0)") }
        for _ in 0..<120 { _ = Update.reduce(&s, .log(batch)) }
        #expect(s.log.lines.count == LogState.capacity)
        #expect(s.log.received == 120_000)
        #expect(s.log.lines[0].text == "line 0")   // 20,000 oldest dropped: 20 batches
        s.focus = .log
        Fixture.keys(&s, [.char("f")]); #expect(!s.log.follow)
        Fixture.keys(&s, [.char("f")]); #expect(s.log.follow)
        Fixture.keys(&s, [.char("/")])
        Fixture.type(&s, "line 999")
        Fixture.keys(&s, [.enter])
        #expect(s.log.filter == "line 999")
        #expect(s.log.visibleIndexes(limit: 5).allSatisfy { s.log.lines[$0].text.contains("line 999") })
    }

    @Test func explorerDetectsLooksUpDrillsAndGoesBack() {
        #expect(ExplorerQuery.detect("11111111111111111111111111111111") == .account("11111111111111111111111111111111"))
        #expect(ExplorerQuery.detect(String(repeating: "5", count: 87)) == .transaction(String(repeating: "5", count: 87)))
        #expect(ExplorerQuery.detect("(+ 1 2)") == nil)
        var s = DemoState.make(width: 100, height: 30)
        s.focus = .explorer
        s.explorer.selected = 0
        let fx = Fixture.keys(&s, [.down, .enter])
        guard case .account(let a)? = s.explorer.stack.last else { Issue.record("no account"); return }
        #expect(fx == [.lookup(.transaction(a.signatures[1].signature)), .startTicking])
        #expect(s.explorer.loading != nil)
        _ = Update.reduce(&s, .explorerFailed("not found"))
        #expect(s.explorer.error == "not found")
        Fixture.keys(&s, [.backspace])
        #expect(s.explorer.stack.isEmpty)
    }
}
