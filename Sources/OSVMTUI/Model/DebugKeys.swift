import Foundation
import OVSMKit

/// The debugger's part of `Update` (pure): breakpoints in the editor, starting a debug
/// run, stepping, stopping, watches, and what the store reports back (pauses, the end,
/// evaluations in the paused frame). docs/DEBUGGER.md, "In the workbench".
enum DebugKeys {
    /// F9 in the editor: a breakpoint on the cursor line, or none. During a run the
    /// debugger gets the new set at once.
    static func toggleBreakpoint(_ s: inout AppState) -> [Effect] {
        let row = s.editor.buffer.row
        let set = s.editor.toggleBreakpoint(row: row)
        s.message = set ? "breakpoint on line \(row + 1) (F5 runs under the debugger)" : "breakpoint on line \(row + 1) removed"
        return s.debug.active ? [.debugBreakpoints(lines(s))] : []
    }

    /// The editor's breakpoints as 1-based lines.
    static func lines(_ s: AppState) -> Set<Int> { Set(s.editor.breakpoints.map { $0 + 1 }) }

    /// F5: continue when paused; nil when it is an ordinary run (no breakpoints, no run).
    static func run(_ s: inout AppState) -> [Effect]? {
        switch s.debug.phase {
        case .paused: return resume(&s, .continue)
        case .running:
            s.message = "the program is running (Shift-F5 or Ctrl-C stops it)"
            return []
        case .idle:
            return s.editor.breakpoints.isEmpty ? nil : start(&s, stopAtStart: false)
        }
    }

    /// A debug run of the buffer: a session of its own, the debugger attached.
    static func start(_ s: inout AppState, stopAtStart: Bool) -> [Effect] {
        guard !s.debug.active else { s.message = "a debug run is on (Shift-F5 stops it)"; return [] }
        if s.repl.busy { s.message = "an evaluation is running (Ctrl-C cancels)"; return [] }
        let order = DebugRunOrder(source: s.editor.buffer.text, breakpoints: lines(s), watches: s.debug.watches,
                                  stopAtStart: stopAtStart)
        s.debug.phase = .running
        s.debug.stopRequested = false
        s.debug.evaluations = 0
        s.debug.watchValues = s.debug.watches.map { _ in nil }
        s.repl.add(.info, ";; debug \(EditorView.name(s))")
        return Update.beforeEvaluation(s) + [.debugStart(order), .startTicking]
    }

    /// F10 / F11 / Shift-F11 (and F5's continue). F11 with no run starts one at line 1.
    static func step(_ s: inout AppState, _ action: DebugAction) -> [Effect] {
        switch s.debug.phase {
        case .idle:
            if action == .stepIn { return start(&s, stopAtStart: true) }
            s.message = "not debugging (F9 sets a breakpoint, F5 runs, F11 steps from line 1)"
            return []
        case .running:
            s.message = "the program is running (Shift-F5 or Ctrl-C stops it)"
            return []
        case .paused(let p):
            if action == .stepOut, p.depth <= 1 {
                s.message = "at the top level: nothing to step out of (F5 continues)"
                return []
            }
            return resume(&s, action)
        }
    }

    static func resume(_ s: inout AppState, _ action: DebugAction) -> [Effect] {
        if s.debug.evaluations > 0 { s.message = "evaluating in the paused frame…"; return [] }
        s.debug.phase = .running
        return [.debugResume(action), .startTicking]
    }

    /// Shift-F5 / Ctrl-C: a paused program ends now; a running one at its next form. When
    /// that cannot work (an evaluation in the paused frame runs; a second stop while the
    /// program has not reached a form) the run's session is cancelled.
    static func stop(_ s: inout AppState) -> [Effect] {
        switch s.debug.phase {
        case .idle:
            s.message = "not debugging"
            return []
        case .paused:
            s.message = "stopping…"
            if s.debug.evaluations > 0 { return [.debugCancel] }
            s.debug.phase = .running
            return [.debugResume(.stop)]
        case .running:
            s.message = "stopping…"
            if s.debug.stopRequested { return [.debugCancel] }
            s.debug.stopRequested = true
            return [.debugPause]
        }
    }

    static func paused(_ s: inout AppState, _ p: DebugPause) -> [Effect] {
        guard s.debug.active else { return [] }
        if let old = s.debug.pause, old.serial >= p.serial { return [] }
        if s.debug.stopRequested {
            s.debug.stopRequested = false
            return [.debugResume(.stop)]
        }
        s.debug.phase = .paused(p)
        s.debug.setWatchValues(p)
        reveal(&s, line: p.line)
        s.message = "paused at line \(p.line) in \(p.function) (\(reason(p.reason)))"
        return []
    }

