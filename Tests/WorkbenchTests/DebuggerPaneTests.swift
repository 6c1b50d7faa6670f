import Foundation
@testable import OVSMKit   // the pause values' memberwise initialisers
import Testing
@testable import OSVMTUI

/// The debugger in the workbench: breakpoints in the editor state, the keys' effects,
/// the debug panel, and the store driving a real `Debugger` (docs/DEBUGGER.md).
@Suite struct DebuggerPaneTests {
    static let fact = """
    (defun fact (n)
      (if (<= n 1)
          1
          (* n (fact (- n 1)))))
    (define r (fact 3))
    r
    """

    static func editing(_ text: String = fact, row: Int = 3) -> AppState {
        var s = Fixture.state()
        s.editor.load(text: text, path: "/tmp/fact.ovsm")
        s.focus = .editor
        for _ in 0..<row { s.editor.buffer.down() }
        return s
    }

    static func pause(line: Int, serial: Int, depth: Int = 2, reason: PauseReason = .breakpoint) -> DebugPause {
        let stack = (0..<depth).map { i in DebugStackFrame(function: i == depth - 1 ? "<top level>" : "fact", line: i == depth - 1 ? 5 : line) }
        return DebugPause(line: line, column: 7, reason: reason, stack: stack,
                          locals: [DebugLocal(name: "n", value: "3")],
                          watches: [DebugWatch(expression: "(* n 2)", value: .value("6"))], serial: serial)
    }

    @Test func f9TogglesABreakpointThatFollowsItsLine() {
        var s = Self.editing()
        Fixture.keys(&s, [.function(9)])
        #expect(s.editor.breakpoints == [3])
        #expect(s.message == "breakpoint on line 4 (F5 runs under the debugger)")
        // A line typed above moves it down with its line; deleting that line moves it back.
        s.editor.buffer.row = 0; s.editor.buffer.col = 0
        Fixture.keys(&s, [.enter])
        #expect(s.editor.breakpoints == [4])
        Fixture.keys(&s, [.backspace])
        #expect(s.editor.breakpoints == [3])
        s.editor.buffer.row = 3
        Fixture.keys(&s, [.function(9)])
        #expect(s.editor.breakpoints.isEmpty)
        // Loading another file forgets them.
        Fixture.keys(&s, [.function(9)])
        s.editor.load(text: "(+ 1 2)", path: nil)
        #expect(s.editor.breakpoints.isEmpty)
    }

    @Test func f5DebugsWithBreakpointsAndRunsWithout() {
        var s = Self.editing()
        var fx = Fixture.keys(&s, [.function(5)])
        #expect(fx.contains(.evaluate(Self.fact, .editor)))
        _ = Update.reduce(&s, .evalFinished(.editor, EvalResult(printed: "6", error: nil)))
        s.debug.watches = ["(* n 2)"]
        fx = Fixture.keys(&s, [.function(9), .function(5)])
        #expect(fx.contains(.debugStart(DebugRunOrder(source: Self.fact, breakpoints: [4], watches: ["(* n 2)"], stopAtStart: false))))
        #expect(s.debug.phase == .running && s.busy)
        // F5 again while it runs is not a second run.
        #expect(Fixture.keys(&s, [.function(5)]).isEmpty)
        // F11 with no run: a run that stops at its first line.
        var t = Self.editing()
        #expect(Fixture.keys(&t, [.function(11)]).contains(.debugStart(DebugRunOrder(source: Self.fact, breakpoints: [], watches: [], stopAtStart: true))))
    }

