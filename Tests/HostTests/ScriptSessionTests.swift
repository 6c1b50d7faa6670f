import Foundation
import OSVMHost
import OVSMKit
import Testing

/// The one embedding runtime: every embedder's evaluation, output, Ctrl-C and limits go
/// through `ScriptSession`. No sleeps: the orders are produced by calling it directly.
@Suite struct ScriptSessionTests {
    static func offline(_ capture: OutputCapture = OutputCapture(), timeLimit: Double? = nil) -> ScriptSession {
        ScriptSession(options: .init(rpc: .offline, timeLimit: timeLimit, reportGlobalNames: true), output: capture.sink)
    }

    @Test func evaluatesKeepsDefinitionsAndStreamsOutput() {
        let out = OutputCapture()
        let s = Self.offline(out)
        let a = s.evaluate(source: "(define sq (lambda (x) (* x x))) (print \"hi\") (sq 12)")
        #expect(a.value == "144" && a.error == nil && a.succeeded)
        #expect(out.text == "hi")
        #expect(a.globalNames.contains("sq"))
        let b = s.evaluate(source: "(sq 3)")
        #expect(b.value == "9")
        #expect(s.definitions().map(\.name) == ["sq"])
    }

    @Test func noValuesGiveNoValueAndErrorsAreValues() {
        let s = Self.offline()
        #expect(s.evaluate(source: "(values)").value == nil)
        #expect(s.evaluate(source: "").value == "null")
        let bad = s.evaluate(source: "(car 1 2 3")
        #expect(bad.error?.category == .syntax && bad.value == nil && !bad.succeeded)
        let thrown = s.evaluate(source: "(/ 1 0)")
        #expect(thrown.error != nil && !thrown.interrupted)
    }

    @Test func ctrlCBetweenSubmitAndStartStopsItBeforeItRuns() {
        let out = OutputCapture()
        let s = Self.offline(out)
        s.submit()
        #expect(s.interrupt(now: 0) == .cancel)
        let r = s.evaluate(source: "(print \"ran\") 1")
        #expect(!r.started && r.interrupted && out.text.isEmpty)
        // The next evaluation is not affected.
        s.submit()
        #expect(s.evaluate(source: "(+ 1 2)").value == "3")
    }

    @Test func ctrlCAfterTheEvaluationFinishedDoesNotCancelTheNext() {
        let s = Self.offline()
        s.submit()
        #expect(s.evaluate(source: "(+ 1 2)").value == "3")
        #expect(s.interrupt(now: 0) == .atPrompt)          // late: nothing outstanding
        s.submit()
        let r = s.evaluate(source: "(define n 0) (dotimes (i 1000) (set! n (+ n 1))) n")
        #expect(r.value == "1000", "\(r)")
    }

    @Test func ctrlCWhileRunningCancelsAndSaysSo() async {
        let s = Self.offline()
        s.submit()
        async let r = s.evaluateDetached(source: "(while true 1)")
        _ = s.interrupt(now: 0)                             // before or after the start
        let result = await r
        // Stopped before it started (no error: nothing ran) or while running (`limit`).
        #expect(result.interrupted && (result.started ? result.error?.category == .limit : result.error == nil), "\(result)")
    }

    @Test func queuedEvaluationsAreAllCancelledByOneCtrlC() async {
        let s = Self.offline()
        s.submit(); s.submit()
        async let a = s.evaluateDetached(source: "(while true 1)")
        async let b = s.evaluateDetached(source: "(while true 2)")
        #expect(s.interrupt(now: 0) == .cancel)
        let (ra, rb) = await (a, b)
        #expect(ra.interrupted && rb.interrupted)
        s.submit()
        #expect(s.evaluate(source: "7").value == "7")
    }

