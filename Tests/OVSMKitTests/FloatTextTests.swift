import Testing
@testable import OVSMKit

/// The byte-level float printer (`FloatText`) must print every float exactly as the
/// character-array reference (`Printer.formatFloatByCharacters`) does.

@Suite struct FloatTextTests {
    func agree(_ d: Double) -> Bool {
        Printer.formatFloat(d) == Printer.formatFloatByCharacters(d)
    }

    @Test func edgesAndBoundariesPrintAsTheReference() {
        var values: [Double] = [1, -1, 0.5, 1.5, 2.5e-5, 1e-4, 9.999e-5, 0.0001, 0.00012345678901234567,
                                1e15, 9.999999999999998e15, 1e16, 1e16 + 2, 1.2345678901234568e17,
                                1e21, 1e22, 1.7976931348623157e308, Double.leastNonzeroMagnitude, 2.2250738585072014e-308,
                                0.1, 0.2, 0.30000000000000004, 100, 1234.5, 3.141592653589793, 1e300, -1e-300]
        var p = 1.0
        for _ in 0..<40 {
            values.append(p); values.append(p.nextUp); values.append(p.nextDown); values.append(-p)
            p *= 10
        }
        p = 1.0
        for _ in 0..<40 {
            values.append(p); values.append(p.nextUp); values.append(p.nextDown)
            p /= 10
        }
        for v in values { #expect(agree(v), "\(v): \(Printer.formatFloat(v)) vs \(Printer.formatFloatByCharacters(v))") }
    }

    @Test func randomBitPatternsPrintAsTheReference() {
        var g = SystemRandomNumberGenerator()
        var checked = 0
        while checked < 20_000 {
            let d = Double(bitPattern: g.next())
            guard d.isFinite, d != 0 else { continue }
            checked += 1
            #expect(agree(d), "\(d.bitPattern)")
        }
        for i in 0..<20_000 {
            let d = Double(i) * 0.37 - 1000   // short decimals, the usual case
            if d != 0 { #expect(agree(d)) }
        }
    }

    @Test func specialValuesKeepTheirNames() {
        #expect(Printer.formatFloat(.nan) == "nan")
        #expect(Printer.formatFloat(.infinity) == "inf")
        #expect(Printer.formatFloat(-.infinity) == "-inf")
        #expect(Printer.formatFloat(0) == "0.0")
        #expect(Printer.formatFloat(-0.0) == "-0.0")
        #expect(Printer.formatFloat(1e-5) == "1.0e-5")
        #expect(Printer.formatFloat(1.5e20) == "1.5e20")
        #expect(Printer.formatFloat(2.5) == "2.5")
    }
}
