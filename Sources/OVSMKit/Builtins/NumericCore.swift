import Foundation

/// Checked numeric kernels of spec §8.1, shared by the arithmetic builtins and by any other
/// group that needs OVSM arithmetic (`incf`, `sum`, …). Every int operation reports
/// overflow as `limit`; every non-number operand is a `type` error naming `fn`.
enum Num {
    /// `a + b` with int/float contagion.
    @inline(__always) static func add(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow(fn) }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x + y)
        case (.int(let x), .float(let y)): return .float(Double(x) + y)
        case (.float(let x), .int(let y)): return .float(x + Double(y))
        default: throw operandError(a, b, fn)
        }
    }

    /// `a - b` with int/float contagion.
    @inline(__always) static func sub(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow(fn) }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x - y)
        case (.int(let x), .float(let y)): return .float(Double(x) - y)
        case (.float(let x), .int(let y)): return .float(x - Double(y))
        default: throw operandError(a, b, fn)
        }
    }

    /// `a * b` with int/float contagion.
    @inline(__always) static func mul(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow(fn) }
            return .int(r)
        case (.float(let x), .float(let y)): return .float(x * y)
        case (.int(let x), .float(let y)): return .float(Double(x) * y)
        case (.float(let x), .int(let y)): return .float(x * Double(y))
        default: throw operandError(a, b, fn)
        }
    }

    /// `a / b`: int/int is an int when exact, else a float; a zero divisor is
    /// `division-by-zero` (also 0.0).
    @inline(__always) static func div(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw divZero(fn) }
            if y == -1 {
                let (r, o) = x.multipliedReportingOverflow(by: -1)
                if o { throw overflow(fn) }
                return .int(r)
            }
            if x % y == 0 { return .int(x / y) }
            return .float(Double(x) / Double(y))
        default:
            let x = try number(a, b, fn, first: true)
            let y = try number(a, b, fn, first: false)
            if y == 0 { throw divZero(fn) }
            return .float(x / y)
        }
    }

    /// Truncated remainder (sign of the dividend): `%` / `rem`.
    static func rem(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw divZero(fn) }
            if y == -1 { return .int(0) }
            return .int(x % y)
        default:
            let x = try number(a, b, fn, first: true)
            let y = try number(a, b, fn, first: false)
            if y == 0 { throw divZero(fn) }
            return .float(x.truncatingRemainder(dividingBy: y))
        }
    }

    /// Floored modulo (sign of the divisor): `mod`.
    static func mod(_ a: Value, _ b: Value, _ fn: String) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw divZero(fn) }
            if y == -1 { return .int(0) }
            var r = x % y
            if r != 0 && (r < 0) != (y < 0) { r += y }
            return .int(r)
        default:
            let x = try number(a, b, fn, first: true)
            let y = try number(a, b, fn, first: false)
            if y == 0 { throw divZero(fn) }
            var r = x.truncatingRemainder(dividingBy: y)
            if r != 0 && (r < 0) != (y < 0) { r += y }
            return .float(r)
        }
    }

    /// Unary minus; negating the minimum int is `limit`.
    @inline(__always) static func negate(_ a: Value, _ fn: String) throws -> Value {
        switch a {
        case .int(let x):
            let (r, o) = Int(0).subtractingReportingOverflow(x)
            if o { throw overflow(fn) }
            return .int(r)
        case .float(let x): return .float(-x)
        default: throw OVSMError.type("\(fn): expected a number, got \(a.typeName)")
        }
    }

    /// Numeric order with IEEE semantics: nil when a NaN is involved.
    @inline(__always) static func order(_ a: Value, _ b: Value, _ fn: String) throws -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.float(let x), _) where x.isNaN:
            guard b.isNumber else { throw OVSMError.type("\(fn): cannot compare float with \(b.typeName)") }
            return nil
        case (_, .float(let y)) where y.isNaN:
            guard a.isNumber else { throw OVSMError.type("\(fn): cannot compare \(a.typeName) with float") }
            return nil
        default: return try ovsmCompare(a, b, fn)
        }
    }

    /// A Double truncated toward zero into an Int; NaN, ±inf or out of range → `limit`.
    static func truncToInt(_ d: Double, _ fn: String) throws -> Int {
        guard d.isFinite else { throw OVSMError.limit("\(fn): \(Printer.formatFloat(d)) has no integer value") }
        guard d < 9.223372036854775807e18 && d >= -9.223372036854775808e18 else {
            throw OVSMError.limit("\(fn): \(Printer.formatFloat(d)) is outside the int range")
        }
        return Int(d)
    }

    /// One operand of a binary float operation as Double (type error names the culprit).
    @inline(__always) static func number(_ a: Value, _ b: Value, _ fn: String, first: Bool) throws -> Double {
        let v = first ? a : b
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: throw operandError(a, b, fn)
        }
    }

    /// `limit` error for an int result outside 64 bits, naming the builtin.
    static func overflow(_ fn: String) -> OVSMError { OVSMError.limit("\(fn): integer overflow") }

    /// `division-by-zero` error naming the builtin.
    static func divZero(_ fn: String) -> OVSMError { OVSMError(.divisionByZero, "\(fn): division by zero") }

    static func operandError(_ a: Value, _ b: Value, _ fn: String) -> OVSMError {
        let bad = a.isNumber ? b : a
        return OVSMError.type("\(fn): expected a number, got \(bad.typeName)")
    }

    /// Parses number text the way `int`/`float` read strings: surrounding whitespace is
    /// trimmed; `[+-]?digits` is an int (a float if it does not fit), decimal and exponent
    /// forms (`1.5`, `.5`, `2.`, `1e3`) are floats. Anything else (hex, `inf`, `nan`,
    /// embedded spaces) → nil.
    static func parse(_ text: String) -> Value? {
        let s = StringOps.trimmed(text, left: true, right: true)
        var sawDigit = false, sawDot = false, sawExp = false, expDigit = false
        var isInt = true
        var prev: UInt8 = 0
        for (i, u) in s.utf8.enumerated() {
            switch u {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if sawExp { expDigit = true } else { sawDigit = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard i == 0 || prev == UInt8(ascii: "e") || prev == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawDot && !sawExp else { return nil }
                sawDot = true; isInt = false
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit && !sawExp else { return nil }
                sawExp = true; isInt = false
            default:
                return nil
            }
            prev = u
        }
        guard sawDigit, !sawExp || expDigit else { return nil }
        if isInt, let i = Int(s) { return .int(i) }
        guard let d = Double(s) else { return nil }
        return .float(d)
    }
}
