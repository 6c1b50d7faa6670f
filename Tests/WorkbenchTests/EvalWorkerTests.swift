import Foundation
import OVSMKit
import Testing
@testable import OSVMTUI

/// Ctrl-C in the workbench REPL pane: the store submits an evaluation at once and runs it
/// in a detached task, so a Ctrl-C can come before the evaluation starts. No sleeps: the
/// orders are produced by calling the worker directly.
@Suite struct EvalWorkerTests {
    @Test func ctrlCBetweenSubmitAndStartCancelsTheEvaluation() async {
        let w = EvalWorker()
        w.submit()
        w.cancel()                                   // before `evaluate` runs
        let r = await w.evaluate("(while true 1)")
        #expect(r.error?.contains("cancelled") == true, "\(r)")
        // The next evaluation is not affected.
        w.submit()
        let ok = await w.evaluate("(+ 1 2)")
        #expect(ok.error == nil && ok.printed.contains("3"), "\(ok)")
    }

    @Test func ctrlCAfterTheEvaluationFinishedDoesNotCancelTheNext() async {
        let w = EvalWorker()
        w.submit()
        let first = await w.evaluate("(+ 1 2)")
        w.cancel()                                   // late: nothing is outstanding
        w.submit()
        let second = await w.evaluate("(define n 0) (dotimes (i 1000) (set! n (+ n 1))) n")
        #expect(first.error == nil && second.error == nil && second.printed.contains("1000"), "\(first) \(second)")
    }

    @Test func ctrlCWhileRunningCancels() async {
        let w = EvalWorker()
        w.submit()
        async let r = w.evaluate("(while true 1)")
        w.cancel()                                   // before or after the start: either way
        let result = await r
        #expect(result.error?.contains("cancelled") == true, "\(result)")
    }
}
