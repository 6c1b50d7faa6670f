import Testing
@testable import OSVMTUI

/// Bracketed paste: the decoder (bytes → text) and the paste into each text target.
@Suite struct BracketedPasteDecoderTests {
    static func feedAll(_ chunks: [String], limit: Int = BracketedPaste.defaultLimit)
        -> (outcome: BracketedPaste.Outcome, rest: [UInt8])? {
        var p = BracketedPaste(limit: limit)
        for c in chunks { if let done = p.feed(Array(c.utf8)[...]) { return done } }
        return nil
    }

    @Test func textUpToTheEndMarkerWithLineEndsNormalised() {
        let r = Self.feedAll(["(+ 1\r\n 2)\rnext\u{1B}[201~typed"])
        #expect(r?.outcome == .text("(+ 1\n 2)\nnext"))
        #expect(r?.rest == Array("typed".utf8))
    }

    @Test func endMarkerSplitAcrossChunksAndEscapesThatAreText() {
        // ESC[202~ is not the marker: its ESC is dropped as a control character, the rest
        // is text; the real marker is found even when it comes byte by byte.
        let chunks = ["a\u{1B}[20", "2~b\u{1B}", "[", "2", "0", "1", "~"]
        #expect(Self.feedAll(chunks)?.outcome == .text("a[202~b"))
        #expect(Self.feedAll(["x\u{1B}\u{1B}[201~"])?.outcome == .text("x"))
        #expect(Self.feedAll(["no end yet\u{1B}[20"]) == nil)
    }

    @Test func controlCharactersOtherThanTabAndNewlineAreDropped() {
        #expect(BracketedPaste.normalise(Array("a\tb\u{07}c\u{7F}\r\r\nd é".utf8)) == "a\tbc\n\nd é")
    }

    @Test func overTheLimitIsRefusedWithItsSizeAndKeepsNothing() {
        var p = BracketedPaste(limit: 10)
        #expect(p.feed(Array("0123456789".utf8)[...]) == nil)
        #expect(p.feed(Array("abcdef".utf8)[...]) == nil)
        let done = p.feed(Array("gh\u{1B}[201~".utf8)[...])
        #expect(done?.outcome == .refused(bytes: 18))
        #expect(BracketedPaste.megabytes(100_000_000) == "100.0 MB")
        #expect(BracketedPaste.megabytes(1_048_576) == "1.0 MB")
    }

    @Test func aQuietTerminalEndsThePasteWithWhatCame() {
        var p = BracketedPaste()
        _ = p.feed(Array("abc\u{1B}[2".utf8)[...])
        #expect(p.finish() == .text("abc[2"))
    }
}

@Suite struct PasteIntoPaneTests {
    @Test func editorPasteIsOneUndoStepReplacingTheSelection() {
        var s = Fixture.state()
        s.focus = .editor
        s.editor.load(text: "(keep)\nold", path: nil)
        Fixture.type(&s, "x")
        s.editor.buffer.row = 1; s.editor.buffer.col = 0
        Fixture.keys(&s, [.ctrl(" "), .end])          // select "old"
        let text = (1...500).map { "(line \($0))" }.joined(separator: "\n")
        let fx = Update.reduce(&s, .paste(text))
        #expect(s.editor.buffer.text == "x(keep)\n" + text)
        #expect(s.editor.buffer.lineCount == 501)
        #expect(fx == [.saveRecovery(immediate: false)])
        #expect(s.message?.contains("pasted 500 lines") == true)
        Fixture.keys(&s, [.ctrl("z")])                 // one step back: the selection's text again
        #expect(s.editor.buffer.text == "x(keep)\nold")
        Fixture.keys(&s, [.ctrl("z")])                 // then the typed x, separately
        #expect(s.editor.buffer.text == "(keep)\nold")
    }