    /// Puts the editor's cursor on the paused line (the view follows the cursor); the
    /// editor comes into view when the layout hides it.
    static func reveal(_ s: inout AppState, line: Int) {
        let row = max(0, min(line - 1, s.editor.buffer.lines.count - 1))
        if s.editor.buffer.row != row {
            s.editor.mark = nil
            s.editor.buffer.row = row
            s.editor.buffer.col = min(s.editor.buffer.col, s.editor.buffer.lines[row].count)
            s.editor.history.seal()
        }
        if !LayoutEngine.paneRects(s).contains(where: { $0.0 == .editor }) { s.focus = .editor }
        s.editor.scroll(height: PaneKeys.paneHeight(s, .editor))
    }

    static func reason(_ r: PauseReason) -> String {
        switch r {
        case .breakpoint: return "breakpoint"
        case .step: return "step"
        case .returned(let v): return "returned \(v)"
        case .requested: return "paused"
        }
    }

    static func finished(_ s: inout AppState, _ r: EvalResult) -> [Effect] {
        guard s.debug.active else { return [] }
        s.debug.phase = .idle
        s.debug.stopRequested = false
        s.debug.evaluations = 0
        if !r.output.isEmpty { s.repl.add(.output, r.output.hasSuffix("\n") ? String(r.output.dropLast()) : r.output) }
        if let e = r.error {
            s.repl.add(.error, e)
            s.log.append([LogLine(time: "", level: .error, text: e)])
        } else if !r.printed.isEmpty {
            s.repl.add(.result, r.printed)
        }
        s.repl.add(.info, ";; debug run ended")
        s.message = r.error == nil ? "debug run finished" : "debug run ended with an error"
        return []
    }

    /// REPL input while paused: evaluated in the paused frame.
    static func replSubmit(_ s: inout AppState, _ source: String) -> [Effect] {
        s.repl.busy = true
        s.debug.evaluations += 1
        return [.debugEvaluate(source, .repl), .appendHistory(source), .startTicking]
    }

    static func evaluated(_ s: inout AppState, _ target: DebugEvalTarget, _ v: DebugValue) -> [Effect] {
        s.debug.evaluations = max(0, s.debug.evaluations - 1)
        switch target {
        case .repl:
            s.repl.busy = false
            switch v {
            case .value(let text): s.repl.add(.result, text)
            case .error(let e): s.repl.add(.error, e)
            }
        case .watch(let expr):
            if let i = s.debug.watches.firstIndex(of: expr), i < s.debug.watchValues.count { s.debug.watchValues[i] = v }
        }
        return []
    }

    /// `:watch EXPR` (alone: list), `:unwatch N` (alone: all), `:debug` (run from line 1).
    static func palette(_ s: inout AppState, _ name: String, _ arg: String) -> [Effect] {
        switch name {
        case "watch":
            guard !arg.isEmpty else {
                s.message = s.debug.watches.isEmpty ? "no watches (:watch EXPR adds one)"
                    : s.debug.watches.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: "  ")
                return []
            }
            if case .failure(let e) = Reader.readProgram(arg) { s.message = "watch: \(e.description)"; return [] }
            s.debug.watches.append(arg)
            s.debug.watchValues.append(nil)
            s.message = "watch \(s.debug.watches.count): \(arg)"
            guard s.debug.active else { return [] }
            var fx: [Effect] = [.debugWatches(s.debug.watches)]
            if s.debug.pause != nil {
                s.debug.evaluations += 1
                fx.append(.debugEvaluate(arg, .watch(arg)))
            }
            return fx
        case "unwatch":
            if arg.isEmpty {
                s.debug.watches = []; s.debug.watchValues = []
                s.message = "watches removed"
            } else {
                guard let n = Int(arg), n >= 1, n <= s.debug.watches.count else {
                    s.message = "unwatch: no watch \(arg) (:watch lists them)"
                    return []
                }
                s.debug.watches.remove(at: n - 1)
                if n - 1 < s.debug.watchValues.count { s.debug.watchValues.remove(at: n - 1) }
                s.message = "watch \(n) removed"
            }
            return s.debug.active ? [.debugWatches(s.debug.watches)] : []
        default:   // "debug"
            return start(&s, stopAtStart: true)
        }
    }
}
