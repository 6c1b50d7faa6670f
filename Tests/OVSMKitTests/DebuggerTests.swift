import Foundation
import Testing
@testable import OVSMKit

/// The debugger core driven as a controller would: the program runs on a large-stack
/// thread, the test thread waits for pauses (with deadlines) and asks questions.
@Suite struct DebuggerTests {
    /// A program running under a debugger on its own thread.
    final class Run: @unchecked Sendable {
        let debugger: Debugger
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var result: String?

        init(_ source: String, breakpoints: Set<Int> = [], start: DebugAction = .continue, attach: Bool = true) {
            debugger = Debugger(breakpoints: breakpoints)
            debugger.setStartAction(start)
            let dbg = debugger
            Thread { [self] in
                let text = LargeStack.value { () -> String in
                    let interp = Interpreter()
                    if attach { interp.debugger = dbg }
                    switch interp.run(source: source) {
                    case .success(let vs): return vs.map { Printer.printForm($0) }.joined(separator: "\n")
                    case .failure(let e): return "error: \(e.category.rawValue): \(e.message)"
                    }
                }
                lock.withLock { result = text }
                dbg.finish()
                done.signal()
            }.start()
        }

        /// The next pause; fails the test when the run ends or 10 s pass instead.
        func pause(_ loc: SourceLocation = #_sourceLocation) -> DebugPause? {
            switch debugger.waitForStop(timeout: 10) {
            case .paused(let p): return p
            case .finished: Issue.record("finished instead of pausing", sourceLocation: loc); return nil
            case nil: Issue.record("no pause within 10 s", sourceLocation: loc); return nil
            }
        }

        /// Resumes with `action` and returns the next pause's line.
        func line(after action: DebugAction, _ loc: SourceLocation = #_sourceLocation) -> Int? {
            #expect(debugger.resume(action), sourceLocation: loc)
            return pause(loc)?.line
        }

        /// Waits (10 s at most) for the run to end; its printed result or error.
        func finished() -> String? {
            guard done.wait(timeout: .now() + 10) == .success else { return nil }
            return lock.withLock { result }
        }
    }

    static let factorial = """
    (defun fact (n)
      (if (<= n 1)
          1
          (* n (fact (- n 1)))))
    (define x 3)
    (fact x)
    """

    @Test func breakpointStopsAtTheLine() {
        let run = Run(Self.factorial, breakpoints: [4])
        let p = run.pause()
        #expect(p?.line == 4)
        #expect(p?.reason == .breakpoint)
        #expect(p?.function == "fact")
        #expect(p?.stack.map(\.function) == ["fact", "<top level>"])
        #expect(p?.stack.last?.line == 6)
        run.debugger.resume(.continue)
        #expect(run.pause()?.line == 4)          // the recursive call, one level deeper
        #expect(run.debugger.removeBreakpoint(line: 4))
        run.debugger.resume(.continue)
        #expect(run.finished() == "6")
    }

    @Test func stepInOverOutOnARecursiveProgram() {
        let run = Run(Self.factorial, start: .stepIn)
        var p = run.pause()
        #expect(p?.line == 1)                    // (defun fact …) itself
        #expect(p?.depth == 1)
        #expect(run.line(after: .stepOver) == 5)
        #expect(run.line(after: .stepOver) == 6)
        #expect(run.line(after: .stepIn) == 2)   // into fact
        p = run.debugger.waitForStop(timeout: 10).flatMap { if case .paused(let p) = $0 { return p } else { return nil } }
        #expect(p?.depth == 2)
        #expect(run.line(after: .stepIn) == 4)
        #expect(run.line(after: .stepIn) == 2)   // into (fact 2)
        #expect(run.pause()?.depth == 3)
        #expect(run.line(after: .stepOver) == 4)
        // Over (fact 1); fact 2 then returns into line 4 of fact 3, a line already
        // running, and so on out: no new line is left, the run ends.
        #expect(run.debugger.resume(.stepOver))
        #expect(run.finished() == "6")
        #expect(run.debugger.waitForStop(timeout: 1) == .finished)
    }

    @Test func stepOutReturnsToTheCaller() {
        let run = Run(Self.factorial, breakpoints: [2])
        #expect(run.pause()?.depth == 2)
        run.debugger.removeBreakpoint(line: 2)
        run.debugger.resume(.stepIn)
        #expect(run.pause()?.line == 4)
        #expect(run.line(after: .stepIn) == 2)
        #expect(run.pause()?.depth == 3)
        #expect(run.debugger.resume(.stepOut))
        let back = run.pause()
        #expect(back?.depth == 2)
        #expect(back?.line == 4)
        #expect(back?.reason == .returned("2"))  // (fact 2) gave 2
        run.debugger.resume(.stepOut)
        let top = run.pause()
        #expect(top?.depth == 1)
        #expect(top?.reason == .returned("6"))
        run.debugger.resume(.continue)
        #expect(run.finished() == "6")
    }

    @Test func aLineWithTwoCallsStopsOnce() {
        let run = Run("(defun f (v) (* v 2))\n(+ (f 1) (f 2))\n(+ 0 1)", breakpoints: [2, 3])
        #expect(run.pause()?.line == 2)
        #expect(run.line(after: .continue) == 3)
        run.debugger.resume(.continue)
        #expect(run.finished() == "1")
    }

