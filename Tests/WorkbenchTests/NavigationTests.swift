import Testing
@testable import OSVMTUI

/// Navigation mode (Esc), the automatic six-pane layout, Tab completion and whole
/// multi-line history in the REPL pane: state in, state and frames (as text) out.
@Suite struct NavigationModeTests {
    func screen(_ s: AppState) -> [String] { Renderer.render(s).lines }

    @Test func escLeavesTextInputAndQuestionMarkOpensHelp() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.type(&s, "?")
        #expect(s.repl.input.text == "?" && !s.showHelp)        // typing: `?` is text
        #expect(screen(s).last?.hasPrefix(" INSERT ") == true)
        Fixture.keys(&s, [.escape])
        #expect(s.navigating && s.inNavigation)
        #expect(screen(s).last?.hasPrefix(" NAV ") == true)
        Fixture.keys(&s, [.char("?")])
        #expect(s.showHelp)
        #expect(s.repl.input.text == "?")                          // nothing typed
        #expect(screen(s).contains { $0.contains("Help ─ REPL") })
        Fixture.keys(&s, [.escape])
        #expect(!s.showHelp && s.navigating)
    }

    @Test func aPrintableKeyReturnsToInsertModeAndIsTyped() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.keys(&s, [.escape])
        Fixture.type(&s, "x")                  // not a navigation key: typed, mode is INSERT again
        #expect(!s.navigating && s.repl.input.text == "x")
        Fixture.keys(&s, [.escape, .char("i")])
        #expect(!s.navigating && s.repl.input.text == "x")   // `i` only switches
        Fixture.keys(&s, [.escape, .backspace])
        #expect(!s.navigating && s.repl.input.text == "")     // an editing key too
    }

    @Test func digitsJumpAndJKMoveAndTabLeavesTheRepl() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.keys(&s, [.escape, .char("4")])
        #expect(s.focus == .log && s.navigating)
        Fixture.keys(&s, [.char("1")])
        #expect(s.focus == .editor && s.navigating)
        s.editor.buffer = TextBuffer("a\nb\nc")
        Fixture.keys(&s, [.char("j"), .char("j")])
        #expect(s.editor.buffer.row == 2 && s.editor.buffer.text == "a\nb\nc")
        Fixture.keys(&s, [.char("k")])
        #expect(s.editor.buffer.row == 1)
        Fixture.keys(&s, [.char("2"), .tab])       // Tab completes while typing, moves in NAV
        #expect(s.focus == .explorer)
        Fixture.keys(&s, [.char("h")])
        #expect(s.focus == .repl)
        Fixture.keys(&s, [.char("5")])              // Chat is not in `standard`: full takes over
        #expect(s.focus == .chat && s.layout.name == "full")
    }

    @Test func qQuitsAndAsksOverUnsavedWork() {
        var s = Fixture.state()
        s.focus = .editor
        #expect(Fixture.keys(&s, [.escape, .char("q")]) == [.quit])
        s = Fixture.state()
        s.focus = .editor
        Fixture.type(&s, "x")
        #expect(Fixture.keys(&s, [.escape, .char("q")]) == [])
        #expect(s.confirmQuit && screen(s).last?.contains("quit and discard") == true)
        #expect(Fixture.keys(&s, [.char("n")]) == [] && !s.quitting)
        #expect(s.editor.buffer.text == "x")        // the answer was not typed
    }

    @Test func escIsThePanesFirst() {
        var s = Fixture.state()
        s.focus = .editor
        Fixture.keys(&s, [.ctrl(" ")])
        #expect(s.editor.mark != nil)
        Fixture.keys(&s, [.escape])
        #expect(s.editor.mark == nil && !s.navigating)      // Esc cleared the selection
        Fixture.keys(&s, [.escape])
        #expect(s.navigating)
    }

    @Test func escBacksOutAndEnterDrillsIn() {
        var s = Fixture.state()
        s.focus = .explorer
        let a = AccountSummary(address: "A", kind: "system account", balance: "1 ◎", owner: "o", executable: false, dataSize: 0)
        s.explorer.stack = [.account(a), .account(a)]
        Fixture.keys(&s, [.escape, .escape])
        #expect(s.navigating && s.explorer.stack.count == 1)
        Fixture.keys(&s, [.ctrl("w"), .char("z"), .escape])
        #expect(!s.zoomed && s.explorer.stack.count == 1)    // unzoom first
        Fixture.keys(&s, [.char("2"), .enter])
        #expect(s.focus == .repl && !s.navigating)            // Enter in a text pane: type again
    }

    @Test func slashFiltersTheLogAndSaysWhereThereIsNone() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.keys(&s, [.escape, .char("/")])
        #expect(s.message?.contains("no filter in REPL") == true)
        Fixture.keys(&s, [.char("4"), .char("/")])
        #expect(s.log.filterInput != nil)
        Fixture.type(&s, "rpc\n")
        #expect(s.log.filter == "rpc")
        Fixture.keys(&s, [.escape])
        #expect(s.log.filter == "")
    }

    @Test func footerAndHelpAreGeneratedFromTheTables() {
        let nav = Keymap.footer(for: .repl, navigating: true).map(\.0)
        #expect(Array(nav.prefix(5)) == ["?", ":", "/", "q", "1…6"])
        let typing = Keymap.footer(for: .repl, navigating: false).map(\.0)
        #expect(typing.first == "Tab/Ctrl-Space" && typing.contains("Esc"))
        // Every footer entry is a row of a table (the footer words are the bindings' `short`).
        let all = Keymap.navigation + Keymap.typing + Keymap.global + PaneID.allCases.flatMap { Keymap.table(for: $0) }
        for p in PaneID.allCases {
            for n in [true, false] {
                for (label, word) in Keymap.footer(for: p, navigating: n) {
                    #expect(all.contains { $0.label == label && ($0.short ?? $0.help) == word })
                }
            }
        }
        let help = HelpView.lines(for: .editor).map(\.0)
        for b in Keymap.navigation { #expect(help.contains(b.label)) }
        #expect(help.contains("Esc"))
    }

    @Test func helpScrollsWhenItDoesNotFit() {
        var s = Fixture.state(width: 60, height: 20)
        s.focus = .log
        Fixture.keys(&s, [.char("?")])
        #expect(s.showHelp && HelpView.maxScroll(s) > 0)
        let last = HelpView.lines(for: .log).last!.0           // the overlay's last row (a palette command)
        #expect(!screen(s).contains { $0.contains(last) })
        #expect(screen(s).contains { $0.contains("j/k scroll 1–") })
        Fixture.keys(&s, [.end])
        #expect(s.helpScroll == HelpView.maxScroll(s))
        #expect(screen(s).contains { $0.contains(last) })
        Fixture.keys(&s, [.char("k")])
        #expect(s.helpScroll == HelpView.maxScroll(s) - 1 && s.showHelp)
        Fixture.keys(&s, [.char("x")])
        #expect(!s.showHelp && s.helpScroll == 0)
    }
}

