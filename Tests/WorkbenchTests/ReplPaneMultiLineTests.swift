import Foundation
import OVSMKit
import Testing
@testable import OSVMTUI

@Suite struct ReplPaneMultiLineTests {
    /// Enter on each line of a 20,000-line form in the workbench REPL pane: one read at
    /// the end (it used to join and re-read everything on every line).
    @Test func aTwentyThousandLineFormIsEvaluatedOnceAndWhole() {
        var s = Fixture.state()
        s.focus = .repl
        let lines = ["(+ 0"] + (1..<19_999).map { "   \($0)" } + [")"]
        let t0 = Date()
        var effects: [Effect] = []
        for line in lines {
            s.repl.input = TextBuffer(line)
            effects = PaneKeys.repl(&s, .enter)
        }
        print(String(format: "REPL pane, 20,000-line form: %.2f s", Date().timeIntervalSince(t0)))
        #expect(effects.first == .evaluate(lines.joined(separator: "\n"), .repl))
        #expect(s.repl.pending.isEmpty && s.repl.pendingScan.isEmpty)
    }

    @Test func anIncompleteLineWaitsAndAStrayCloserIsEvaluatedAtOnce() {
        var s = Fixture.state()
        s.repl.input = TextBuffer("(+ 1")
        #expect(PaneKeys.repl(&s, .enter).isEmpty && s.repl.pending == ["(+ 1"])
        s.repl.input = TextBuffer("2)")
        #expect(PaneKeys.repl(&s, .enter).first == .evaluate("(+ 1\n2)", .repl))
        s.repl.busy = false
        s.repl.input = TextBuffer(")")
        #expect(PaneKeys.repl(&s, .enter).first == .evaluate(")", .repl))
    }
}
