/// A float's print form (spec §10: shortest round-trip digits, positional between 1e-4 and
/// 1e16, else `d.ddde±x`) written as bytes from Swift's shortest description. The first
/// version took the description apart into an array of `Character` and glued strings
/// together: ~14,000 instructions a float, so `(str x)` of a float cost more than
/// parsing a CSV line. `Printer.formatFloatByCharacters` is that version, kept as the
/// reference this one is tested against.
enum FloatText {
    private static let zero = UInt8(ascii: "0"), point = UInt8(ascii: "."), minus = UInt8(ascii: "-")

    /// The digit characters of `src` (Swift's description of a non-negative float: "123.45",
    /// "1e-05", "1.5e+20") copied into `dg`, with the position of the decimal point
    /// relative to them (the exponent applied); nil when `dg` is too small.
    static func parseDescription(_ src: UnsafeBufferPointer<UInt8>, into dg: UnsafeMutableBufferPointer<UInt8>)
        -> (count: Int, pointPos: Int)? {
        var n = 0, pointPos = 0, seenPoint = false, exp = 0, i = 0
        while i < src.count {
            let b = src[i]
            if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                var j = i + 1, negative = false
                if j < src.count, src[j] == minus { negative = true; j += 1 }
                else if j < src.count, src[j] == UInt8(ascii: "+") { j += 1 }
                var e = 0
                while j < src.count { e = e * 10 + Int(src[j] &- zero); j += 1 }
                exp = negative ? -e : e
                break
            }
            if b == point {
                seenPoint = true
            } else {
                guard n < dg.count else { return nil }
                dg[n] = b
                n += 1
                if !seenPoint { pointPos += 1 }
            }
            i += 1
        }
        guard n > 0 else { return nil }
        return (n, pointPos + exp)
    }

    /// The significant digits of `dg[0..<n]`: leading zeros move the point, trailing ones
    /// go (at least one digit stays).
    @inline(__always) static func significant(_ dg: UnsafeMutableBufferPointer<UInt8>, _ n: Int, _ p: Int)
        -> (start: Int, end: Int, pointPos: Int) {
        var start = 0, pointPos = p
        while start < n - 1, dg[start] == zero { start += 1; pointPos -= 1 }
        var end = n
        while end - start > 1, dg[end - 1] == zero { end -= 1 }
        return (start, end, pointPos)
    }

    /// The significant decimal digits (values 0–9, no leading or trailing zeros but at
    /// least one digit) of a finite non-negative `mag` and the position of the point
    /// relative to them: `Printer.shortestDigits` as bytes (for `~,Nf`).
    static func shortestDecimal(_ mag: Double) -> (digits: [UInt8], pointPos: Int)? {
        var desc = mag.description
        return desc.withUTF8 { src in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { dg -> (digits: [UInt8], pointPos: Int)? in
                guard let (n, p) = parseDescription(src, into: dg) else { return nil }
                let (start, end, pointPos) = significant(dg, n, p)
                return (dg[start..<end].map { $0 &- zero }, pointPos)
            }
        }
    }

    /// The print form of a finite, non-zero `d`; nil if its description does not fit the
    /// digit buffer (never for a Double's shortest form; the caller falls back).
    static func format(_ d: Double) -> String? {
        let mag = abs(d)
        var desc = mag.description   // "123.45", "1e-05", "1.5e+20", "0.0001"
        return desc.withUTF8 { src -> String? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { dg -> String? in
                guard let (n, parsedPoint) = parseDescription(src, into: dg) else { return nil }
                let (start, end, pointPos) = significant(dg, n, parsedPoint)
                let count = end - start
                let positional = mag >= 1e-4 && mag < 1e16
                // Longest positional form: sign, "0.", 3 zeros, 17 digits; exponent form:
                // sign, 17 digits, ".", "e-324". A description beyond that is refused.
                guard count <= 17, !positional || (pointPos >= -3 && pointPos <= 16) else { return nil }
                return String(unsafeUninitializedCapacity: 40) { out -> Int in
                    var k = 0
                    @inline(__always) func put(_ b: UInt8) { out[k] = b; k += 1 }
                    if d < 0 { put(minus) }
                    if positional {
                        if pointPos <= 0 {
                            put(zero); put(point)
                            for _ in 0..<(-pointPos) { put(zero) }
                            for j in start..<end { put(dg[j]) }
                        } else if pointPos >= count {
                            for j in start..<end { put(dg[j]) }
                            for _ in 0..<(pointPos - count) { put(zero) }
                            put(point); put(zero)
                        } else {
                            for j in start..<(start + pointPos) { put(dg[j]) }
                            put(point)
                            for j in (start + pointPos)..<end { put(dg[j]) }
                        }
                        return k
                    }
                    put(dg[start]); put(point)
                    if count > 1 { for j in (start + 1)..<end { put(dg[j]) } } else { put(zero) }
                    put(UInt8(ascii: "e"))
                    var e = pointPos - 1
                    if e < 0 { put(minus); e = -e }
                    var tmp: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                    var m = 0
                    withUnsafeMutableBytes(of: &tmp) { t in
                        repeat { t[m] = zero &+ UInt8(e % 10); e /= 10; m += 1 } while e > 0 && m < 4
                        while m > 0 { m -= 1; put(t[m]) }
                    }
                    return k
                }
            }
        }
    }
}
