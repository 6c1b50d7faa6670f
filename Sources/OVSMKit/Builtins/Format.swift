/// `format` (spec §10.3 and the §16 clarifications), shared with `error`.
///
///     try Format.formatString("~a + ~a = ~a", [.int(1), .int(2), .int(3)])   // "1 + 2 = 3"
///     try Format.formatString("~{~a~^, ~}", [.array([.int(1), .int(2)])])   // "1, 2"
///     try Format.formatString("~,2f", [.float(2.675)])                       // "2.68"
///
/// Directives are case-insensitive: `~a` display form, `~s` print form, `~d` int (others in
/// display form), `~f`/`~,Nf` float (shortest / exactly N decimals, half away from zero on
/// the shortest decimal representation), `~%` newline, `~~` tilde, `~{…~}` iteration over
/// an array, `~^` early exit. Optional CL-style prefix parameters give a minimum width
/// (`~5d`, `~8,2f`, `~6a`); `~:d` groups thousands with commas and `~@d` always shows
/// the sign. The control string is checked completely before any argument is used: an
/// unknown directive or an unbalanced `~{`/`~}` → `type`; too few arguments → `arity`.
public enum Format {
    indirect enum Node {
        case text(String)
        /// A simple directive: lowercase letter, prefix parameters, `:` and `@` flags.
        case directive(Character, params: [Int?], colon: Bool, at: Bool)
        case iteration([Node])
        case caret
    }

    /// Formats `control` with `args` into a string.
    public static func formatString(_ control: String, _ args: [Value]) throws -> String {
        try formatString(control, args[...], parsed: try parse(control))
    }

    /// Formats with an already parsed control string (see `Cache`); `args` is the
    /// builtin's argument array after the control string, not copied.
    static func formatString(_ control: String, _ args: ArraySlice<Value>, parsed: Parsed) throws -> String {
        if let flat = parsed.flat, let s = flat.format(args) { return s }
        return try formatString(control, args, parsed: parsed.nodes)
    }

    static func formatString(_ control: String, _ args: ArraySlice<Value>, parsed nodes: [Node]) throws -> String {
        var out = ""
        out.reserveCapacity(control.utf8.count + 8 * args.count)
        var index = 0
        _ = try run(nodes, args, &index, into: &out, inIteration: false)
        return out
    }

    /// A parsed control string, with its flat form when it has one.
    struct Parsed {
        let nodes: [Node]
        let flat: Flat?
        init(_ nodes: [Node]) {
            self.nodes = nodes
            flat = Flat(nodes)
        }
    }

    /// A control string of only text and plain `~a`/`~d` directives (no parameters, no
    /// flags) — the common `(format nil "~a:~a" i j)`. With every argument it consumes an
    /// int or a string, the result is laid out in one allocation of its exact length: the
    /// general path appended piece by piece into a growing string (~2,000 instructions
    /// for two ints; this is ~250). Anything else (a float, an array, too few arguments)
    /// goes the general way, which also raises the errors.
    struct Flat {
        /// The text between the argument slots, as UTF-8 in one array: `segments[j]` is
        /// the text before argument j (the last one follows the last argument).
        let bytes: [UInt8]
        let segments: [Range<Int>]
        var argumentCount: Int { segments.count - 1 }

        init?(_ nodes: [Node]) {
            var bytes: [UInt8] = []
            var segments: [Range<Int>] = []
            var start = 0
            for node in nodes {
                switch node {
                case .text(let t):
                    bytes.append(contentsOf: t.utf8)
                case .directive(let d, let params, let colon, let at)
                    where (d == "a" || d == "d") && params.isEmpty && !colon && !at:
                    segments.append(start..<bytes.count)
                    start = bytes.count
                default:
                    return nil
                }
            }
            segments.append(start..<bytes.count)
            self.bytes = bytes
            self.segments = segments
        }

        /// The formatted string, or nil when an argument is missing or not an int or a
        /// string (`~a` and `~d` print both the same way: a string as itself, an int in
        /// decimal).
        func format(_ args: ArraySlice<Value>) -> String? {
            let n = argumentCount
            guard args.count >= n else { return nil }
            return args.withUnsafeBufferPointer { vals -> String? in
                var length = bytes.count
                for k in 0..<n {
                    guard let len = Builtins.pieceLength(vals[k]) else { return nil }
                    length += len
                }
                return bytes.withUnsafeBufferPointer { text in
                    segments.withUnsafeBufferPointer { segs in
                        String(unsafeUninitializedCapacity: length) { buf in
                            guard let out = buf.baseAddress else { return 0 }
                            var at = 0
                            for k in 0...n {
                                let seg = segs[k]
                                if !seg.isEmpty, let base = text.baseAddress {
                                    (out + at).update(from: base + seg.lowerBound, count: seg.count)
                                    at += seg.count
                                }
                                if k == n { break }
                                at += Builtins.writePiece(vals[k], to: out + at)
                            }
                            return at
                        }
                    }
                }
            }
        }
    }

