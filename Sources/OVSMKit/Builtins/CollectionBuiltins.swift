#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The collections builtin group: sequences (arrays and strings), higher-order functions,
/// objects and the upstream-compatibility collection helpers (spec §8.4–§8.7, §17.2).
///
/// Everything here treats collections as immutable values: a builtin that "changes" a
/// collection builds a new one (spec §2). Long loops poll `interp.checkCancel()` so a
/// host can stop them (spec §12), and builders that could grow without bound raise
/// `limit` past `Coll.maxElements` instead of exhausting memory.
extension Builtins {
    static var collections: [Builtin] {
        seqBuiltins + arrayBuiltins + hofBuiltins + objectBuiltins + compatCollectionBuiltins
    }
}

/// Shared helpers of the collections group.
enum Coll {
    /// Largest collection a builtin will build (elements, or scalars for strings).
    static let maxElements = 100_000_000

    /// Throws `limit` when a result of `n` elements would be too large.
    @inline(__always) static func checkSize(_ n: Int, _ fn: String) throws {
        if n > maxElements {
            throw OVSMError.limit("\(fn): result of \(n) elements exceeds the limit of \(maxElements)")
        }
    }

    /// `a * b` for non-negative sizes, raising `limit` when too large (or overflowing).
    static func checkedProduct(_ a: Int, _ b: Int, _ fn: String) throws -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || p > maxElements {
            throw OVSMError.limit("\(fn): result exceeds the limit of \(maxElements) elements")
        }
        return p
    }

    /// Appends `xs[range]` to `out` element by element. `append(contentsOf:)` and
    /// `Array(slice)` copy through the runtime's generic array copy, which calls `Value`'s
    /// copy witness per element (~65 instructions each); this loop copies inline.
    @inline(__always) static func appendElements(_ xs: [Value], _ range: Range<Int>, to out: inout [Value]) {
        xs.withUnsafeBufferPointer { b in
            for i in range { out.append(copy(b[i])) }
        }
    }

    /// A copy of `v`; a scalar is rebuilt from its payload, without the call of `Value`'s
    /// outlined copy (a switch over every case) that a plain copy makes.
    @inline(__always) static func copy(_ v: Value) -> Value {
        switch v {
        case .int(let n): return .int(n)
        case .float(let d): return .float(d)
        case .null: return .null
        case .bool(let t): return .bool(t)
        default: return v
        }
    }

    /// `xs[range]` as a new array (see `appendElements`).
    @inline(__always) static func copyElements(_ xs: [Value], _ range: Range<Int>) -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(range.count)
        appendElements(xs, range, to: &out)
        return out
    }

    /// Polls cancellation every 1024 iterations of a long loop.
    @inline(__always) static func tick(_ i: Int, _ interp: Interpreter) throws {
        if i & 1023 == 1023 {
            try interp.checkCancel()
            if i & 0xFFFF == 0xFFFF { try interp.checkMemory(nil) }
        }
    }

    /// A one-scalar string.
    @inline(__always) static func char(_ s: Unicode.Scalar) -> Value {
        .string(StringOps.charString(s))
    }

    /// A new function value (prints `#<function NAME>`) running `body`; `unary`, when
    /// given, must compute what `body` computes for one argument (a call site with one
    /// argument then passes it without an argument array).
    static func makeFunction(_ name: String, doc: String,
                             unary: (@Sendable (Value, Interpreter) throws -> Value)? = nil,
                             _ body: @escaping @Sendable ([Value], Interpreter) throws -> Value) -> Value {
        .function(Function(builtin: Builtin(name, min: 0, max: nil, doc: doc, unary: unary, binary: nil, body)))
    }

    /// Stable merge sort. `before(x, y)` true means x must come before y; elements for
    /// which neither comes first keep their original order (spec §16: sorts are stable).
    /// The sort moves positions (plain ints), not the elements: moving a `Value` costs a
    /// copy and a destroy through its witnesses, and each store into a `[T]` a uniqueness
    /// check. The elements are read in place for each comparison and gathered once at
    /// the end.
    @inline(__always) static func stableSort<T>(_ input: [T], _ interp: Interpreter,
                              _ before: (T, T) throws -> Bool) throws -> [T] {
        let n = input.count
        if n < 2 { return input }
        return try input.withUnsafeBufferPointer { items in
            let order = try stableOrder(n, interp) { a, b in try before(items[a], items[b]) }
            var out: [T] = []
            out.reserveCapacity(n)
            for i in order { out.append(items[i]) }
            return out
        }
    }

    /// The positions 0..<n in stable sorted order (`before(a, b)`: position a's element
    /// must come before position b's): insertion sort of runs of 16, then merges between
    /// two buffers. A throwing `before` leaves nothing half-moved: positions are ints.
    @inline(__always) static func stableOrder(_ n: Int, _ interp: Interpreter, _ before: (Int, Int) throws -> Bool) throws -> [Int] {
        var first = Array(0..<n)
        var second = [Int](repeating: 0, count: n)
        let run = 16
        let resultInFirst = try first.withUnsafeMutableBufferPointer { fp -> Bool in
            try second.withUnsafeMutableBufferPointer { sp -> Bool in
                var src = fp.baseAddress.unsafelyUnwrapped
                var dst = sp.baseAddress.unsafelyUnwrapped
                // Insertion-sort short runs: an element moves left only past elements it
                // must precede.
                var start = 0
                while start < n {
                    let end = Swift.min(start + run, n)
                    var i = start + 1
                    while i < end {
                        let x = src[i]
                        var j = i
                        while j > start, try before(x, src[j - 1]) {
                            src[j] = src[j - 1]
                            j -= 1
                        }
                        src[j] = x
                        i += 1
                    }
                    start = end
                }
                try interp.checkCancel()
                var inFirst = true
                var width = run
                while width < n {
                    var lo = 0
                    while lo < n {
                        let mid = Swift.min(lo + width, n)
                        let hi = Swift.min(lo + 2 * width, n)
                        var i = lo, j = mid, k = lo
                        while i < mid && j < hi {
                            // Take from the right run only when it must precede the left element.
                            if try before(src[j], src[i]) {
                                dst[k] = src[j]; j += 1
                            } else {
                                dst[k] = src[i]; i += 1
                            }
                            k += 1
                        }
                        while i < mid { dst[k] = src[i]; i += 1; k += 1 }
                        while j < hi { dst[k] = src[j]; j += 1; k += 1 }
                        lo = hi
                    }
                    swap(&src, &dst)
                    inFirst.toggle()
                    width *= 2
                    try interp.checkCancel()
                }
                return inFirst
            }
        }
        return resultInFirst ? first : second
    }

    /// Finds `needle` in `hay` (UTF-8 bytes); returns the byte offset of the first (or last)
    /// match. Because UTF-8 is self-synchronising, a byte match of one valid string inside
    /// another always starts on a scalar boundary, so this is a scalar-sequence search.
    /// The forward search skips to candidate positions with `memchr`.
    static func byteSearch(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, last: Bool) -> Int? {
        let n = hay.count, m = needle.count
        if m == 0 { return last ? n : 0 }
        if m > n { return nil }
        guard let h = hay.baseAddress, let nd = needle.baseAddress else { return nil }
        @inline(__always) func matches(at i: Int) -> Bool { memcmp(h + i, nd, m) == 0 }
        if last {
            var i = n - m
            while i >= 0 {
                if h[i] == nd[0], matches(at: i) { return i }
                i -= 1
            }
            return nil
        }
        var i = 0
        let lastStart = n - m
        while i <= lastStart {
            guard let p = memchr(h + i, Int32(nd[0]), lastStart - i + 1) else { return nil }
            i = UnsafeRawPointer(p) - UnsafeRawPointer(h)
            if matches(at: i) { return i }
            i += 1
        }
        return nil
    }

    /// `(index-of s needle)` / `(contains s needle)` on strings: the byte offset of the match
    /// in `s`'s own UTF-8 storage (no copies), and the scalar index of that offset.
    static func stringSearch(_ s: String, _ needle: String, last: Bool) -> (byte: Int, scalar: Int)? {
        var s = s, needle = needle
        return s.withUTF8 { h in
            needle.withUTF8 { nd in
                guard let b = byteSearch(h, nd, last: last) else { return nil }
                guard let base = h.baseAddress else { return (b, 0) }
                return (b, StringOps.scalarCount(base, b))
            }
        }
    }
}

