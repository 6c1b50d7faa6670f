/// Atom classification of spec §1 — integer, float, reserved literal, keyword, symbol —
/// straight from the atom's source bytes. Decided from the first byte, so most atoms are
/// classified in one pass and only floats and errors build a `String`.
extension FormReader {
    /// The value of the atom in source bytes `start..<end`.
    @inline(__always) mutating func atom(_ start: Int, _ end: Int, _ span: SourceSpan) throws(ReadFailure) -> Value {
        let u = UnsafeBufferPointer(rebasing: bytes[start..<end])
        let first = u[0]
        let isDigit = first >= 0x30 && first <= 0x39
        let isSign = first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
        if isDigit || (isSign && u.count > 1) {
            if let v = FormReader.number(u) { return v }
            // Out-of-range integers are syntax errors, not symbols.
            if FormReader.isIntegerSyntax(u) {
                throw .error(OVSMError(.syntax, "integer literal \(FormReader.text(u)) is out of the 64-bit range", span: span))
            }
        }
        switch first {
        case UInt8(ascii: "t"):
            if FormReader.equals(u, "true") || FormReader.equals(u, "t") { return .bool(true) }
        case UInt8(ascii: "f"):
            if FormReader.equals(u, "false") { return .bool(false) }
        case UInt8(ascii: "n"):
            if FormReader.equals(u, "null") || FormReader.equals(u, "nil") { return .null }
        case UInt8(ascii: ":"):
            if u.count == 1 { throw .error(OVSMError(.syntax, "lone ':' is not a keyword", span: span)) }
            return .keyword(symbols.intern(start + 1, u.count - 1))
        case UInt8(ascii: "#"):
            throw .error(OVSMError(.syntax, "'\(FormReader.text(u))': atoms starting with '#' are reserved", span: span))
        default:
            break
        }
        return .symbol(symbols.intern(start, u.count))
    }

    static func text(_ u: UnsafeBufferPointer<UInt8>) -> String { String(decoding: u, as: UTF8.self) }

    /// Byte equality with an ASCII literal (the reserved names are ASCII, and no other
    /// spelling is canonically equivalent to them).
    @inline(__always) static func equals(_ u: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        s.withUTF8Buffer { $0.elementsEqual(u) }
    }

    /// [+-]?[0-9]+ — the shape of an integer literal, whatever its magnitude.
    static func isIntegerSyntax(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = u[...]
        if digits.first == UInt8(ascii: "+") || digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// int ::= [+-]?[0-9]+ ; float ::= [+-]?[0-9]+\.[0-9]+([eE][+-]?[0-9]+)? | [+-]?[0-9]+[eE][+-]?[0-9]+
    /// nil when `u` is not a number (an out-of-range integer is nil too; see `isIntegerSyntax`).
    static func number(_ u: UnsafeBufferPointer<UInt8>) -> Value? {
        let end = u.count
        var i = 0
        var negative = false
        if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            negative = u[i] == UInt8(ascii: "-")
            i += 1
        }
        let digitsStart = i
        var value = 0
        var overflow = false
        while i < end, u[i] >= 0x30, u[i] <= 0x39 {
            let d = Int(u[i] - 0x30)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { overflow = true }
            value = a
            i += 1
        }
        if i == digitsStart { return nil }
        if i == end { return overflow ? nil : .int(value) }
        var j = i
        var isFloat = false
        if u[j] == UInt8(ascii: ".") {
            var k = j + 1
            while k < end, u[k] >= 0x30, u[k] <= 0x39 { k += 1 }
            if k == j + 1 { return nil }
            j = k
            isFloat = true
        }
        if j < end && (u[j] == UInt8(ascii: "e") || u[j] == UInt8(ascii: "E")) {
            var k = j + 1
            if k < end && (u[k] == UInt8(ascii: "+") || u[k] == UInt8(ascii: "-")) { k += 1 }
            let expStart = k
            while k < end, u[k] >= 0x30, u[k] <= 0x39 { k += 1 }
            if k == expStart { return nil }
            j = k
            isFloat = true
        }
        guard isFloat, j == end else { return nil }
        if let d = exactFloat(u) { return .float(d) }
        guard let d = Double(text(u)) else { return nil }
        return .float(d)
    }

    /// A float literal whose digits fit in 2^53 and whose decimal exponent is within ±22,
    /// computed with one exact multiply or divide (Clinger's fast path): the same correctly
    /// rounded result as `Double(String)`, without building a string. nil when out of reach.
    static func exactFloat(_ u: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let negative = u[0] == UInt8(ascii: "-")
        if negative || u[0] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var inFraction = false
        while i < u.count {
            let b = u[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b >= 0x30 && b <= 0x39 {
                digits += 1
                if digits > 19 { return nil }
                mantissa = mantissa * 10 + UInt64(b - 0x30)
                if inFraction { scale -= 1 }
            } else {
                break // e or E
            }
            i += 1
        }
        if i < u.count {
            i += 1
            var expNegative = false
            if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
                expNegative = u[i] == UInt8(ascii: "-")
                i += 1
            }
            var exp = 0
            while i < u.count {
                exp = exp * 10 + Int(u[i] - 0x30)
                if exp > 400 { return nil }
                i += 1
            }
            scale += expNegative ? -exp : exp
        }
        guard mantissa <= 1 << 53, scale >= -22, scale <= 22 else { return nil }
        var power = 1.0
        for _ in 0..<abs(scale) { power *= 10 }
        let magnitude = scale < 0 ? Double(mantissa) / power : Double(mantissa) * power
        return negative ? -magnitude : magnitude
    }
}