    @Test func localsAreTheVisibleVariables() {
        let src = """
        (defun f (a b)
          (let ((c (+ a b)))
            (* c 2)))
        (f 1 2)
        """
        let run = Run(src, breakpoints: [3])
        let p = run.pause()
        #expect(p?.locals == [DebugLocal(name: "f", value: "<function f>"), DebugLocal(name: "a", value: "1"),
                              DebugLocal(name: "b", value: "2"), DebugLocal(name: "c", value: "3")]
                || p?.locals.map(\.name) == ["a", "b", "c"])
        #expect(p?.locals.first { $0.name == "c" }?.value == "3")
        run.debugger.resume(.continue)
        #expect(run.finished() == "6")
    }

    @Test func evaluateInThePausedFrame() {
        let src = """
        (defun sq (x) (* x x))
        (defun g (n)
          (+ n 1))
        (g 5)
        """
        let run = Run(src, breakpoints: [3])
        _ = run.pause()
        #expect(run.debugger.evaluate("n") == .value("5"))
        #expect(run.debugger.evaluate("(sq (+ n 1))") == .value("36"))
        #expect(run.debugger.evaluate("(define tmp (* n 10)) (+ tmp 1)") == .value("51"))
        // Errors are values; the session goes on.
        if case .error(let msg) = run.debugger.evaluate("(car)") { #expect(!msg.isEmpty) } else { Issue.record("expected an error") }
        if case .error(let msg) = run.debugger.evaluate("(undefined-fn 1)") { #expect(msg.contains("undefined-fn")) } else { Issue.record("expected an error") }
        if case .error = run.debugger.evaluate("(+ 1") {} else { Issue.record("expected a syntax error") }
        #expect(run.debugger.evaluate("(* n 3)") == .value("15"))
        run.debugger.resume(.continue)
        #expect(run.finished() == "6")
    }

    @Test func evaluateWhileNotPausedIsAnError() {
        let d = Debugger()
        #expect(d.evaluate("1") == .error("the program is not paused"))
    }

    @Test func watchesAreEvaluatedAtEveryPause() {
        let src = """
        (define total 0)
        (for (i (range 0 3))
          (set! total (+ total i)))
        total
        """
        let run = Run(src, breakpoints: [3])
        run.debugger.addWatch("total")
        run.debugger.addWatch("(* i 100)")
        run.debugger.addWatch("(nope)")
        var seen: [[String]] = []
        for _ in 0..<3 {
            guard let p = run.pause() else { break }
            seen.append(p.watches.map(\.value.text))
            run.debugger.resume(.continue)
        }
        #expect(seen.map { Array($0.prefix(2)) } == [["0", "0"], ["0", "100"], ["1", "200"]])
        #expect(seen.allSatisfy { $0[2].hasPrefix("error:") })
        #expect(run.finished() == "3")
    }

    @Test func continueToTheEndGivesTheNormalResult() {
        let run = Run(Self.factorial, start: .stepIn)
        _ = run.pause()
        run.debugger.resume(.continue)
        #expect(run.finished() == "6")
        #expect(run.debugger.waitForStop(timeout: 1) == .finished)
    }

    @Test func stopEndsTheRun() {
        let run = Run("(define n 0)\n(while true\n  (set! n (+ n 1)))", breakpoints: [3])
        _ = run.pause()
        run.debugger.resume(.stop)
        #expect(run.finished() == "error: limit: stopped in the debugger")
    }

    @Test func cancellationReleasesAPausedEvaluator() {
        let flag = CancelFlag()
        let dbg = Debugger(breakpoints: [2])
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var text = "" }
        let box = Box()
        Thread {
            box.text = LargeStack.value {
                let interp = Interpreter(cancelFlag: flag)
                interp.debugger = dbg
                return interp.run(source: "(define a 1)\n(+ a 1)").error?.message ?? "no error"
            }
            dbg.finish()
            done.signal()
        }.start()
        guard case .paused = dbg.waitForStop(timeout: 10) else { Issue.record("no pause"); return }
        flag.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(box.text == "cancelled")
    }

    @Test func requestPauseStopsALoop() {
        let run = Run("(define n 0)\n(while (< n 100000000)\n  (set! n (+ n 1)))\nn")
        run.debugger.requestPause()
        let p = run.pause()
        #expect(p?.reason == .requested)
        run.debugger.resume(.stop)
        #expect(run.finished()?.hasPrefix("error: limit") == true)
    }

    /// Every program of a mixed set gives the same result with and without a debugger
    /// attached (no breakpoints): instrumenting must not change meaning.
    @Test(arguments: [
        Self.factorial,
        "(defmacro twice (x) `(do ,x ,x))\n(define n 0)\n(twice (set! n (+ n 1)))\nn",
        "(define (f &optional (a 2) &key (b 3)) (list a b))\n(f 1 :b 5)",
        "(defun m () (values 1 2))\n(multiple-value-list (m))",
        "(defun f (xs) (map (lambda (x) (* x x)) xs))\n(f [1 2 3])",
        "(defun find-first (xs) (for (x xs) (when (> x 1) (return x))) nil)\n(find-first [1 2 3])",
        "(try (error \"boom\") (catch e (str \"caught \" e)))",
        "(let ((acc [])) (dotimes (i 3) (set! acc (append acc [i]))) acc)",
        "(eval '(+ 1 2))",
        "(/ 1 0)",
    ])
    func attachedWithoutBreakpointsGivesTheSameResult(_ source: String) {
        let plain = Run(source, attach: false).finished()
        let debugged = Run(source).finished()
        #expect(plain != nil)
        #expect(plain == debugged)
    }
}
