/// Polymorphic sequence builtins (spec §8.4/§8.5): they accept arrays and strings (strings
/// index by Unicode scalar and yield 1-character strings); `null` acts as an empty sequence.
extension Builtins {
    static var seqBuiltins: [Builtin] {
        [
            Builtin("length", aliases: ["len", "count"], doc: "(length x) — number of elements of an array, Unicode scalars of a string, or keys of an object; null → 0", unary: { arg0, _ in
                switch arg0 {
                case .null: return .int(0)
                case .array(let xs): return .int(xs.count)
                case .string(let s): return .int(StringOps.scalarCount(s))
                case .object(let o): return .int(o.count)
                default: throw OVSMError.type("length: expected an array, string or object, got \(arg0.typeName)")
                }
            }),
            Builtin("reverse", doc: "(reverse seq) — the elements of an array, or the scalars of a string, in reverse order", unary: { arg0, _ in
                switch arg0 {
                case .null: return .emptyArray
                case .array(let xs): return .array(xs.reversed())
                case .string(let s): return .string(StringOps.reversedScalars(s))
                default: throw OVSMError.type("reverse: expected an array or string, got \(arg0.typeName)")
                }
            }),
            Builtin("index-of", aliases: ["indexof"], doc: "(index-of seq x) — first position of substring x in a string, or of an element = x in an array; null if absent", binary: { arg0, arg1, _ in
                try SeqOps.indexOf(arg0, arg1, last: false, "index-of")
            }),
            Builtin("last-index-of", aliases: ["lastIndexOf", "lastindexof"], doc: "(last-index-of seq x) — last position of substring x in a string, or of an element = x in an array; null if absent", binary: { arg0, arg1, _ in
                try SeqOps.indexOf(arg0, arg1, last: true, "last-index-of")
            }),
            Builtin("contains", aliases: ["includes", "string-contains", "elem"], arity: 2,
                    doc: "(contains coll x) — true iff a string contains substring x, an array has an element = x, or an object has key x") { a, _ in
                switch a[0] {
                case .null: return .false
                case .array(let xs): return .bool(xs.contains { ovsmEqual($0, a[1]) })
                case .string(let s):
                    let needle = try Arg.string(a[1], "contains")
                    return .bool(Coll.stringSearch(s, needle, last: false) != nil)
                case .object(let o): return .bool(o.contains(try Arg.key(a[1], "contains")))
                default: throw OVSMError.type("contains: expected a string, array or object, got \(a[0].typeName)")
                }
            },
            Builtin("first", aliases: ["car", "head"], doc: "(first seq) — the first element (a 1-character string for strings), or null if empty", unary: { arg0, _ in
                try SeqOps.element(arg0, 0, "first")
            }),
            Builtin("second", doc: "(second seq) — the second element (a 1-character string for strings), or null if missing", unary: { arg0, _ in
                try SeqOps.element(arg0, 1, "second")
            }),
            Builtin("third", doc: "(third seq) — the third element (a 1-character string for strings), or null if missing", unary: { arg0, _ in
                try SeqOps.element(arg0, 2, "third")
            }),
            Builtin("last", doc: "(last seq) — the last element (a 1-character string for strings), or null if empty", unary: { arg0, _ in
                switch arg0 {
                case .null: return .null
                case .array(let xs): return xs.last ?? .null
                case .string(let s): return StringOps.lastCharString(s).map { .string($0) } ?? .null
                default: throw OVSMError.type("last: expected an array or string, got \(arg0.typeName)")
                }
            }),
            Builtin("rest", aliases: ["cdr", "tail"], doc: "(rest seq) — all but the first element ([] for an empty array or null; a string gives a string)", unary: { arg0, _ in
                switch arg0 {
                case .null: return .emptyArray
                case .array(let xs): return .array(xs.isEmpty ? [] : Coll.copyElements(xs, 1..<xs.count))
                case .string(let s): return .string(StringOps.scalarSlice(s, from: 1, to: .max))
                default: throw OVSMError.type("rest: expected an array or string, got \(arg0.typeName)")
                }
            }),
            Builtin("butlast", aliases: ["init"], doc: "(butlast seq) — all but the last element ([] for an empty array or null; a string gives a string)", unary: { arg0, _ in
                switch arg0 {
                case .null: return .emptyArray
                case .array(let xs): return .array(xs.isEmpty ? [] : Coll.copyElements(xs, 0..<(xs.count - 1)))
                case .string(let s): return .string(StringOps.droppingLastScalar(s))
                default: throw OVSMError.type("butlast: expected an array or string, got \(arg0.typeName)")
                }
            }),
            Builtin("nth", aliases: ["elt", "aref"], arity: 2,
                    doc: "(nth seq i) — element i (0-based; a 1-character string for strings); (nth i seq) also accepted; negative or out of range → index error") { a, _ in
                let (seq, i) = try Arg.seqAndInt(a, "nth")
                return try SeqOps.strictElement(seq, i, "nth")
            },
            Builtin("substring", aliases: ["subseq", "slice"], min: 2, max: 3,
                    doc: "(substring seq start [end]) — elements start..end-1 of a string or array; needs 0 ≤ start ≤ end ≤ length, else index error") { a, _ in
                try SeqOps.slice(a, "substring")
            },
            Builtin("repeat", doc: "(repeat x n) — a string repeated n times; an array's elements repeated n times; any other x → array of n copies", binary: { arg0, arg1, _ in
                let n = try Arg.int(arg1, "repeat")
                if n < 0 { throw OVSMError.type("repeat: count must be non-negative, got \(n)") }
                switch arg0 {
                case .string(let s):
                    if s.isEmpty || n == 0 { return .string("") }
                    _ = try Coll.checkedProduct(StringOps.scalarCount(s), n, "repeat")
                    return .string(String(repeating: s, count: n))
                case .array(let xs):
                    if xs.isEmpty || n == 0 { return .emptyArray }
                    let total = try Coll.checkedProduct(xs.count, n, "repeat")
                    var out: [Value] = []
                    out.reserveCapacity(total)
                    for _ in 0..<n { out.append(contentsOf: xs) }
                    return .array(out)
                default:
                    _ = try Coll.checkedProduct(1, n, "repeat")
                    return .array(Array(repeating: arg0, count: n))
                }
            }),
            Builtin("take", arity: 2,
                    doc: "(take seq n) — the first n elements (clamped to the length); (take n seq) also accepted; n < 0 → type error") { a, _ in
                let (seq, n) = try Arg.seqAndInt(a, "take")
                if n < 0 { throw OVSMError.type("take: count must be non-negative, got \(n)") }
                switch seq {
                case .null: return .emptyArray
                case .array(let xs): return .array(Coll.copyElements(xs, 0..<min(n, xs.count)))
                case .string(let s): return .string(StringOps.scalarSlice(s, from: 0, to: n))
                default: throw OVSMError.type("take: expected an array or string, got \(seq.typeName)")
                }
            },
            Builtin("drop", arity: 2,
                    doc: "(drop seq n) — all but the first n elements (clamped); (drop n seq) also accepted; n < 0 → type error") { a, _ in
                let (seq, n) = try Arg.seqAndInt(a, "drop")
                if n < 0 { throw OVSMError.type("drop: count must be non-negative, got \(n)") }
                switch seq {
                case .null: return .emptyArray
                case .array(let xs): return .array(Coll.copyElements(xs, min(n, xs.count)..<xs.count))
                case .string(let s): return .string(StringOps.scalarSlice(s, from: n, to: .max))
                default: throw OVSMError.type("drop: expected an array or string, got \(seq.typeName)")
                }
            },
        ]
    }
}