    @Test func keysWhilePausedStepContinueAndStop() {
        var s = Self.editing(row: 0)
        Fixture.keys(&s, [.function(11)])
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 4, serial: 1)))
        #expect(s.debug.pause?.line == 4 && s.editor.buffer.row == 3)
        #expect(s.message == "paused at line 4 in fact (breakpoint)")
        #expect(Fixture.keys(&s, [.function(10)]) == [.debugResume(.stepOver), .startTicking])
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 4, serial: 2)))
        #expect(Fixture.keys(&s, [.function(11)]) == [.debugResume(.stepIn), .startTicking])
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 2, serial: 3, depth: 3)))
        #expect(Fixture.keys(&s, [.function(23)]) == [.debugResume(.stepOut), .startTicking])     // Shift-F11
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 4, serial: 4, reason: .returned("1"))))
        #expect(Fixture.keys(&s, [.function(12)]) == [.debugResume(.stepOut), .startTicking])     // F12, the fallback
        // A stale pause (an older serial) changes nothing.
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 5, serial: 5, depth: 1)))
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 2, serial: 4)))
        #expect(s.debug.pause?.line == 5)
        // At the top level there is nothing to step out of.
        #expect(Fixture.keys(&s, [.function(23)]).isEmpty)
        #expect(s.message == "at the top level: nothing to step out of (F5 continues)")
        #expect(Fixture.keys(&s, [.function(5)]) == [.debugResume(.continue), .startTicking])
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 4, serial: 6)))
        #expect(Fixture.keys(&s, [.function(17)]) == [.debugResume(.stop)])                       // Shift-F5
        _ = Update.reduce(&s, .debugFinished(EvalResult(printed: "", error: "limit: stopped in the debugger")))
        #expect(s.debug.phase == .idle && !s.busy)
        #expect(s.repl.transcript.contains { $0.text == "limit: stopped in the debugger" })
    }

    @Test func ctrlCWhileRunningStopsAtTheNextForm() {
        var s = Self.editing()
        Fixture.keys(&s, [.function(9), .function(5)])
        #expect(Fixture.keys(&s, [.ctrl("c")]) == [.debugPause])
        #expect(s.debug.stopRequested)
        // A second one (the program has not reached a form yet) cancels the run's session.
        var again = s
        #expect(Fixture.keys(&again, [.ctrl("c")]) == [.debugCancel])
        #expect(Update.reduce(&s, .debugPaused(Self.pause(line: 2, serial: 1, reason: .requested))) == [.debugResume(.stop)])
        #expect(s.debug.pause == nil)
    }

    @Test func replAndWatchesEvaluateInThePausedFrame() {
        var s = Self.editing()
        Fixture.keys(&s, [.function(9), .function(5)])
        _ = Update.reduce(&s, .debugPaused(Self.pause(line: 4, serial: 1)))
        s.focus = .repl
        let fx = { () -> [Effect] in var t = s; Fixture.type(&t, "(* n 10)"); return Fixture.keys(&t, [.enter]) }()
        #expect(fx == [.debugEvaluate("(* n 10)", .repl), .appendHistory("(* n 10)"), .startTicking])
        Fixture.type(&s, "(* n 10)\n")
        #expect(s.repl.transcript.contains { $0.text == "debug> (* n 10)" })
        // Stepping waits for the evaluation in flight.
        #expect(Fixture.keys(&s, [.function(10)]).isEmpty)
        _ = Update.reduce(&s, .debugEvaluated(.repl, .value("30")))
        #expect(s.repl.transcript.last?.text == "30" && !s.repl.busy)
        // :watch evaluates at once while paused; :unwatch removes.
        #expect(Palette.execute(&s, "watch (+ n 1)") == [.debugWatches(["(+ n 1)"]), .debugEvaluate("(+ n 1)", .watch("(+ n 1)"))])
        _ = Update.reduce(&s, .debugEvaluated(.watch("(+ n 1)"), .value("4")))
        #expect(s.debug.watchValues == [.value("4")])
        #expect(Palette.execute(&s, "watch (+ n") == [] && s.message?.hasPrefix("watch: ") == true)
        #expect(Palette.execute(&s, "unwatch 3") == [] && s.message == "unwatch: no watch 3 (:watch lists them)")
        #expect(Palette.execute(&s, "unwatch 1") == [.debugWatches([])])
        #expect(s.debug.watches.isEmpty)
    }

    @Test func keyTablesCarryTheDebuggerKeys() {
        #expect(Key.function(23).label == "Shift-F11" && Key.function(17).label == "Shift-F5")
        #expect(Keymap.footer(for: .editor).contains { $0 == ("F9", "breakpoint") })
        #expect(!Keymap.footer(for: .repl).contains { $0.0 == "F10" })
        let debugging = Keymap.footer(for: .repl, debugging: true).map(\.0)
        #expect(Array(debugging.prefix(5)) == ["F5", "F10", "F11", "Shift-F11/F12", "Shift-F5"])
        let help = HelpView.lines(for: .log).map(\.0)
        for b in Keymap.debugging { #expect(help.contains(b.label)) }
        #expect(Keymap.command(for: .function(12), pane: .repl, textInput: true) == .stepOut)
    }

    @Test func pausedFrameShowsTheLineThePanelAndTheMarkers() {
        var s = Self.editing(row: 0)
        s.focus = .editor
        s.editor.breakpoints = [3, 4]
        s.debug.watches = ["(* n 2)", "missing"]
        Fixture.keys(&s, [.function(5)])
        var p = Self.pause(line: 4, serial: 1, depth: 3)
        p = DebugPause(line: p.line, column: p.column, reason: p.reason, stack: p.stack, locals: p.locals,
                       watches: p.watches + [DebugWatch(expression: "missing", value: .error("name: missing is not defined"))],
                       serial: 1)
        _ = Update.reduce(&s, .debugPaused(p))
        s.message = nil
        assertSnapshot(Renderer.render(s).snapshot, named: "debug-paused")
        // Zoomed (Ctrl-W z), the panel is wide enough for the call stack beside the values.
        Fixture.keys(&s, [.ctrl("w"), .char("z")])
        s.message = nil
        assertSnapshot(Renderer.render(s).snapshot, named: "debug-paused-zoomed")
        s.zoomed = false
        // Too low for the panel: the editor's bottom border says where it is.
        s.height = 14
        let small = Renderer.render(s).lines.joined(separator: "\n")
        #expect(small.contains("paused: line 4 in fact (breakpoint)"))
    }
}

