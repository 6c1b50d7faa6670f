#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar-exact string kernels. Swift's `String` APIs compare by grapheme clusters and
/// canonical equivalence; OVSM strings are sequences of Unicode scalars (spec §2), so
/// searching, prefix tests and splitting here work on UTF-8 bytes, which is the same as
/// working on scalars (UTF-8 is self-synchronising: a byte match of whole strings always
/// starts and ends on scalar boundaries).
enum StringOps {
    /// Largest width `pad-left`/`pad-right`/`repeat`-style builders accept (scalars).
    static let maxBuiltLength = 10_000_000

    /// Unicode White_Space; an ASCII scalar answered without the property table lookup
    /// (~90 instructions a scalar: trimming a short line cost more than splitting it).
    @inline(__always) static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        return s.properties.isWhitespace
    }

    /// The number of Unicode scalars of `s` (OVSM's string length). `unicodeScalars.count`
    /// decodes every scalar (~1 ns a byte: 1 ms for a 1 MB string); a valid UTF-8 string has
    /// one scalar per byte that is not a continuation byte (10xxxxxx), counted 8 bytes a step.
    static func scalarCount(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { buf -> Int in
            guard let base = buf.baseAddress else { return 0 }
            return scalarCount(base, buf.count)
        }
    }

    /// Scalars in the valid UTF-8 `base[0..<n]`: the bytes that are not continuation
    /// bytes (bit 7 set, bit 6 clear), tested eight at a time. Each byte lane of `lanes`
    /// counts its continuation bytes (at most 255 words a round, so no lane overflows)
    /// and a round ends with one horizontal sum — no population count per word, which
    /// the baseline x86-64 target computes in ~12 instructions.
    static func scalarCount(_ base: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        let lowBytes: UInt64 = 0x00FF_00FF_00FF_00FF
        var continuation = 0, i = 0
        while i + 8 <= n {
            var lanes: UInt64 = 0
            let stop = min(n - 8, i + 8 * 254)
            repeat {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                lanes &+= (w & ~(w << 1) & high) >> 7
                i += 8
            } while i <= stop
            let pairs = (lanes & lowBytes) &+ ((lanes >> 8) & lowBytes)
            continuation += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while i < n { if base[i] & 0xC0 == 0x80 { continuation += 1 }; i += 1 }
        return n - continuation
    }

    /// `s` without leading and/or trailing Unicode whitespace.
    static func trimmed(_ s: String, left: Bool, right: Bool) -> String {
        let u = s.unicodeScalars
        var lo = u.startIndex, hi = u.endIndex
        if left { while lo < hi, isSpace(u[lo]) { lo = u.index(after: lo) } }
        if right {
            while hi > lo {
                let p = u.index(before: hi)
                if !isSpace(u[p]) { break }
                hi = p
            }
        }
        if lo == u.startIndex && hi == u.endIndex { return s }
        return String(u[lo..<hi])
    }

    /// Calls `body` with the byte offset of each non-overlapping occurrence of `needle` in
    /// `hay`, left to right (nothing when `needle` is empty); the first byte is found with `memchr`. No array of hits:
    /// `split` and `replace` of a short line spent a third of their time allocating one.
    @inline(__always) static func forEachOccurrence(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>,
                                                    _ body: (Int) -> Void) {
        let n = needle.count, h = hay.count
        guard n > 0, n <= h, let hb = hay.baseAddress, let nb = needle.baseAddress else { return }
        let first = Int32(nb[0])
        var i = 0
        let last = h - n
        while i <= last {
            guard let found = memchr(hb + i, first, last - i + 1) else { return }
            let at = hb.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if n == 1 || memcmp(hb + at + 1, nb + 1, n - 1) == 0 {
                body(at)
                i = at + n
            } else {
                i = at + 1
            }
        }
    }

    /// How many non-overlapping occurrences of `needle` `hay` has.
    @inline(__always) static func occurrenceCount(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int {
        var k = 0
        forEachOccurrence(of: needle, in: hay) { _ in k += 1 }
        return k
    }

    @inline(__always) static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Pieces of `s` between occurrences of `sep`; empty `sep` → one piece per scalar.
    static func split(_ s: String, _ sep: String) -> [Value] {
        if sep.isEmpty { return characters(s) }
        var s = s, sep = sep
        return s.withUTF8 { hay in
            sep.withUTF8 { needle in
                // A short string's pieces are counted first: appending to an empty array
                // reallocates at the second piece (one 24-byte element fits the first
                // allocation). A long one's growth is amortised, cheaper than a second scan.
                var out: [Value] = []
                if hay.count <= 4096 { out.reserveCapacity(occurrenceCount(of: needle, in: hay) + 1) }
                var start = 0
                forEachOccurrence(of: needle, in: hay) { at in
                    out.append(.string(string(hay, start, at)))
                    start = at + needle.count
                }
                out.append(.string(string(hay, start, hay.count)))
                return out
            }
        }
    }

    /// The bytes `lo..<hi` of `buf` (whole scalars of a valid string) as a string.
    @inline(__always) static func string(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[lo..<hi]), as: UTF8.self)
    }

    /// `s` with every occurrence of `old` (non-empty) replaced by `new`.
    static func replace(_ s: String, _ old: String, _ new: String) -> String {
        var s0 = s, old = old, new = new
        return s0.withUTF8 { hay in
            old.withUTF8 { needle in
                let hits = occurrenceCount(of: needle, in: hay)
                if hits == 0 { return s }
                return new.withUTF8 { repl in
                    let length = hay.count + hits * (repl.count - needle.count)
                    return String(unsafeUninitializedCapacity: length) { out in
                        var at = 0, start = 0
                        func copy(_ src: UnsafeBufferPointer<UInt8>) {
                            if let b = src.baseAddress, let o = out.baseAddress { (o + at).update(from: b, count: src.count) }
                            at += src.count
                        }
                        forEachOccurrence(of: needle, in: hay) { hit in
                            copy(UnsafeBufferPointer(rebasing: hay[start..<hit]))
                            copy(repl)
                            start = hit + needle.count
                        }
                        copy(UnsafeBufferPointer(rebasing: hay[start...]))
                        return at
                    }
                }
            }
        }
    }

    @inline(__always) static func hasPrefix(_ s: String, _ p: String) -> Bool {
        s.utf8.starts(with: p.utf8)
    }

    static func hasSuffix(_ s: String, _ p: String) -> Bool {
        let a = s.utf8, b = p.utf8
        guard b.count <= a.count else { return false }
        return a[a.index(a.endIndex, offsetBy: -b.count)...].elementsEqual(b)
    }
}
