/// The string builtin group (spec §8.4, §17.1, §17.2). Indices and lengths count Unicode
/// scalars. Polymorphic sequence functions (length, reverse, substring, …) live in the
/// collections group; `format` in the system group.
extension Builtins {
    static var strings: [Builtin] {
        strBuilding + strCase + strSearch + strCompare + strCharClasses + strRegex
    }

    // MARK: building and splitting

    /// `str` / `join` of strings and ints only (labels and keys such as `(str "k" i)`, a
    /// `join` of 100,000 such labels), written in one pass into a string of the exact size:
    /// `out += String(i)` formatted each int through the generic integer printer and
    /// appended small strings piecewise (~500 instructions per int), and a growing `out`
    /// was copied at every doubling. The UTF-8 length of the result with `separator`
    /// between the pieces, or nil when another kind of value is present.
    static func joinedLength(_ args: [Value], separator: Int = 0) -> Int? {
        var total = args.isEmpty ? 0 : separator * (args.count - 1)
        for a in args {
            guard let n = pieceLength(a) else { return nil }
            total += n
        }
        return total
    }

    /// The UTF-8 length of a string or an int's decimal form (the pieces `str` writes
    /// without the printer); nil for anything else.
    @inline(__always) static func pieceLength(_ v: Value) -> Int? {
        switch v {
        case .string(let s): return s.utf8.count
        case .int(let i): return decimalLength(i)
        default: return nil
        }
    }

    /// The strings and ints of `args` (checked by `joinedLength`, which gave `length`)
    /// joined by `separator`.
    static func joinStringsAndInts(_ args: [Value], separator: String = "", length: Int) -> String {
        String(unsafeUninitializedCapacity: length) { buf in
            guard let out = buf.baseAddress else { return 0 }
            var at = 0
            let hasSeparator = !separator.isEmpty
            // Elements are matched in place (a buffer pointer, no `enumerated()`): no copy
            // of each `Value` and its reference count per piece.
            args.withUnsafeBufferPointer { vals in
                for k in vals.indices {
                    if hasSeparator && k > 0 { at += copyUTF8(separator, to: out + at) }
                    at += writePiece(vals[k], to: out + at)
                }
            }
            return at
        }
    }

    /// Copies the UTF-8 bytes of `s` to `p`; returns how many.
    @inline(__always) static func copyUTF8(_ s: String, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let copied = s.utf8.withContiguousStorageIfAvailable { src -> Int in
            if let base = src.baseAddress { p.update(from: base, count: src.count) }
            return src.count
        }
        if let copied { return copied }
        var n = 0
        for b in s.utf8 { p[n] = b; n += 1 }
        return n
    }

    /// Number of bytes of `i` in decimal (with its minus sign).
    @inline(__always) static func decimalLength(_ i: Int) -> Int {
        digitCount(i.magnitude) + (i < 0 ? 1 : 0)
    }

    /// Decimal digits of `m`, by comparisons (a division per digit was ~8 instructions
    /// each, and every int printed counts its digits first).
    @inline(__always) static func digitCount(_ m: UInt) -> Int {
        if m < 10_000 { return m < 100 ? (m < 10 ? 1 : 2) : (m < 1_000 ? 3 : 4) }
        if m < 100_000_000 { return m < 1_000_000 ? (m < 100_000 ? 5 : 6) : (m < 10_000_000 ? 7 : 8) }
        if m < 1_000_000_000_000 {
            return m < 10_000_000_000 ? (m < 1_000_000_000 ? 9 : 10) : (m < 100_000_000_000 ? 11 : 12)
        }
        if m < 10_000_000_000_000_000 {
            return m < 100_000_000_000_000 ? (m < 10_000_000_000_000 ? 13 : 14)
                                           : (m < 1_000_000_000_000_000 ? 15 : 16)
        }
        return m < 1_000_000_000_000_000_000 ? (m < 100_000_000_000_000_000 ? 17 : 18)
                                             : (m < 10_000_000_000_000_000_000 ? 19 : 20)
    }

    /// "00" "01" … "99": `writeDecimal` writes two digits per division.
    @inline(__always) static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    /// `i` in decimal, written straight into the string's storage (`String(i)` went
    /// through the generic integer printer: ~300 instructions an int).
    /// The capacity is the exact length: up to 15 bytes the string is stored inline, with
    /// no allocation (a capacity of 20 allocated every time).
    static func decimalString(_ i: Int) -> String {
        let n = decimalLength(i)
        return String(unsafeUninitializedCapacity: n) { writeDecimal(i, length: n, into: $0.baseAddress!) }
    }