/// The store with a real `Debugger` and a real (offline) session: pauses arrive as
/// actions while the evaluator thread waits; nothing blocks the store.
@Suite struct DebuggerStoreTests {
    func start(_ text: String, breakpointRows: Set<Int>) -> (Store, Task<Void, Never>) {
        var s = Fixture.state()
        s.editor.load(text: text, path: "/tmp/prog.ovsm")
        s.editor.breakpoints = breakpointRows
        s.focus = .editor
        let store = Store(state: s, services: Services(), publish: { _ in })
        return (store, Task { await store.run() })
    }

    @Test func pauseStepOutAndContinueThroughARealDebugger() async {
        let (store, runner) = start(DebuggerPaneTests.fact, breakpointRows: [3])
        defer { runner.cancel(); store.input.finish() }
        store.input.yield(.key(.function(5)))
        var s = await settle(store) { $0.debug.pause != nil }
        var p = s.debug.pause
        #expect(p?.line == 4 && p?.function == "fact" && p?.locals == [DebugLocal(name: "n", value: "3")])
        #expect(s.editor.buffer.row == 3)
        // The REPL evaluates in the paused frame; Ctrl-C ends an evaluation there that loops
        // (and with it the run) — tested in `stopEndsAPausedRunAndARunningOne`.
        store.input.yield(.key(.alt("2")))
        for c in "(* n 10)" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        s = await settle(store) { $0.repl.transcript.last?.text == "30" }
        #expect(s.repl.transcript.last?.text == "30")
        // A watch added while paused shows its value at once.
        store.input.yield(.key(.ctrl("p")))
        for c in "watch (+ n 1)" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        s = await settle(store) { $0.debug.watchValues == [.value("4")] }
        #expect(s.debug.watchValues == [.value("4")])
        // F10 steps over the recursive call, but its breakpoint stops it there: n = 2.
        store.input.yield(.key(.function(10)))
        s = await settle(store) { $0.debug.pause?.serial == 2 }
        p = s.debug.pause
        #expect(p?.line == 4 && p?.locals == [DebugLocal(name: "n", value: "2")] && p?.depth == 3)
        #expect(s.debug.watchValues == [.value("3")])
        // F9 on the paused line clears the breakpoint; Shift-F11 runs until fact(2) returns.
        store.input.yield(.key(.alt("1")))
        store.input.yield(.key(.function(9)))
        store.input.yield(.key(.function(23)))
        s = await settle(store) { $0.debug.pause?.serial == 3 }
        #expect(s.debug.pause?.reason == .returned("2") && s.debug.pause?.depth == 2)
        // F5 continues to the end: the value comes to the REPL, the run is over.
        store.input.yield(.key(.function(5)))
        s = await settle(store) { $0.debug.phase == .idle }
        #expect(s.debug.phase == .idle)
        #expect(s.repl.transcript.suffix(2).map(\.text) == ["6", ";; debug run ended"])
        let dbg = await store.debugger
        #expect(dbg == nil)
    }

