import Foundation
import OVSMKit
import Testing

// The pure parts of the CLI's line REPL (Sources/OSVMCLI/REPL), compiled into this test
// bundle through the symbolic links beside this file: `osvm` is an executable target that
// a test cannot import.

@Suite struct InterruptGateTests {
    /// One REPL cycle with a Ctrl-C at a chosen point, the cancel flag modelled as the
    /// interpreter sees it. Returns what the user saw.
    enum Seen: Equatable { case clearedAtPrompt, interruptedBeforeStart, interruptedWhileRunning, completed }

    static let points = ["before Enter", "after Enter", "after begin", "after end"]

    static func cycle(ctrlCAt point: String?) -> Seen {
        var gate = InterruptGate()
        var cancelFlag = true                 // left over from an earlier cycle
        var seenAtPrompt = false
        func ctrlC() {
            switch gate.interrupt(now: 0) {
            case .cancel: cancelFlag = true
            case .atPrompt: seenAtPrompt = true
            case .alreadyCancelling, .forceQuit: break
            }
        }
        if point == "before Enter" { ctrlC() }
        gate.submit(); cancelFlag = false     // EvalState.submit: gate and flag together
        if point == "after Enter" { ctrlC() }
        let started = gate.begin()
        if !started { _ = gate.end(); return .interruptedBeforeStart }
        if point == "after begin" { ctrlC() }
        // The evaluation polls the flag: it stops early iff the flag is set while it runs.
        let stoppedByFlag = cancelFlag
        let interrupted = gate.end(); cancelFlag = false
        if point == "after end" { ctrlC() }
        #expect(interrupted == stoppedByFlag, "gate and flag disagree at \(point ?? "-")")
        if seenAtPrompt { return .clearedAtPrompt }
        return interrupted ? .interruptedWhileRunning : .completed
    }

    @Test func ctrlCAtEveryPointOfTheCycleIsNeverLost() {
        #expect(Self.cycle(ctrlCAt: nil) == .completed)
        #expect(Self.cycle(ctrlCAt: "before Enter") == .clearedAtPrompt)
        #expect(Self.cycle(ctrlCAt: "after Enter") == .interruptedBeforeStart)
        #expect(Self.cycle(ctrlCAt: "after begin") == .interruptedWhileRunning)
        #expect(Self.cycle(ctrlCAt: "after end") == .clearedAtPrompt)
    }

    @Test func everyInterleavingOfTwoCyclesAndOneCtrlC() {
        // Events of two cycles; the Ctrl-C goes between any two of them.
        let events = ["submit", "begin", "end", "submit", "begin", "end"]
        for k in 0...events.count {
            var gate = InterruptGate()
            var responses: [InterruptGate.Response] = []
            var starts: [Bool] = [], ends: [Bool] = []
            for (i, e) in events.enumerated() {
                if i == k { responses.append(gate.interrupt(now: 0)) }
                switch e {
                case "submit": gate.submit()
                case "begin": starts.append(gate.begin())
                default: ends.append(gate.end())
                }
            }
            if k == events.count { responses.append(gate.interrupt(now: 0)) }
            let inCycle = k % 3 != 0               // after submit, before end
            #expect(responses == [inCycle ? .cancel : .atPrompt], "k=\(k)")
            // Exactly the cycle it fell into is interrupted; the other runs normally.
            let cycle = k / 3
            for c in 0..<2 {
                let hit = inCycle && c == cycle
                #expect(ends[c] == hit, "k=\(k) cycle \(c)")
                #expect(starts[c] == !(hit && k % 3 == 1), "k=\(k) cycle \(c)")
            }
        }
    }

    @Test func aLineThatStartsNothingSettlesAndReportsTheCtrlC() {
        var gate = InterruptGate()
        gate.submit()
        let quiet = gate.settle()
        #expect(!quiet && gate.phase == .idle)
        gate.submit()
        let first = gate.interrupt(now: 0)
        let settled = gate.settle()
        let later = gate.interrupt(now: 0)
        #expect(first == .cancel && settled && later == .atPrompt)
        // settle after a finished evaluation changes nothing.
        gate.submit(); _ = gate.begin(); _ = gate.end()
        let after = gate.settle()
        #expect(!after)
    }

    @Test func repeatedCtrlCQuitsOnlyAfterTwoSecondsOfATestClock() {
        var gate = InterruptGate()
        gate.submit()
        let started = gate.begin()
        let r = [100, 101, 101.999, 102].map { gate.interrupt(now: $0) }
        #expect(started && r == [.cancel, .alreadyCancelling, .alreadyCancelling, .forceQuit])
        let interrupted = gate.end()
        #expect(interrupted)
        // Before the evaluation started there is nothing to force.
        gate.submit()
        let s = [0, 50.0].map { gate.interrupt(now: $0) }
        #expect(s == [.cancel, .alreadyCancelling])
    }
}

@Suite struct FormAccumulatorTests {
    enum Outcome: Equatable { case forms(Int), error(String) }

