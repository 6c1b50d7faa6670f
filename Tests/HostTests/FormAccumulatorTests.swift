import Foundation
import OVSMKit
import Testing
import OSVMHost

// FormAccumulator: the incremental "may this be complete?" of both REPLs.

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
