import Testing
import TestSupport
@testable import OVSMKit

/// Property: for any generated value, reading its print form gives an `=` value (spec §10.1).
@Suite struct RoundTripPropertyTests {
    typealias Rng = SeededRandom

    static let alphabet: [Unicode.Scalar] = Array("abcXYZ019 _-?!:\"\\\n\t\r".unicodeScalars)
        + ["\u{0}", "\u{1F}", "\u{7F}", "é", "日", "🚀", "\u{200B}"]

    func string(_ r: inout Rng) -> String {
        String(scalars: (0..<r.int(8)).map { _ in Self.alphabet[r.int(Self.alphabet.count)] })
    }

    func value(_ r: inout Rng, depth: Int) -> Value {
        switch r.int(depth > 3 ? 8 : 11) {
        case 0: return .null
        case 1: return .bool(r.int(2) == 0)
        case 2: return .int(Int(bitPattern: UInt(r.next())) >> r.int(64))
        case 3:
            let d = Double(bitPattern: r.next())
            return .float(d.isFinite ? d : Double(r.int(1000)) / 7)
        case 4: return .float([0.1, -0.0, 1e16, 1e-5, 123456789.0, Double.leastNonzeroMagnitude, 1.7976931348623157e308][r.int(7)])
        case 5: return .string(string(&r))
        case 6: return .keyword(Symbol.intern(["a", "b-c", "x?", "getBalance"][r.int(4)]))
        case 7: return .symbol(Symbol.intern(["foo", "set!", "->", "a.b"][r.int(4)]))
        case 8, 9:
            return .array((0..<r.int(5)).map { _ in value(&r, depth: depth + 1) })
        default:
            var o = OVSMObject()
            for _ in 0..<r.int(5) { o.set(string(&r), value(&r, depth: depth + 1)) }
            return .object(o)
        }
    }

    @Test func printThenReadIsEqual() {
        var r = Rng(state: 42)
        for _ in 0..<3000 {
            let v = value(&r, depth: 0)
            let text = Printer.printForm(v)
            guard case .forms(let f) = Reader.read(text), f.count == 1 else {
                Issue.record("unreadable print form: \(text)")
                return
            }
            let back = f[0].toValue()
            #expect(ovsmEqual(back, v), "round trip changed \(text) into \(Printer.printForm(back))")
        }
    }

    @Test func floatsPrintShortestAndReadBack() {
        var r = Rng(state: 7)
        for _ in 0..<5000 {
            let d = Double(bitPattern: r.next())
            guard d.isFinite else { continue }
            let text = Printer.formatFloat(d)
            guard case .forms(let f) = Reader.read(text), case .atom(.float(let back)) = f.first?.kind else {
                Issue.record("float \(d) printed as unreadable \(text)")
                return
            }
            #expect(back.bitPattern == d.bitPattern, "\(d) → \(text) → \(back)")
        }
    }
}
