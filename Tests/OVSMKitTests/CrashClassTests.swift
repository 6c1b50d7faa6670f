import Foundation
import Testing
@testable import OVSMKit

/// The crash and hang classes of issue 11, checked where the conformance corpus cannot:
/// on small stacks, with cancellation, with a step budget and with a small memory limit.
@Suite struct CrashClassTests {
    func run(_ src: String, limits: Limits = Limits(), cancel: CancelFlag = CancelFlag()) -> EvalOutcome {
        LargeStack.value { Interpreter(limits: limits, cancelFlag: cancel).run(source: src) }
    }

    /// Runs `body` on a thread with a 512 KiB stack, the way an embedder's UI thread or a
    /// cooperative-pool thread would call the printer, `=` or JSON.
    func onSmallStack<T>(_ body: @escaping () -> T) -> T {
        LargeStack.value(stackSize: 512 << 10, body)
    }

    func deepArray(_ n: Int) -> Value {
        var v = Value.array([])
        for _ in 0..<n { v = .array([v]) }
        return v
    }

    @Test func deepValuesWalkOnASmallStack() throws {
        let printed = onSmallStack { () -> (Int, Bool, Int) in
            // Built on a large stack: the builder's intermediate releases are shallow, but
            // keep the test about the walks, not about construction.
            let a = LargeStack.value { self.deepArray(90_000) }
            let b = LargeStack.value { self.deepArray(90_000) }
            let text = Printer.printForm(a)
            let json = (try? JSON.stringify(b))?.utf8.count ?? -1
            let r = (text.utf8.count, ovsmEqual(a, b), json)
            StackGuard.release(consume a)
            StackGuard.release(consume b)
            return r
        }
        #expect(printed.0 == 180_002)
        #expect(printed.1)
        #expect(printed.2 == 180_002)
    }

    @Test func deepDataBecomesCodeOnlyWithinTheLimit() {
        // eval of data nested deeper than the depth limit: limit, not a crash.
        let r = run("(define c 1) (dotimes (i 200000) (set! c (list '+ 1 c))) (eval c)")
        #expect(r.error?.category == .limit)
        let ok = run("(define c 1) (dotimes (i 2000) (set! c (list '+ 1 c))) (eval c)")
        #expect(ok.printed == "2001")
    }

    @Test func interpreterHoldingDeepValuesIsReleasedOnASmallStack() {
        // The interpreter (and the 1,000,000-deep global it holds) is dropped on a small stack.
        let done = onSmallStack { () -> Bool in
            let interp = LargeStack.value { () -> Interpreter in
                let i = Interpreter()
                _ = i.run(source: "(define x []) (dotimes (i 1000000) (set! x [x])) 1")
                return i
            }
            _ = interp
            return true
        }
        #expect(done)
    }