    @Test func stopEndsAPausedRunAndARunningOne() async {
        // Paused: Shift-F5 ends it at once.
        let (store, runner) = start(DebuggerPaneTests.fact, breakpointRows: [3])
        defer { runner.cancel(); store.input.finish() }
        store.input.yield(.key(.function(5)))
        _ = await settle(store) { $0.debug.pause != nil }
        store.input.yield(.key(.function(17)))
        var s = await settle(store) { $0.debug.phase == .idle }
        #expect(s.repl.transcript.contains { $0.kind == .error && $0.text.contains("stopped in the debugger") })
        // An endless evaluation in the paused frame: Ctrl-C cancels the run's session.
        store.input.yield(.key(.function(5)))
        _ = await settle(store) { $0.debug.pause != nil }
        store.input.yield(.key(.alt("2")))
        for c in "(while true 1)" { store.input.yield(.key(.char(c))) }
        store.input.yield(.key(.enter))
        _ = await settle(store) { $0.debug.evaluations == 1 }
        store.input.yield(.key(.ctrl("c")))
        s = await settle(store) { $0.debug.phase == .idle && !$0.repl.busy }
        #expect(s.debug.phase == .idle && !s.repl.busy)
        #expect(s.repl.transcript.contains { $0.kind == .error && $0.text.contains("cancelled") })
        // Running (a loop that never reaches its breakpoint): Ctrl-C stops it at the next form,
        // and the store answers keys meanwhile.
        // The breakpoint F9 adds goes on the last line, which the loop never reaches either:
        // on line 1 it would race the program's start (a slow start would stop there).
        let (loop, loopRunner) = start("(define x 0)\n(while true (set! x (+ x 1)))\n(print x)\n(print 2)", breakpointRows: [2])
        defer { loopRunner.cancel(); loop.input.finish() }
        for _ in 0..<3 { loop.input.yield(.key(.down)) }
        loop.input.yield(.key(.function(5)))
        s = await settle(loop) { $0.debug.phase == .running }
        loop.input.yield(.key(.function(9)))                // answered while the program runs
        s = await settle(loop) { $0.editor.breakpoints == [2, 3] }
        #expect(s.editor.breakpoints.count == 2 && s.debug.phase == .running, "\(s.debug.phase) \(s.editor.breakpoints) row \(s.editor.buffer.row)")
        loop.input.yield(.key(.ctrl("c")))
        s = await settle(loop) { $0.debug.phase == .idle }
        #expect(s.debug.phase == .idle)
        #expect(s.repl.transcript.contains { $0.kind == .error && $0.text.contains("stopped in the debugger") })
    }
}