    /// Parsed control strings of one interpreter, so a `format` in a loop parses its
    /// control string once. Only successful parses are kept (a bad control string raises
    /// its error on every call); bounded by clearing when full — a program formatting
    /// with thousands of distinct control strings gains nothing from keeping them.
    final class Cache {
        private var parsed: [String: Parsed] = [:]
        static let capacity = 256

        /// The last control string and its parse: a `format` in a loop passes the same
        /// string every time, and comparing a string with itself is a pointer comparison
        /// (hashing it for the dictionary was ~360 instructions a call).
        private var lastControl = ""
        private var lastParsed: Parsed?

        func parsed(_ control: String) throws -> Parsed {
            if let last = lastParsed, control == lastControl { return last }
            if let n = parsed[control] {
                lastControl = control
                lastParsed = n
                return n
            }
            let n = Parsed(try Format.parse(control))
            if parsed.count >= Self.capacity { parsed.removeAll(keepingCapacity: true) }
            parsed[control] = n
            return n
        }
    }

    // MARK: parsing

    static func parse(_ control: String) throws -> [Node] {
        let chars = Array(control.unicodeScalars)
        var i = 0
        let nodes = try parseSeq(chars, &i, nested: false)
        return nodes
    }

    private static func parseSeq(_ c: [Unicode.Scalar], _ i: inout Int, nested: Bool) throws -> [Node] {
        var nodes: [Node] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { nodes.append(.text(String(text))); text = String.UnicodeScalarView() }
        }
        while i < c.count {
            let ch = c[i]
            if ch != "~" {
                text.append(ch)
                i += 1
                continue
            }
            let start = i
            i += 1
            // Prefix parameters: [+-]?digits separated by commas, each may be empty.
            var params: [Int?] = []
            var current = ""
            var sawParam = false
            while i < c.count, c[i] == "," || c[i] == "+" || c[i] == "-" || ("0"..."9").contains(c[i]) {
                sawParam = true
                if c[i] == "," {
                    params.append(current.isEmpty ? nil : try paramValue(current))
                    current = ""
                } else {
                    current.unicodeScalars.append(c[i])
                }
                i += 1
            }
            if sawParam { params.append(current.isEmpty ? nil : try paramValue(current)) }
            var colon = false, at = false
            while i < c.count, c[i] == ":" || c[i] == "@" {
                if c[i] == ":" { colon = true } else { at = true }
                i += 1
            }
            guard i < c.count else {
                throw OVSMError(.type, "format: control string ends inside a directive at position \(start)")
            }
            // Directive letters are ASCII; lower-case only those (never traps).
            let raw = c[i]
            let d = Character(("A"..."Z").contains(raw) ? Unicode.Scalar(raw.value + 32) ?? raw : raw)
            i += 1
            switch d {
            case "a", "s", "d", "f":
                flush()
                nodes.append(.directive(d, params: params, colon: colon, at: at))
            case "%":
                text.append("\n")
            case "~":
                text.append("~")
            case "^":
                flush()
                nodes.append(.caret)
            case "{":
                flush()
                let body = try parseSeq(c, &i, nested: true)
                nodes.append(.iteration(body))
            case "}":
                guard nested else { throw OVSMError(.type, "format: '~}' without a matching '~{'") }
                flush()
                return nodes
            default:
                throw OVSMError(.type, "format: unknown directive '~\(c[i - 1])'")
            }
        }
        if nested { throw OVSMError(.type, "format: '~{' without a matching '~}'") }
        flush()
        return nodes
    }

    /// Largest width or decimal count accepted (keeps a typo from allocating gigabytes).
    static let maxParameter = 100_000

    private static func paramValue(_ s: String) throws -> Int {
        guard let v = Int(s), v.magnitude <= UInt(maxParameter) else {   // magnitude: abs(Int.min) traps
            throw OVSMError(.type, "format: bad directive parameter '\(s)' (at most \(maxParameter))")
        }
        return v
    }

    // MARK: running

    /// Runs `nodes` over `args` from `index`; returns true when a `~^` ended the run.
    private static func run(_ nodes: [Node], _ args: ArraySlice<Value>, _ index: inout Int,
                            into out: inout String, inIteration: Bool) throws -> Bool {
        // The directive is named only when the message is built: interpolating it on every
        // call was a third of `format`'s time.
        func next(_ directive: Character) throws -> Value {
            guard index < args.count else {
                throw OVSMError(.arity, "format: too few arguments for ~\(directive)")
            }
            defer { index += 1 }
            return args[args.startIndex + index]
        }
        for node in nodes {
            switch node {
            case .text(let t):
                out += t
            case .caret:
                if index >= args.count { return true }
            case .iteration(let body):
                let arg = try next("{")
                let elements: [Value]
                switch arg {
                case .array(let a): elements = a
                case .null: elements = []
                default: throw OVSMError(.type, "format: ~{ expects an array, got \(arg.typeName)")
                }
                var j = 0
                while j < elements.count {
                    let before = j
                    let stopped = try run(body, elements[...], &j, into: &out, inIteration: true)
                    if stopped || j == before { break }
                }
            case .directive(let d, let params, let colon, let at):
                let arg = try next(d)
                let width = params.first.flatMap { $0 } ?? 0
                var piece: String
                var padLeft = true
                switch d {
                case "a":
                    if case .int(let n) = arg.primary { piece = Builtins.decimalString(n) } else { piece = Printer.displayForm(arg.primary) }
                    padLeft = at
                case "s":
                    piece = Printer.printForm(arg.primary)
                    padLeft = at
                case "d":
                    if case .int(let n) = arg.primary {
                        piece = decimal(n, group: colon, sign: at)
                    } else {
                        piece = Printer.displayForm(arg.primary)
                    }
                default: // "f"
                    let decimals = params.count > 1 ? params[1] : nil
                    piece = try fixed(arg.primary, decimals: decimals)
                    if at, !piece.hasPrefix("-") { piece = "+" + piece }
                }
                if width > 0, case let len = StringOps.scalarCount(piece), width > len {
                    let pad = String(repeating: " ", count: width - len)
                    piece = padLeft ? pad + piece : piece + pad
                }
                out += piece
            }
        }
        return false
    }

    static func decimal(_ n: Int, group: Bool, sign: Bool) -> String {
        if !group && !(sign && n >= 0) { return Builtins.decimalString(n) }
        var digits = String(n.magnitude)
        if group && digits.count > 3 {
            var grouped = ""
            for (k, ch) in digits.enumerated() {
                if k > 0 && (digits.count - k) % 3 == 0 { grouped += "," }
                grouped.append(ch)
            }
            digits = grouped
        }
        if n < 0 { return "-" + digits }
        return sign ? "+" + digits : digits
    }

    /// `~f` / `~,Nf` of a number.
    static func fixed(_ v: Value, decimals: Int?) throws -> String {
        let negative: Bool
        var digits: [UInt8]
        var pointPos: Int
        switch v {
        case .int(let n):
            guard let N = decimals else { return Printer.formatFloat(Double(n)) }
            negative = n < 0
            digits = Array(String(n.magnitude).utf8).map { $0 - 48 }
            pointPos = digits.count
            return (negative ? "-" : "") + roundedDecimal(digits, pointPos, max(0, N))
        case .float(let d):
            guard let N = decimals, d.isFinite else { return Printer.formatFloat(d) }
            negative = d.sign == .minus
            if let sd = FloatText.shortestDecimal(abs(d)) {
                (digits, pointPos) = sd
            } else {
                let sd = Printer.shortestDigits(abs(d))
                digits = decimalDigits(sd.digits)
                pointPos = sd.pointPos
            }
            return (negative ? "-" : "") + roundedDecimal(digits, pointPos, max(0, N))
        default:
            throw OVSMError(.type, "format: ~f expects a number, got \(v.typeName)")
        }
    }

    /// Digit characters → digit values (anything else counts as 0; never traps).
    static func decimalDigits(_ chars: [Character]) -> [UInt8] {
        chars.map { UInt8(clamping: $0.wholeNumberValue ?? 0) }
    }

    /// The decimal 0.d₁d₂… × 10^pointPos rounded half away from zero to `n` fractional
    /// digits, laid out positionally (no point when n = 0).
    static func roundedDecimal(_ digits: [UInt8], _ pointPos: Int, _ n: Int) -> String {
        let kept = roundedDigits(digits, pointPos, n)
        // At least n + 1 digits (zeros in front), the point before the last n; written as
        // bytes (joining a string per digit cost ~3,000 instructions a number).
        let total = max(kept.count, n + 1)
        let pad = total - kept.count
        return String(unsafeUninitializedCapacity: total + (n > 0 ? 1 : 0)) { out in
            var k = 0
            for idx in 0..<total {
                if n > 0 && idx == total - n { out[k] = UInt8(ascii: "."); k += 1 }
                out[k] = UInt8(ascii: "0") &+ (idx < pad ? 0 : kept[idx - pad])
                k += 1
            }
            return k
        }
    }

    /// Digits of round(value × 10^n) (half away from zero), most significant first; at
    /// least one digit.
    static func roundedDigits(_ digits: [UInt8], _ pointPos: Int, _ n: Int) -> [UInt8] {
        let keep = pointPos + n
        if keep < 0 { return [0] }
        var kept: [UInt8]
        var roundUp = false
        if keep >= digits.count {
            kept = digits + [UInt8](repeating: 0, count: keep - digits.count)
        } else {
            kept = Array(digits[0..<keep])
            roundUp = digits[keep] >= 5
        }
        if roundUp {
            var k = kept.count - 1
            while k >= 0 {
                if kept[k] == 9 { kept[k] = 0; k -= 1 } else { kept[k] += 1; break }
            }
            if k < 0 { kept.insert(1, at: 0) }
        }
        while kept.count > 1 && kept[0] == 0 { kept.removeFirst() }
        return kept.isEmpty ? [0] : kept
    }
}

extension Builtins {
    /// `(format nil control args...)` as a Swift call (used by `error`).
    static func formatString(_ control: String, _ args: [Value]) throws -> String {
        try Format.formatString(control, args)
    }
}