/// Implementation helpers of the polymorphic sequence builtins.
enum SeqOps {
    /// Element `i` of a sequence, or null when missing (first/second/third).
    static func element(_ v: Value, _ i: Int, _ fn: String) throws -> Value {
        switch v {
        case .null: return .null
        case .array(let xs): return i < xs.count ? xs[i] : .null
        case .string(let s):
            return StringOps.charString(s, at: i).map { .string($0) } ?? .null
        default: throw OVSMError.type("\(fn): expected an array or string, got \(v.typeName)")
        }
    }

    /// Element `i` of a sequence; negative or out of range → `index` (nth/elt/aref).
    static func strictElement(_ v: Value, _ i: Int, _ fn: String) throws -> Value {
        switch v {
        case .null:
            throw OVSMError.index("\(fn): index \(i) out of range for an empty sequence")
        case .array(let xs):
            guard i >= 0 && i < xs.count else {
                throw OVSMError.index("\(fn): index \(i) out of range for length \(xs.count)")
            }
            return xs[i]
        case .string(let s):
            if let c = StringOps.charString(s, at: i) { return .string(c) }
            throw OVSMError.index("\(fn): index \(i) out of range for length \(StringOps.scalarCount(s))")
        default:
            throw OVSMError.type("\(fn): expected an array or string, got \(v.typeName)")
        }
    }

    static func indexOf(_ seq: Value, _ x: Value, last: Bool, _ fn: String) throws -> Value {
        switch seq {
        case .null: return .null
        case .array(let xs):
            let i = last ? xs.lastIndex { ovsmEqual($0, x) } : xs.firstIndex { ovsmEqual($0, x) }
            return i.map { .int($0) } ?? .null
        case .string(let s):
            let needle = try Arg.string(x, fn)
            guard let found = Coll.stringSearch(s, needle, last: last) else { return .null }
            return .int(found.scalar)
        default:
            throw OVSMError.type("\(fn): expected a string or array, got \(seq.typeName)")
        }
    }

    /// `(substring seq start [end])` for strings and arrays.
    static func slice(_ a: [Value], _ fn: String) throws -> Value {
        let start = try Arg.int(a[1], fn)
        func bounds(_ length: Int) throws -> (Int, Int) {
            var end = length
            if a.count > 2 {
                if case .null = a[2] {} else { end = try Arg.int(a[2], fn) }
            }
            guard start >= 0, start <= end, end <= length else {
                throw OVSMError.index("\(fn): range \(start)..\(end) out of bounds for length \(length)")
            }
            return (start, end)
        }
        switch a[0] {
        case .null:
            _ = try bounds(0)
            return .emptyArray
        case .array(let xs):
            let (s, e) = try bounds(xs.count)
            return .array(Coll.copyElements(xs, s..<e))
        case .string(let str):
            let n = StringOps.scalarCount(str)
            let (s, e) = try bounds(n)
            if s == 0 && e == n { return .string(str) }
            if n == str.utf8.count {
                // ASCII: scalar positions are byte positions; the bytes are copied
                // straight out (a scalar-view slice converted scalar by scalar).
                var bytes = str
                return .string(bytes.withUTF8 { StringOps.string($0, s, e) })
            }
            let scalars = str.unicodeScalars
            let lo = scalars.index(scalars.startIndex, offsetBy: s)
            let hi = scalars.index(lo, offsetBy: e - s)
            return .string(String(str.unicodeScalars[lo..<hi]))
        default:
            throw OVSMError.type("\(fn): expected a string or array, got \(a[0].typeName)")
        }
    }
}
