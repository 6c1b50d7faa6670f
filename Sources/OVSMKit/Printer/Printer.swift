/// Print form (spec §10.1: readable, `prin1`, `~s`, REPL results) and display form
/// (§10.2: strings raw at the top level; `log`, `princ`, `~a`, `str`).
public enum Printer {
    /// Text the printer produces at most outside an evaluation (inside one,
    /// `Limits.maxTextBytes` applies; see `WalkContext`).
    public static let maxLength = 1 << 28

    public static func printForm(_ v: Value) -> String {
        var out = ""
        write(v, into: &out, display: false)
        return out
    }

    public static func displayForm(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        var out = ""
        write(v, into: &out, display: true)
        return out
    }

    /// Appends the print form of `v` (display only affects a top-level string).
    public static func write(_ v: Value, into out: inout String, display: Bool = false) {
        write(v, into: &out, display: display, depth: 0)
    }

    /// The recursive walk; every `StackGuard.checkInterval` levels it makes sure the stack
    /// has room (spec §16: deep values print on any thread).
    static func write(_ v: Value, into out: inout String, display: Bool, depth: Int) {
        switch v {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += Builtins.decimalString(i)
        case .float(let d): out += formatFloat(d)
        case .string(let s):
            if display { out += s } else { writeString(s, into: &out) }
        case .keyword(let k): out += ":"; out += k.name
        case .symbol(let s): out += s.name
        case .array, .object:
            // A value shared many times over (a DAG: `[x x]` doubled 100 times) can print
            // to more text than memory holds: past the text limit, or when the evaluation
            // is cancelled, the walk stops; builtins that build strings (`str`) then raise
            // `limit` (see WalkContext).
            if WalkContext.mustStop(at: out.utf8.count) { return }
            if depth % StackGuard.checkInterval == StackGuard.checkInterval - 1 {
                StackGuard.descend { writeContainer(v, into: &out, depth: depth + 1) }
            } else {
                writeContainer(v, into: &out, depth: depth + 1)
            }
        case .function(let f):
            if let n = f.name { out += "#<function \(n)>" } else { out += "#<lambda>" }
        case .macro(let m): out += "#<macro \(m.name)>"
        case .multiple(let m): write(m.primary, into: &out, display: display, depth: depth)
        }
    }

    private static func writeContainer(_ v: Value, into out: inout String, depth: Int) {
        switch v {
        case .array(let a):
            out += "["
            var first = true
            for e in a {
                if !first { out += " " }
                first = false
                write(e, into: &out, display: false, depth: depth)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (k, e) in o {
                if !first { out += " " }
                first = false
                if isPlainKey(k) { out += ":"; out += k } else { writeString(k, into: &out) }
                out += " "
                write(e, into: &out, display: false, depth: depth)
            }
            out += "}"
        default:
            write(v, into: &out, display: false, depth: depth)
        }
    }

    /// A key prints bare as `:key` when it matches `[A-Za-z_][A-Za-z0-9_?!*+<>=/.-]*`.
    public static func isPlainKey(_ k: String) -> Bool {
        var first = true
        for u in k.utf8 {
            let letter = (u >= 65 && u <= 90) || (u >= 97 && u <= 122) || u == 95
            if first {
                if !letter { return false }
                first = false
                continue
            }
            let digit = u >= 48 && u <= 57
            if letter || digit { continue }
            switch u {
            case UInt8(ascii: "?"), UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "/"),
                 UInt8(ascii: "."), UInt8(ascii: "-"):
                continue
            default: return false
            }
        }
        return !first
    }

    public static func writeString(_ s: String, into out: inout String) {
        // Most strings need no escape: checked on the bytes and appended whole (appending
        // scalar by scalar cost ~3,000 instructions for a 10-character string). Escapes
        // are all for ASCII bytes, which never occur inside a multi-byte scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for sc in s.unicodeScalars {
            switch sc {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if sc.value < 0x20 || sc.value == 0x7F {
                    out += "\\u{" + String(sc.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(sc)
                }
            }
        }
        out += "\""
    }

    /// Shortest round-trip digits, laid out per spec §10.1: positional when x is 0 or
    /// 1e-4 ≤ |x| < 1e16 (at least one digit after the point), scientific otherwise.
    public static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        if let fast = FloatText.format(d) { return fast }
        return formatFloatByCharacters(d)
    }

    /// `formatFloat` through arrays of `Character` (the reference the byte version is
    /// tested against; used only when a description is longer than that version's buffer).
    static func formatFloatByCharacters(_ d: Double) -> String {
        let (digits, pointPos) = shortestDigits(abs(d))
        let neg = d < 0 ? "-" : ""
        let mag = abs(d)
        if mag >= 1e-4 && mag < 1e16 {
            return neg + positional(digits, pointPos)
        }
        var m = String(digits.first!) + "."
        m += digits.count > 1 ? String(digits.dropFirst()) : "0"
        return neg + m + "e" + String(pointPos - 1)
    }

    /// Lays out digits with the decimal point after `pointPos` digits.
    static func positional(_ digits: [Character], _ pointPos: Int) -> String {
        if pointPos <= 0 {
            return "0." + String(repeating: "0", count: -pointPos) + String(digits)
        }
        if pointPos >= digits.count {
            return String(digits) + String(repeating: "0", count: pointPos - digits.count) + ".0"
        }
        return String(digits[..<pointPos]) + "." + String(digits[pointPos...])
    }

    /// Significant digits (no leading/trailing zeros) and the position of the decimal
    /// point relative to them, from Swift's shortest round-trip description.
    public static func shortestDigits(_ d: Double) -> (digits: [Character], pointPos: Int) {
        let s = d.description   // e.g. "123.45", "1e-05", "1.5e+20"
        var mantissa = Substring(s)
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            exp = Int(s[s.index(after: e)...]) ?? 0
        }
        var digits: [Character] = []
        var pointPos = 0
        var seenPoint = false
        for c in mantissa {
            if c == "." { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { pointPos += 1 }
        }
        pointPos += exp
        while let f = digits.first, f == "0", digits.count > 1 { digits.removeFirst(); pointPos -= 1 }
        while let l = digits.last, l == "0", digits.count > 1 { digits.removeLast() }
        return (digits, pointPos)
    }
}