    @Test func theTimeLimitStopsARunawayScriptWithAPlainMessage() {
        let s = Self.offline(timeLimit: 0.2)
        let r = s.evaluate(source: "(while true 1)")
        #expect(r.timedOut && !r.interrupted)
        #expect(r.error?.category == .limit && r.error?.message.contains("0.2 s time limit") == true, "\(String(describing: r.error))")
        #expect(s.evaluate(source: "(+ 2 2)").value == "4")  // the session goes on
    }

    @Test func grantsDecideWhatTheHostLetsThrough() {
        var options = ScriptSession.Options(rpc: .custom({ method, _, _ in .string("called " + method) }), grants: [])
        let denied = ScriptSession(options: options, output: { _ in })
        let r = denied.evaluate(source: "(getSlot)")
        #expect(r.error?.message.contains("offline") == true, "\(r)")
        options.grants = .all
        let granted = ScriptSession(options: options, output: { _ in })
        let r2 = granted.evaluate(source: "(getSlot)")
        #expect(r2.value == "\"called getSlot\"", "\(r2)")
    }

    @Test func resetForgetsDefinitions() {
        let s = Self.offline()
        _ = s.evaluate(source: "(define x 1)")
        s.reset()
        #expect(s.evaluate(source: "x").error != nil)
        #expect(s.definitions().isEmpty)
    }

    @Test func deepResultsAreRenderedAndReleasedOffTheCallersStack() {
        // Rendered on the session's large stack even when called from a 512 KiB thread.
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var outcome: ScriptSession.Outcome? }
        let box = Box()
        let thread = Thread {
            let s = Self.offline()
            box.outcome = s.evaluate(source: "(define x []) (dotimes (i 100000) (set! x [x])) (count (str x))")
            done.signal()
        }
        thread.stackSize = 512 << 10
        thread.start()
        done.wait()
        #expect(box.outcome?.value == "200002", "\(String(describing: box.outcome))")
    }

    @Test func capturedOutputIsBounded() {
        let out = OutputCapture(limit: 100)
        let s = Self.offline(out)
        _ = s.evaluate(source: "(dotimes (i 1000) (print \"0123456789\"))")
        #expect(out.wasCut && out.text.utf8.count < 200)
    }

    @Test func streamingOutputKnowsWhetherALineWasLeftOpen() {
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        let o = StreamingOutput { sink.text += $0 }
        o.emit("abc")
        #expect(o.finishLine() && sink.text == "abc\n")
        o.emit("line\n")
        #expect(!o.finishLine() && sink.text == "abc\nline\n")
    }
}

@Suite struct REPLReaderTests {
    @Test func linesBecomeFormsErrorsOrNeedMore() {
        var r = REPLReader()
        guard case .needMore = r.feed("(+ 1") else { Issue.record("open form"); return }
        #expect(!r.isEmpty)
        guard case .forms(let forms, let text) = r.feed("2)") else { Issue.record("complete"); return }
        #expect(forms.count == 1 && text == "(+ 1\n2)" && r.isEmpty)
        guard case .error(let e, _) = r.feed("(+ 1 2))") else { Issue.record("stray closer"); return }
        #expect(e.category == .syntax)
        guard case .needMore = r.feed("\"open string") else { Issue.record("string"); return }
        let end = r.finish()
        #expect(end?.error?.category == .syntax && r.isEmpty)
        #expect(r.finish() == nil)
    }
}

@Suite struct REPLCompletionTests {
    @Test func wordsCandidatesAndCommonPrefixes() {
        let line = Array("(defun f (x) (str-le")
        let start = REPLCompletion.wordStart(line, cursor: line.count)
        #expect(String(line[start...]) == "str-le")
        let c = REPLCompletion.candidates(for: "def", globals: ["define-thing", "sq"])
        #expect(c.contains("defun") && c.contains("define-thing") && c.contains("defmacro") && !c.contains("sq"))
        #expect(REPLCompletion.commonPrefix(["defun", "defmacro", "define"]) == "def")
        #expect(REPLCompletion.candidates(for: "tr", globals: []) == ["true", "try"])
    }
}
