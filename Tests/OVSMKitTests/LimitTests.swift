import Foundation
import Testing
@testable import OVSMKit

@Suite struct LimitTests {
    func run(_ src: String, limits: Limits = Limits(), cancel: CancelFlag = CancelFlag()) -> EvalOutcome {
        LargeStack.value { Interpreter(limits: limits, cancelFlag: cancel).run(source: src) }
    }

    @Test func deepRecursionReachesTheLimitWithoutCrashing() {
        let ok = run("(defun f (n) (if (= n 0) 0 (+ 1 (f (- n 1))))) (f 5000)")
        #expect(ok.printed == "5000")
        let deep = run("(defun f (n) (+ 1 (f n))) (f 1)")
        #expect(deep.error?.category == .limit)
        // Mutual recursion through labels and a macro-generated call chain count too.
        let labels = run("(labels ((a (n) (b n)) (b (n) (a n))) (a 1))")
        #expect(labels.error?.category == .limit)
        let ev = run("(defun e (n) (eval (list 'e n))) (e 1)")
        #expect(ev.error?.category == .limit)
    }

    @Test func deepNestingIsALimitError() {
        let src = String(repeating: "(", count: 2_000_000)
        #expect(run(src).error?.category == .limit)
        let data = run("(define x []) (dotimes (i 3000) (set! x [x])) (length (str x))")
        #expect(data.error == nil)
    }

    @Test func runawayLoopIsCancelled() {
        let cancel = CancelFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { cancel.cancel() }
        let r = run("(define n 0) (while true (set! n (+ n 1)))", cancel: cancel)
        #expect(r.error?.category == .limit)
        #expect(r.error?.message == "cancelled")
        let c2 = CancelFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { c2.cancel() }
        #expect(run("(loop (sleep 10))", cancel: c2).error?.category == .limit)
    }

    @Test func cancellationIsNotCatchable() {
        let cancel = CancelFlag()
        cancel.cancel()
        let r = run("(try (while true 1) (catch e :caught))", cancel: cancel)
        #expect(r.error?.category == .limit)
    }

    @Test func stepBudget() {
        var l = Limits()
        l.stepBudget = 1000
        #expect(run("(dotimes (i 100000) i)", limits: l).error?.category == .limit)
        #expect(run("(dotimes (i 10) i)", limits: l).error == nil)
    }

    /// Fuzz find (eval target, 5.4 s under ASan with a 20,000-step budget): each of
    /// 10,000 nested calls copied its growing accumulator (50 M element copies, 1.2 GB).
    /// Array copies are charged to the budget, so it stops at once; copies of a small
    /// program stay within it.
    @Test func arrayCopiesAreChargedToTheStepBudget() {
        var l = Limits()
        l.stepBudget = 20_000
        let quadratic = "(defun k (n acc) (if (= n 0) acc (k (- n 0) (push-back acc n)))) (k 2 [10])"
        let r = run(quadratic, limits: l)
        #expect(r.error?.category == .limit)
        #expect(r.error?.message.contains("step budget exhausted") == true)
        #expect(run("(defun k (n acc) (if (= n 0) (length acc) (k (- n 1) (append acc [n n])))) (k 500 [])", limits: l).error == nil)
        #expect(run("(length (append (range 0 100000) [1]))", limits: l).error == nil)
    }

    @Test func overflowIsLimit() {
        #expect(run("(+ 9223372036854775807 1)").error?.category == .limit)
        #expect(run("(* 4611686018427387904 2)").error?.category == .limit)
        #expect(run("(- -9223372036854775807 2)").error?.category == .limit)
        #expect(run("(define x 9223372036854775807) (incf x)").error?.category == .limit)
        #expect(run("(abs -9223372036854775808)").error?.category == .limit)
    }

    @Test func malformedProgramsNeverCrash() {
        var r = RoundTripPropertyTests.Rng(state: 99)
        let pieces = ["(", ")", "[", "]", "{", "}", "'", "`", ",", ",@", "\"", "x", "1", ":k", " ", "\n",
                      "define", "lambda", "loop", "for", "setf", "let", "&rest", "&key", "if", "#", ";"]
        for _ in 0..<400 {
            let src = (0..<r.int(30)).map { _ in pieces[r.int(pieces.count)] }.joined(separator: " ")
            _ = run(src)   // must return, whatever it says
        }
    }
}