    @Test func catastrophicRegexStopsOnCancel() {
        let cancel = CancelFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel.cancel() }
        let start = Date()
        let r = run("(regex-match \"(a+)+$\" (str (repeat \"a\" 5000) \"b\"))", cancel: cancel)
        #expect(r.error?.category == .limit)
        #expect(r.error?.message == "cancelled")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func catastrophicRegexSpendsTheStepBudget() {
        var l = Limits()
        l.stepBudget = 100_000
        let r = run("(regex-find-all \"(a|aa)+$\" (str (repeat \"a\" 5000) \"b\"))", limits: l)
        #expect(r.error?.category == .limit)
        #expect(r.error?.message == "step budget exhausted")
        // An ordinary match costs no budget worth noticing.
        #expect(run("(regex-find-all \"[0-9]+\" \"a1b22c333\")", limits: l).printed == "[\"1\" \"22\" \"333\"]")
    }

    @Test func memoryLimitStopsARunawayScript() {
        var l = Limits()
        l.maxMemoryBytes = 256 << 20
        let r = run("(define xs []) (dotimes (i 100000000) (set! xs (push-back xs (range 0 1000))))", limits: l)
        #expect(r.error?.category == .limit)
        #expect(r.error?.message.contains("memory limit") == true)
        let s = run("(define s \"ab\") (dotimes (i 60) (set! s (str s s))) (length s)", limits: l)
        #expect(s.error?.category == .limit)
    }

    @Test func stepBudgetIsExactAcrossCheckpoints() {
        // The budget is accounted in chunks; the step that exceeds it still fails exactly.
        for budget in [1, 100, Interpreter.checkpointInterval, Interpreter.checkpointInterval + 1, 50_000] {
            var l = Limits()
            l.stepBudget = budget
            let within = run("(define n 0) (dotimes (i \(budget)) (set! n (+ n 1))) n", limits: l)
            #expect(within.printed == "\(budget)", "budget \(budget)")
            let over = run("(define n 0) (dotimes (i \(budget + 1)) (set! n (+ n 1))) n", limits: l)
            #expect(over.error?.message == "step budget exhausted", "budget \(budget)")
        }
    }

    /// Runs `source` with the fast comparator `plain` and with its ordinary-call twin
    /// `called`: the printed results and the error messages must be the same.
    func expectSameOutcome(_ source: (String) -> String, _ plain: String, _ called: String,
                           _ l: Limits, _ label: String) {
        let fast = run(source(plain), limits: l), slow = run(source(called), limits: l)
        #expect(fast.printed == slow.printed && fast.error?.message == slow.error?.message,
                "\(label): \(fast.printed) / \(slow.printed)")
    }

    /// A loop of calls of a closure whose body is one operation on its parameters is
    /// computed without invoking the body (`PreparedCall.parameterBody`); it must still
    /// count a step per call and stop at the depth limit exactly where a call would. The
    /// same loop with a body that takes the ordinary call (a `let`) is the reference.
    @Test func parameterBodiesKeepStepsAndDepthExact() {
        let plain = "(lambda (x) (< x 3))", called = "(lambda (x) (let ((y x)) (< y 3)))"
        for budget in [100, Interpreter.checkpointInterval + 1] {
            var l = Limits()
            l.stepBudget = budget
            for n in (budget - 4)...(budget + 4) {
                let fast = run("(length (filter \(plain) (range \(n))))", limits: l)
                let slow = run("(length (filter \(called) (range \(n))))", limits: l)
                #expect(fast.printed == slow.printed && fast.error?.message == slow.error?.message,
                        "budget \(budget), n \(n): \(fast.printed) / \(slow.printed)")
            }
            let sum = run("(reduce (lambda (a x) (+ a x)) 0 (range \(budget + 10)))", limits: l)
            #expect(sum.error?.message == "step budget exhausted")
            // A call that raises (a zero divisor, caught) counts its step once.
            for n in (budget - 8)...(budget + 2) {
                let source = { (f: String) in
                    "(define r (try (map \(f) [1 0]) (catch e 0))) (dotimes (i \(n)) 1) r"
                }
                let fast = run(source("(lambda (x) (/ x 0))"), limits: l)
                let slow = run(source("(lambda (x) (let ((y x)) (/ y 0)))"), limits: l)
                #expect(fast.printed == slow.printed && fast.error?.message == slow.error?.message,
                        "raising, budget \(budget), n \(n): \(fast.printed) / \(slow.printed)")
            }
        }
        var l = Limits()
        l.maxDepth = 40
        for depth in 30...45 {
            let source = { (f: String) in
                "(defun down (n) (if (= n 0) (filter \(f) [1 2 3 4]) (down (- n 1)))) (down \(depth))"
            }
            let fast = run(source(plain), limits: l), slow = run(source(called), limits: l)
            #expect(fast.printed == slow.printed && fast.error?.message == slow.error?.message, "depth \(depth)")
        }
    }

    /// `sort` of ints with a comparing lambda sorts the ints without calling it
    /// (`HOF.intSort`): it must count the same steps and stop at the same comparison, with
    /// the same error, as the ordinary calls of a body that is not one comparison.
    @Test func intSortKeepsStepsAndDepthExact() {
        let xs = "(map (lambda (i) (% (* i 7919) 101)) (range 60))"
        let pairs = [("(lambda (a b) (< a b))", "(lambda (a b) (let ((y a)) (< y b)))"),
                     ("(lambda (a b) (> b a))", "(lambda (a b) (let ((y b)) (> y a)))")]
        for (plain, called) in pairs {
            for budget in [300, 420, Interpreter.checkpointInterval + 1] {
                var l = Limits()
                l.stepBudget = budget
                for extra in stride(from: 0, through: 40, by: 3) {
                    expectSameOutcome({ "(dotimes (i \(extra)) 1) (sort \(xs) \($0))" }, plain, called, l,
                                      "budget \(budget), extra \(extra)")
                }
            }
            var l = Limits()
            l.maxDepth = 40
            for depth in 30...45 {
                expectSameOutcome({ "(defun down (n) (if (= n 0) (sort [3 1 2 5 4] \($0)) (down (- n 1)))) (down \(depth))" },
                                  plain, called, l, "depth \(depth)")
            }
        }
    }

    @Test func sharedStructureStopsAtTheTextLimit() {
        var l = Limits()
        l.maxTextBytes = 1 << 20
        let dag = "(define x [1]) (dotimes (i 200) (set! x [x x]))"
        #expect(run(dag + " (str x)", limits: l).error?.message == "str: result larger than 1 MiB")
        #expect(run(dag + " (json-stringify x)", limits: l).error?.message == "json-stringify: result larger than 1 MiB")
        #expect(run(dag + " (length (join [x x] \" \"))", limits: l).error?.category == .limit)
        // `=` on shared structure is linear, and NaN still equals nothing.
        #expect(run(dag + " (= x x)", limits: l).printed == "true")
        // Printing at the top level (outside any evaluation) stops at 256 MiB: check only
        // that a walk on a smaller DAG completes.
        #expect(run("(define x [1]) (dotimes (i 10) (set! x [x x])) (length (str x))").printed == "6141")
    }

    /// Known bug (OVSMKit, Runtime/Checkpoint.swift `noteSize`): when a cancel stops the
    /// printer before it has written 1 MiB, `str` returns the cut text as a value, because
    /// A cancel during a long print walk is `limit`, never the cut text as a value.
    @Test func printingASharedStructureHonoursCancel() {
        let cancel = CancelFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancel.cancel() }
        let start = Date()
        let r = run("(define x [1]) (dotimes (i 200) (set! x [x x])) (str x)", cancel: cancel)
        #expect(r.error?.category == .limit)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// The same without timing: the flag is set before `(str x)` starts, so the printer
    /// stops at once, under 1 MiB; `noteSize` still reports the cancellation.
    @Test func cancelledBeforePrintingASharedStructureIsLimit() {
        let cancel = CancelFlag()
        let interp = Interpreter(cancelFlag: cancel)
        let defined = LargeStack.value { interp.run(source: "(define x [1]) (dotimes (i 200) (set! x [x x])) 0") }
        #expect(defined.error == nil)
        cancel.cancel()
        let r = LargeStack.value { interp.run(source: "(str x)") }
        #expect(r.error?.category == .limit, "\(r.printed.prefix(40))")
    }

    @Test func macroExpansionHonoursCancellation() {
        let cancel = CancelFlag()
        cancel.cancel()
        let r = run("(defmacro m (n) (list 'm (+ n 1))) (m 0)", cancel: cancel)
        #expect(r.error?.category == .limit)
    }
}