/// A `Value` usable as a Set/Dictionary key under spec §5 equality (`=`): equal values
/// hash equally (ints and floats hash by numeric value; objects ignore key order).
struct HashKey: Hashable {
    let value: Value
    init(_ value: Value) { self.value = value }

    static func == (a: HashKey, b: HashKey) -> Bool { ovsmEqual(a.value, b.value) }
    func hash(into h: inout Hasher) {
        var budget = HashKey.maxNodes
        HashKey.feed(value, &h, &budget)
    }

    /// Nodes of a value the hash looks at, in a fixed order: equal values still hash alike,
    /// and a value nested millions deep, or a DAG whose tree is exponentially large, hashes
    /// in bounded time and stack (spec §16).
    static let maxNodes = 256

    static func feed(_ v: Value, _ h: inout Hasher, _ budget: inout Int) {
        budget -= 1
        if budget < 0 { return }
        switch v {
        case .null: h.combine(0 as UInt8)
        case .bool(let b): h.combine(1 as UInt8); h.combine(b)
        case .int(let i): h.combine(2 as UInt8); h.combine(Double(i))
        case .float(let d): h.combine(2 as UInt8); h.combine(d)
        case .string(let s): h.combine(3 as UInt8); h.combine(s)
        case .keyword(let k): h.combine(4 as UInt8); h.combine(k.name)
        case .symbol(let s): h.combine(5 as UInt8); h.combine(s.name)
        case .array(let xs):
            h.combine(6 as UInt8); h.combine(xs.count)
            for x in xs {
                if budget < 0 { break }
                feed(x, &h, &budget)
            }
        case .object(let o): h.combine(7 as UInt8); h.combine(o.count)
        case .function(let f): h.combine(8 as UInt8); h.combine(ObjectIdentifier(f))
        case .macro(let m): h.combine(9 as UInt8); h.combine(ObjectIdentifier(m))
        case .multiple(let m): feed(m.primary, &h, &budget)
        }
    }
}

/// Builds an object whose keys are display forms, in first-seen order, without copying
/// the growing per-key values on every step (used by frequencies, group-by, count-by).
struct GroupBuilder<T> {
    private var order: [String] = []
    private var slots: [String: Int] = [:]
    private(set) var values: [T] = []

    /// The slot index for `key`, created with `initial` when new.
    mutating func slot(_ key: String, initial: @autoclosure () -> T) -> Int {
        if let i = slots[key] { return i }
        let i = values.count
        slots[key] = i
        order.append(key)
        values.append(initial())
        return i
    }
    mutating func update(_ i: Int, _ f: (inout T) -> Void) { f(&values[i]) }

    func object(_ convert: (T) -> Value) -> Value {
        var o = OVSMObject(minimumCapacity: order.count)
        for (i, k) in order.enumerated() { o.set(k, convert(values[i])) }
        return .object(o)
    }
}