    /// What the REPL reports for piped `lines`: reading on every line (as before) or only
    /// when the accumulator says the text may be complete.
    static func outcomes(_ lines: [String], incremental: Bool) -> [Outcome] {
        var acc = FormAccumulator()
        var out: [Outcome] = []
        for line in lines {
            guard acc.append(line) || !incremental else { continue }
            switch Reader.read(acc.text) {
            case .needMore: continue
            case .forms(let f): out.append(.forms(f.count))
            case .error(let e): out.append(.error(e.formatted(file: nil)))
            }
            acc.reset()
        }
        if !acc.isEmpty, case .failure(let e) = Reader.readProgram(acc.text) { out.append(.error(e.formatted(file: nil))) }
        return out
    }

    /// Whenever the accumulator holds a line back, the reader would not have produced forms
    /// from it (only *need more*, or an error inside a still-open form).
    static func neverHoldsBackForms(_ lines: [String]) -> Bool {
        var acc = FormAccumulator()
        for line in lines {
            if acc.append(line) { acc.reset(); continue }
            if case .forms = Reader.read(acc.text) { return false }
        }
        return true
    }

    @Test func wellFormedInputReadsTheSameAsReadingEveryLine() {
        let cases: [[String]] = [
            ["(+ 1", "2)"], ["(+ 1 2)"], ["(a)", "(b) (c", ")"], ["\"abc", "def\"", "x"],
            ["(str \"(\" ; )", ")"], ["(str \"a\\\"\" ", "1)"], ["[1 {:a (", ") } ]"],
            ["'", "x"], ["; only a comment"], ["(foo ; comment (", "  bar)"], ["\"a\\", "b\""],
            ["(f \"x;y\"", ")"], ["{:k [1 2", "3]}", "(+ 1"], [")"], ["(a))", "(b)"], ["(a", "]", "(b)"],
            ["(a [", "}", "1)"],
        ]
        for c in cases {
            #expect(Self.outcomes(c, incremental: true) == Self.outcomes(c, incremental: false), "\(c)")
            #expect(Self.neverHoldsBackForms(c), "\(c)")
        }
    }

    @Test func randomBracketSoupNeverHoldsBackForms() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["(", ")", "[", "]", "{", "}", "\"", "\\", ";", "a", " ", "'", "1"]
        for _ in 0..<2_000 {
            let lines = (0..<Int.random(in: 1...5, using: &rng)).map { _ in
                (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            }
            #expect(Self.neverHoldsBackForms(lines), "\(lines)")
        }
    }

    @Test func aTwentyThousandLineFormIsReadOnce() {
        var acc = FormAccumulator()
        var reads = 0
        let t0 = Date()
        var lines = ["(+ 0"] + (1..<19_999).map { "   \($0)" }
        lines.append(")")
        var value = ""
        for line in lines where acc.append(line) {
            reads += 1
            if case .forms(let forms) = Reader.read(acc.text) { value = "\(forms.count) form" }
        }
        print(String(format: "20,000-line form: %.3f s, %d read(s)", Date().timeIntervalSince(t0), reads))
        #expect(reads == 1 && value == "1 form")
    }
}

@Suite struct LineRenderTests {
    @Test func wrapsAndPlacesTheCursor() {
        let buf = Array("0123456789abc")
        let f = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: buf, cursor: buf.count, cursorRow: 0, columns: 10)
        #expect(f.text.hasPrefix("\r\u{1B}[J> 0123456789abc"))
        #expect(f.cursorRow == 1)                          // 2 + 13 = 15 columns: row 1, column 5
        #expect(f.text.hasSuffix("\r\u{1B}[5C"))
        let mid = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: buf, cursor: 3, cursorRow: 1, columns: 10)
        #expect(mid.text.hasPrefix("\u{1B}[1A\r\u{1B}[J"))
        #expect(mid.cursorRow == 0 && mid.text.hasSuffix("\u{1B}[1A\r\u{1B}[5C"))
        let two = LineRender.frame(prompt: "> ", continuationPrompt: "... ", buffer: Array("ab\ncd"), cursor: 5, cursorRow: 0, columns: 80)
        #expect(two.text.contains("ab\r\n... cd") && two.cursorRow == 1 && two.text.hasSuffix("\r\u{1B}[6C"))
        let wide = LineRender.frame(prompt: "", continuationPrompt: "", buffer: Array("日本"), cursor: 1, cursorRow: 0, columns: 80)
        #expect(wide.text.hasSuffix("\r\u{1B}[2C"))
    }

    /// One redraw of a 5,000-character line is linear; the editor redraws once per burst
    /// of input, so a paste costs a few of these (it used to cost one per character).
    @Test func aFiveThousandCharacterLineRendersInLinearTime() {
        func timePerRender(_ n: Int) -> (Double, Int) {
            let buf = Array(String(repeating: "a", count: n))
            var row = 0
            let t0 = Date()
            for _ in 0..<10 {
                row = LineRender.frame(prompt: "ovsm> ", continuationPrompt: "  ... ", buffer: buf, cursor: buf.count,
                                       cursorRow: 0, columns: 80).cursorRow
            }
            return (Date().timeIntervalSince(t0) / 10, row)
        }
        _ = timePerRender(5_000)                                 // warm up
        let (t500, _) = timePerRender(500)
        let (t5k, row) = timePerRender(5_000)
        let (t50k, _) = timePerRender(50_000)
        print(String(format: "render 500 chars: %.3f ms; 5,000: %.3f ms; 50,000: %.3f ms", t500 * 1000, t5k * 1000, t50k * 1000))
        #expect(row == (6 + 5_000) / 80)
    }
}
