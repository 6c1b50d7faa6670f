import Foundation
import OSVMHost
import Testing

// The Ctrl-C cycle every embedder shares (Sources/OSVMHost/Session/InterruptGate.swift).

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