@Suite struct AutomaticLayoutTests {
    @Test func sixPanesFrom160x45FourBelowTabsUnder80x24() {
        var s = Fixture.state()
        _ = Update.reduce(&s, .resize(width: 160, height: 45))
        #expect(s.layout.name == "full" && LayoutEngine.paneRects(s).count == 6)
        let text = Renderer.render(s).lines.joined(separator: "\n")
        for p in PaneID.allCases { #expect(text.contains("\(p.rawValue) \(p.title)")) }
        _ = Update.reduce(&s, .resize(width: 159, height: 45))
        #expect(s.layout.name == "standard" && LayoutEngine.paneRects(s).count == 4)
        _ = Update.reduce(&s, .resize(width: 200, height: 44))
        #expect(s.layout.name == "standard")
        _ = Update.reduce(&s, .resize(width: 79, height: 30))
        #expect(s.compact && LayoutEngine.paneRects(s).count == 1)
    }

    @Test func aChosenLayoutStaysAndAFocusedChatKeepsItsPane() {
        var s = Fixture.state()
        Fixture.keys(&s, [.alt("5")])
        _ = Update.reduce(&s, .resize(width: 120, height: 30))
        #expect(s.focus == .chat && s.layout.name == "full")
        _ = Palette.execute(&s, "layout wide")
        _ = Update.reduce(&s, .resize(width: 200, height: 60))
        #expect(s.layout.name == "wide")
    }
}

@Suite struct ReplTabCompletionAndHistoryTests {
    func repl(_ globals: [String] = []) -> AppState {
        var s = Fixture.state()
        s.focus = .repl
        s.globalNames = globals
        return s
    }

