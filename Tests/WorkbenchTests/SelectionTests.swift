import Testing
@testable import OSVMTUI

@Suite struct SelectionAndMouseTests {
    @Test func copyCutPasteAcrossLines() {
        var s = Fixture.state()
        s.focus = .editor
        s.editor.load(text: "(a b)\n(c d)", path: nil)
        s.editor.buffer.col = 1
        Fixture.keys(&s, [.ctrl(" "), .down, .alt("c")])
        #expect(s.clipboard == "a b)\n(")
        Fixture.keys(&s, [.end, .alt("v")])
        #expect(s.editor.buffer.text == "(a b)\n(c d)a b)\n(")
        Fixture.keys(&s, [.ctrl("z")])
        #expect(s.editor.buffer.text == "(a b)\n(c d)")
        s.editor.buffer.row = 0; s.editor.buffer.col = 0
        Fixture.keys(&s, [.ctrl(" "), .right, .right, .alt("x")])
        #expect(s.editor.buffer.text == " b)\n(c d)")
        #expect(s.clipboard == "(a")
        #expect(s.editor.modified)
    }

    @Test func clickFocusesThePaneUnderTheMouse() {
        var s = Fixture.state()
        s.focus = .editor
        _ = Update.reduce(&s, .click(x: 70, y: 25))
        #expect(s.focus == .log)
        _ = Update.reduce(&s, .click(x: 5, y: 3))
        #expect(s.focus == .editor)
        _ = Update.reduce(&s, .resize(width: 60, height: 20))
        _ = Update.reduce(&s, .click(x: 12, y: 1))   // the "2 REPL" tab
        #expect(s.focus == .repl)
    }
}