    @Test func replPasteIsAMultiLineFormNotYetEvaluated() {
        var s = Fixture.state()
        s.focus = .repl
        Fixture.type(&s, "(list )")
        s.repl.input.col = 6
        let fx = Update.reduce(&s, .paste("1\n2\n3"))
        #expect(fx.isEmpty)                            // nothing runs until Enter
        #expect(s.repl.pending == ["(list 1", "2"])
        #expect(s.repl.input.text == "3)")
        #expect(s.repl.input.col == 1)
        let run = Fixture.keys(&s, [.enter])
        #expect(run.contains(.evaluate("(list 1\n2\n3)", .repl)))
    }

    @Test func oneLineInputsTakeTheFirstLine() {
        var s = Fixture.state()
        s.focus = .explorer
        _ = Update.reduce(&s, .paste("So11111111111111111111111111111111111111112\nrest"))
        #expect(s.explorer.input.text == "So11111111111111111111111111111111111111112")
        #expect(s.message?.contains("first") == true)
        _ = Update.reduce(&s, .key(.ctrl("p")))
        #expect(s.palette != nil)
        _ = Update.reduce(&s, .paste("theme light\n:quit"))
        #expect(s.palette?.input.text == "theme light")
    }

    @Test func chatTakesAllLines() {
        var s = Fixture.state()
        s.focus = .chat
        _ = Update.reduce(&s, .paste("a\nb"))
        #expect(s.chat.input.text == "a\nb")
    }

    @Test func navigationModeSwitchesToTypingAndNonTextPanesDropIt() {
        var s = Fixture.state()
        s.focus = .editor
        s.navigating = true
        _ = Update.reduce(&s, .paste("(x)"))
        #expect(!s.navigating)
        #expect(s.editor.buffer.text == "(x)")
        s.focus = .log
        _ = Update.reduce(&s, .paste("zzz"))
        #expect(s.message?.contains("takes no text") == true)
        #expect(s.editor.buffer.text == "(x)")
    }

    @Test func anOpenQuestionIsNotAnsweredByAPaste() {
        var s = Fixture.state()
        s.focus = .editor
        Fixture.type(&s, "work")
        Fixture.keys(&s, [.ctrl("q")])
        #expect(s.confirmQuit)
        let fx = Update.reduce(&s, .paste("y"))          // a pasted "y" must not quit
        #expect(fx.isEmpty && !s.quitting && s.confirmQuit)
        #expect(s.editor.buffer.text == "work")
    }

    @Test func refusedPasteSaysWhyAndLosesNothing() {
        var s = Fixture.state()
        s.focus = .editor
        Fixture.type(&s, "(keep-me)")
        let before = s.editor.buffer.text
        let fx = Update.reduce(&s, .pasteRefused(bytes: 100_000_000))
        #expect(fx.isEmpty)
        #expect(s.message == "paste of 100.0 MB refused: larger than 16 MB — save it to a file and :open it")
        #expect(s.log.visibleCount > 0)
        #expect(s.editor.buffer.text == before)
        #expect(s.editor.modified)
        Fixture.keys(&s, [.ctrl("z")])
        #expect(s.editor.buffer.text.isEmpty)           // the typing is still one undo away
    }
}

@Suite struct PastedFormRenderTests {
    @Test func aFormLongerThanTheReplPaneShowsItsLastLinesAndTheInput() {
        var s = Fixture.state()
        s.focus = .repl
        _ = Update.reduce(&s, .paste((1...2000).map { "(line-\($0))" }.joined(separator: "\n")))
        #expect(s.repl.pending.count == 1999)
        var b = ScreenBuffer(width: s.width, height: s.height)
        Renderer.render(s, into: &b)
        let screen = (0..<b.height).map { y in (0..<b.width).map { String(b[$0, y].char) }.joined() }.joined(separator: "\n")
        #expect(screen.contains("(line-2000)"))          // the input line, with the cursor
        #expect(screen.contains("(line-1999)"))
        #expect(!screen.contains("(line-1)"))
        #expect(b.cursor != nil)
    }
}