    @Test func tabCompletesLikeTheLineRepl() {
        var s = repl(["getBalance", "getSlot", "greet"])
        Fixture.type(&s, "(getB")
        Fixture.keys(&s, [.tab])
        #expect(s.repl.input.text == "(getBalance " && s.focus == .repl)
        s.repl.input = TextBuffer("(ge")
        s.repl.input.moveToEnd()
        Fixture.keys(&s, [.tab])
        #expect(s.repl.input.text == "(get")                   // the common prefix
        Fixture.keys(&s, [.tab])
        #expect(s.repl.input.text == "(get")                   // nothing to add: listed
        #expect(s.message == "2 completions: getBalance  getSlot")
        s.repl.input = TextBuffer("(defm")
        s.repl.input.moveToEnd()
        Fixture.keys(&s, [.ctrl(" ")])                        // the alias; special forms too
        #expect(s.repl.input.text == "(defmacro ")
        s.repl.input = TextBuffer("(f (g x)")
        s.repl.input.moveToEnd()
        Fixture.keys(&s, [.tab])
        #expect(s.repl.input.text == "(f (g x)  ")            // no name before the cursor: indents
    }

    @Test func multiLineHistoryComesBackWholeAndRunsWhole() {
        var s = repl()
        s.repl.history = ["(+ 1\n   2)", "(f)"]
        Fixture.keys(&s, [.up, .up])
        #expect(s.repl.pending == ["(+ 1"] && s.repl.input.text == "   2)")
        let text = Renderer.render(s).lines.joined(separator: "\n")
        #expect(text.contains("ovsm> (+ 1") && text.contains("   2)"))
        #expect(Fixture.keys(&s, [.enter]).first == .evaluate("(+ 1\n   2)", .repl))
    }

    @Test func historyFollowsLinesTypedBeforeAndDownRestoresThem() {
        var s = repl()
        s.repl.history = ["(a\nb)"]
        Fixture.type(&s, "(list\n")
        #expect(s.repl.pending == ["(list"])
        Fixture.keys(&s, [.up])
        #expect(s.repl.pending == ["(list", "(a"] && s.repl.input.text == "b)")
        Fixture.keys(&s, [.down])
        #expect(s.repl.pending == ["(list"] && s.repl.input.text == "" && s.repl.historyIndex == nil)
    }

    @Test func backspaceAtTheStartJoinsThePreviousLine() {
        var s = repl()
        s.repl.history = ["(+ 1\n2)"]
        Fixture.keys(&s, [.up, .home, .backspace])
        #expect(s.repl.pending.isEmpty && s.repl.input.text == "(+ 12)" && s.repl.input.col == 4)
        Fixture.keys(&s, [.char(" ")])
        #expect(Fixture.keys(&s, [.enter]).first == .evaluate("(+ 1 2)", .repl))
    }
}

@Suite struct MouseWheelAndSGRTests {
    func bytes(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    @Test func sgrReportsDecodeWithoutAColumnLimit() {
        #expect(SGRMouse.decode(bytes("<0;241;10M")) == .init(kind: .click, x: 240, y: 9))
        #expect(SGRMouse.decode(bytes("<64;5;3M")) == .init(kind: .wheelUp, x: 4, y: 2))
        #expect(SGRMouse.decode(bytes("<69;5;3M")) == .init(kind: .wheelDown, x: 4, y: 2))   // with Shift
        #expect(SGRMouse.decode(bytes("<0;241;10m"))?.kind == .other)                          // release
        #expect(SGRMouse.decode(bytes("<32;1;1M"))?.kind == .other)                            // motion
        #expect(SGRMouse.decode(bytes("A")) == nil)
        #expect(SGRMouse.decode(bytes("<0;x;1M")) == nil)
        #expect(SGRMouse.decode(bytes("<0;0;1M")) == nil)
    }

    @Test func theWheelScrollsThePaneUnderThePointerNotTheFocusedOne() {
        var s = Fixture.state(width: 100, height: 30)
        s.focus = .editor
        for i in 0..<50 { s.log.append([LogLine(time: "", level: .info, text: "line \(i)")]) }
        let log = LayoutEngine.paneRects(s).first { $0.0 == .log }!.1
        _ = Update.reduce(&s, .wheel(x: log.x + 2, y: log.y + 2, up: true))
        #expect(s.focus == .editor && !s.log.follow && s.log.offset == 3)
        _ = Update.reduce(&s, .wheel(x: log.x + 2, y: log.y + 2, up: false))
        #expect(s.log.offset == 0 && s.log.follow)
        for i in 0..<40 { s.repl.add(.info, "r\(i)") }
        let repl = LayoutEngine.paneRects(s).first { $0.0 == .repl }!.1
        _ = Update.reduce(&s, .wheel(x: repl.x + 1, y: repl.y + 1, up: true))
        #expect(s.repl.scrollBack == 3 && s.focus == .editor)
        s.showHelp = true
        s.width = 60; s.height = 20
        _ = Update.reduce(&s, .wheel(x: 1, y: 1, up: false))
        #expect(s.helpScroll == 3 && s.repl.scrollBack == 3)       // the open help scrolls instead
    }
}