    /// Writes `i` in decimal at `p`; returns the bytes written.
    @inline(__always) static func writeDecimal(_ i: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        writeDecimal(i, length: decimalLength(i), into: p)
    }

    /// `writeDecimal` when the length (`decimalLength(i)`) is known.
    @inline(__always) static func writeDecimal(_ i: Int, length n: Int, into p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = i.magnitude
        var k = n - 1
        let pairs = digitPairs.utf8Start
        while m >= 100 {
            let q = m / 100
            let r = Int(truncatingIfNeeded: m &- q &* 100) &* 2
            p[k] = pairs[r &+ 1]
            p[k - 1] = pairs[r]
            k -= 2
            m = q
        }
        if m >= 10 {
            let r = Int(truncatingIfNeeded: m) &* 2
            p[k] = pairs[r &+ 1]
            p[k - 1] = pairs[r]
        } else {
            p[k] = UInt8(truncatingIfNeeded: m) &+ 48
        }
        if i < 0 { p[0] = 45 }
        return n
    }

    /// Writes a string's UTF-8 or an int's decimal form at `p` (the pieces `pieceLength`
    /// measures); returns the bytes written.
    @inline(__always) static func writePiece(_ v: Value, to p: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case .string(let s): return copyUTF8(s, to: p)
        case .int(let i): return writeDecimal(i, into: p)
        default: return 0
        }
    }

    /// `str` of any number of arguments.
    @Sendable static func strBody(_ args: [Value], _ interp: Interpreter) throws -> Value {
        if args.count == 1, case .string = args[0] { return args[0] }
        if let length = joinedLength(args) {
            try interp.noteSize(length, "str")
            return .string(joinStringsAndInts(args, length: length))
        }
        var out = ""
        for a in args {
            // Strings and ints (the usual key/label parts) skip the printer.
            switch a {
            case .string(let s): out += s
            case .int(let i): out += decimalString(i)
            default: Printer.write(a, into: &out, display: true)
            }
        }
        try interp.noteSize(out.utf8.count, "str")
        return .string(out)
    }

    static var strBuilding: [Builtin] {
        [
            Builtin("str", min: 0, max: nil,
                    doc: "(str a...) — concatenation of the display forms of the arguments; (str) is \"\"",
                    unary: { x, interp in
                        switch x {
                        case .string: return x
                        case .int(let i):
                            try interp.checkCancel()   // as noteSize does for every result
                            return .string(decimalString(i))
                        default: return try strBody([x], interp)
                        }
                    },
                    binary: { x, y, interp in
                        // `(str "w" n)`: two strings or ints joined without an argument array.
                        if let lx = pieceLength(x), let ly = pieceLength(y) {
                            try interp.noteSize(lx + ly, "str")
                            return .string(String(unsafeUninitializedCapacity: lx + ly) { buf in
                                guard let out = buf.baseAddress else { return 0 }
                                let n = writePiece(x, to: out)
                                return n + writePiece(y, to: out + n)
                            })
                        }
                        return try strBody([x, y], interp)
                    }, strBody),
            Builtin("concat", aliases: ["concatenate"], min: 0, max: nil,
                    doc: "(concat a...) — arrays: their concatenation; otherwise like str (display forms joined)") { args, interp in
                let arrays = args.contains { if case .array = $0 { true } else { false } }
                var startsWithString = false
                if case .string? = args.first { startsWithString = true }
                if startsWithString || !arrays {
                    let text = strDisplayJoin(args)
                    try interp.noteSize(text.utf8.count, "concat")
                    return .string(text)
                }
                var out: [Value] = []
                for a in args {
                    switch a {
                    case .array(let xs): Coll.appendElements(xs, 0..<xs.count, to: &out)
                    case .null: break
                    default: throw OVSMError.type("concat: cannot concatenate \(a.typeName) to arrays")
                    }
                }
                try interp.noteSize(out.count * 16, "concat")
                return .array(out)
            },
            Builtin("split", doc: "(split s sep) — array of the pieces of s between occurrences of sep (empty pieces kept); sep \"\" splits into characters", binary: { arg0, arg1, _ in
                .array(StringOps.split(try Arg.string(arg0, "split"), try Arg.string(arg1, "split")))
            }),
            Builtin("join", min: 1, max: 2,
                    doc: "(join coll [sep]) — the display forms of the elements of coll joined by sep (default \"\")") { args, interp in
                var coll = args[0], sepV: Value = args.count > 1 ? args[1] : .string("")
                if case .string = coll, args.count > 1, case .array = args[1] { swap(&coll, &sepV) }
                let xs = try Arg.array(coll, "join")
                let sep = try Arg.string(sepV, "join")
                if let length = joinedLength(xs, separator: sep.utf8.count) {
                    try interp.noteSize(length, "join")      // before the bytes are allocated
                    return .string(joinStringsAndInts(xs, separator: sep, length: length))
                }
                var out = ""
                for (i, x) in xs.enumerated() {
                    if i > 0 { out += sep }
                    Printer.write(x, into: &out, display: true)
                }
                try interp.noteSize(out.utf8.count, "join")
                return .string(out)
            },
            Builtin("replace", arity: 3,
                    doc: "(replace s old new) — s with every occurrence of old (non-empty) replaced by new") { args, _ in
                let s = try Arg.string(args[0], "replace")
                let old = try Arg.string(args[1], "replace")
                let new = try Arg.string(args[2], "replace")
                guard !old.isEmpty else { throw OVSMError.type("replace: the string to replace must not be empty") }
                return .string(StringOps.replace(s, old, new))
            },
            Builtin("trim", doc: "(trim s) — s without leading and trailing whitespace", unary: { arg0, _ in
                .string(StringOps.trimmed(try Arg.string(arg0, "trim"), left: true, right: true))
            }),
            Builtin("trim-left", doc: "(trim-left s) — s without leading whitespace", unary: { arg0, _ in
                .string(StringOps.trimmed(try Arg.string(arg0, "trim-left"), left: true, right: false))
            }),
            Builtin("trim-right", doc: "(trim-right s) — s without trailing whitespace", unary: { arg0, _ in
                .string(StringOps.trimmed(try Arg.string(arg0, "trim-right"), left: false, right: true))
            }),
            Builtin("pad-left", min: 2, max: 3,
                    doc: "(pad-left s width [ch]) — s padded on the left with ch (default \" \") to width scalars; never truncates") { args, _ in
                try strPad(args, "pad-left", left: true)
            },
            Builtin("pad-right", min: 2, max: 3,
                    doc: "(pad-right s width [ch]) — s padded on the right with ch (default \" \") to width scalars; never truncates") { args, _ in
                try strPad(args, "pad-right", left: false)
            },
            Builtin("chars", doc: "(chars s) — array of the 1-character strings of s", unary: { arg0, _ in
                .array(StringOps.split(try Arg.string(arg0, "chars"), ""))
            }),
            Builtin("char-at", aliases: ["charAt", "charat"], doc: "(char-at s i) — the character at scalar index i of s as a 1-character string; out of range is an index error", binary: { arg0, arg1, _ in
                let s = try Arg.string(arg0, "char-at")
                let i = try Arg.int(arg1, "char-at")
                guard let c = StringOps.charString(s, at: i) else {
                    throw OVSMError.index("char-at: index \(i) out of range for a string of length \(StringOps.scalarCount(s))")
                }
                return .string(c)
            }),
            Builtin("ord", doc: "(ord s) — the code point of the first character of s", unary: { arg0, _ in
                let s = try Arg.string(arg0, "ord")
                guard let c = StringOps.firstScalarValue(s) else { throw OVSMError.type("ord: empty string") }
                return .int(c)
            }),
            Builtin("chr", doc: "(chr n) — the 1-character string of code point n", unary: { arg0, _ in
                let n = try Arg.int(arg0, "chr")
                guard let u = UInt32(exactly: n), let c = Unicode.Scalar(u) else {
                    throw OVSMError.type("chr: \(n) is not a Unicode scalar value")
                }
                return .string(StringOps.charString(c))
            }),
            Builtin("byte-at", doc: "(byte-at s i) — byte i (0–255) of the UTF-8 encoding of s, or null when out of range", binary: { arg0, arg1, _ in
                let s = try Arg.string(arg0, "byte-at")
                let i = try Arg.int(arg1, "byte-at")
                let u = s.utf8
                guard i >= 0, i < u.count else { return .null }
                return .int(Int(u[u.index(u.startIndex, offsetBy: i)]))
            }),
            Builtin("prin1-to-string", doc: "(prin1-to-string v) — the print form of v as a string", unary: { arg0, _ in
                .string(Printer.printForm(arg0))
            }),
            Builtin("princ-to-string", doc: "(princ-to-string v) — the display form of v as a string", unary: { arg0, _ in
                .string(Printer.displayForm(arg0))
            }),
        ]
    }

    static func strDisplayJoin(_ args: [Value]) -> String {
        var out = ""
        for a in args { Printer.write(a, into: &out, display: true) }
        return out
    }

    /// `pad-left`/`pad-right`: s (a string, or a number in display form) padded with the
    /// scalars of ch repeated (the last repetition cut to fit).
    static func strPad(_ args: [Value], _ fn: String, left: Bool) throws -> Value {
        let s: String
        switch args[0] {
        case .string(let x): s = x
        case .int, .float: s = Printer.displayForm(args[0])
        default: throw OVSMError.type("\(fn): expected a string, got \(args[0].typeName)")
        }
        let width = try Arg.int(args[1], fn)
        let ch = args.count > 2 ? try Arg.string(args[2], fn) : " "
        guard !ch.isEmpty else { throw OVSMError.type("\(fn): the padding string must not be empty") }
        let have = StringOps.scalarCount(s)
        guard width > have else { return .string(s) }
        guard width <= StringOps.maxBuiltLength else {
            throw OVSMError.limit("\(fn): width \(width) exceeds the maximum string length \(StringOps.maxBuiltLength)")
        }
        var padding = String.UnicodeScalarView()
        let unit = Array(ch.unicodeScalars)
        for k in 0..<(width - have) { padding.append(unit[k % unit.count]) }
        let p = String(padding)
        return .string(left ? p + s : s + p)
    }

    // MARK: case

    static var strCase: [Builtin] {
        [
            Builtin("upper", aliases: ["string-upcase", "toUpperCase", "touppercase"], doc: "(upper s) — s in upper case (Unicode default case mapping)", unary: { arg0, _ in
                .string(try Arg.string(arg0, "upper").uppercased())
            }),
            Builtin("lower", aliases: ["string-downcase", "toLowerCase", "tolowercase"], doc: "(lower s) — s in lower case (Unicode default case mapping)", unary: { arg0, _ in
                .string(try Arg.string(arg0, "lower").lowercased())
            }),
            Builtin("capitalize", doc: "(capitalize s) — s with its first character upper-cased, the rest unchanged", unary: { arg0, _ in
                let s = try Arg.string(arg0, "capitalize")
                let u = s.unicodeScalars
                guard let first = u.first else { return arg0 }
                return .string(String(first).uppercased() + String(u[u.index(after: u.startIndex)...]))
            }),
        ]
    }

    // MARK: prefix / suffix

    static var strSearch: [Builtin] {
        [
            Builtin("starts-with?", doc: "(starts-with? s prefix) — true when s begins with prefix", binary: { arg0, arg1, _ in
                .bool(StringOps.hasPrefix(try Arg.string(arg0, "starts-with?"), try Arg.string(arg1, "starts-with?")))
            }),
            Builtin("ends-with?", doc: "(ends-with? s suffix) — true when s ends with suffix", binary: { arg0, arg1, _ in
                .bool(StringOps.hasSuffix(try Arg.string(arg0, "ends-with?"), try Arg.string(arg1, "ends-with?")))
            }),
        ]
    }

    // MARK: comparison

    static var strCompare: [Builtin] {
        func cmp(_ name: String, _ aliases: [String], _ what: String, _ ok: @escaping @Sendable (Int) -> Bool) -> Builtin {
            Builtin(name, aliases: aliases, arity: 2,
                    doc: "(\(name) a b) — true when string a \(what) string b (case-sensitive, by scalar value)") { args, _ in
                let a = try Arg.string(args[0], name), b = try Arg.string(args[1], name)
                return .bool(ok(compareScalars(a, b)))
            }
        }
        return [
            cmp("string=", ["string-equal"], "equals") { $0 == 0 },
            cmp("string<", ["string-lessp"], "sorts before") { $0 < 0 },
            cmp("string>", ["string-greaterp"], "sorts after") { $0 > 0 },
        ]
    }

    // MARK: character classes

    static var strCharClasses: [Builtin] {
        func cls(_ name: String, _ alias: String, _ what: String,
                 _ test: @escaping @Sendable (Unicode.Scalar) -> Bool) -> Builtin {
            Builtin(name, aliases: [alias], arity: 1,
                    doc: "(\(name) s) — true when s is a non-empty string whose every character is \(what)") { args, _ in
                let s = try Arg.string(args[0], name)
                return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(test))
            }
        }
        @Sendable func numeric(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: return true
            default: return false
            }
        }
        return [
            cls("is-digit?", "isdigit?", "numeric (Unicode Nd, Nl or No)", numeric),
            cls("is-alpha?", "isalpha?", "alphabetic (Unicode Alphabetic)") { $0.properties.isAlphabetic },
            cls("is-alnum?", "isalnum?", "alphabetic or numeric") { $0.properties.isAlphabetic || numeric($0) },
            cls("is-space?", "isspace?", "whitespace (Unicode White_Space)") { StringOps.isSpace($0) },
        ]
    }
}
