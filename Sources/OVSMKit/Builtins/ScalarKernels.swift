/// Scalar positions, one-character strings and scalar slices computed on a string's
/// UTF-8 bytes. The `unicodeScalars` view decodes every scalar, and building a string
/// back from scalars went through the stdlib's generic `append(contentsOf:)`, which is
/// not specialised here: `(reverse "12321")` cost ~5,000 instructions, `(rest s)` and
/// `(take s n)` the same order. A scalar starts at every byte that is not a continuation
/// byte (10xxxxxx) of valid UTF-8, so positions are counted on bytes and the pieces are
/// copied as bytes.
extension StringOps {
    /// The 128 one-character ASCII strings, built once: `chars`, `char-at`, `chr`, `nth`,
    /// string iteration... hand out a copy instead of validating a new string each time.
    private static let asciiStrings: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// The one-character string of `s`.
    @inline(__always) static func charString(_ s: Unicode.Scalar) -> String {
        s.value < 128 ? asciiStrings[Int(s.value)] : String(Character(s))
    }

    /// The one-character string of the scalar whose bytes start at `i` of `buf`.
    @inline(__always) static func charString(_ buf: UnsafeBufferPointer<UInt8>, at i: Int) -> String {
        let b = buf[i]
        if b < 0x80 { return asciiStrings[Int(b)] }
        var j = i + 1
        while j < buf.count, isContinuation(buf[j]) { j += 1 }
        return string(buf, i, j)
    }

    /// The byte offset where scalar `k` (0 ≤ k) starts, `buf.count` for k == the scalar
    /// count, nil beyond it.
    @inline(__always) static func byteOffset(ofScalar k: Int, in buf: UnsafeBufferPointer<UInt8>) -> Int? {
        var seen = 0, i = 0
        let n = buf.count
        while i < n {
            if !isContinuation(buf[i]) {
                if seen == k { return i }
                seen += 1
            }
            i += 1
        }
        return seen == k ? n : nil
    }

    /// Scalar `i` of `s` as a one-character string, nil when out of range (also i < 0).
    static func charString(_ s: String, at i: Int) -> String? {
        guard i >= 0 else { return nil }
        var s = s
        return s.withUTF8 { buf -> String? in
            guard let at = byteOffset(ofScalar: i, in: buf), at < buf.count else { return nil }
            return charString(buf, at: at)
        }
    }

    /// The last scalar of `s` as a one-character string, nil when empty.
    static func lastCharString(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { buf -> String? in
            var i = buf.count - 1
            while i > 0, isContinuation(buf[i]) { i -= 1 }
            return i >= 0 ? charString(buf, at: i) : nil
        }
    }

    /// The scalars of `s` as one-character strings (`chars`, `(split s "")`, `for` over a string).
    static func characters(_ s: String) -> [Value] {
        var s = s
        return s.withUTF8 { buf -> [Value] in
            var out: [Value] = []
            out.reserveCapacity(buf.count)
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b < 0x80 {
                    out.append(.string(asciiStrings[Int(b)]))
                    i += 1
                    continue
                }
                var j = i + 1
                while j < buf.count, isContinuation(buf[j]) { j += 1 }
                out.append(.string(string(buf, i, j)))
                i = j
            }
            return out
        }
    }

    /// Scalars `lo..<hi` of `s`, clamped to its length (`rest`, `butlast`, `take`, `drop`).
    static func scalarSlice(_ whole: String, from lo: Int, to hi: Int) -> String {
        var s = whole
        return s.withUTF8 { buf -> String in
            let a = byteOffset(ofScalar: max(lo, 0), in: buf) ?? buf.count
            guard hi > lo else { return "" }
            var b = a, seen = max(lo, 0)
            // From `a`, step over hi - lo scalars (or to the end).
            while b < buf.count {
                if !isContinuation(buf[b]) {
                    if seen == hi { break }
                    seen += 1
                }
                b += 1
            }
            if a == 0 && b == buf.count { return whole }
            return string(buf, a, b)
        }
    }

    /// `s` without its last scalar ("" for "").
    static func droppingLastScalar(_ s: String) -> String {
        var s = s
        return s.withUTF8 { buf -> String in
            var i = buf.count - 1
            while i > 0, isContinuation(buf[i]) { i -= 1 }
            return i > 0 ? string(buf, 0, i) : ""
        }
    }

    /// The scalars of `s` in reverse order (each scalar's bytes kept in order).
    static func reversedScalars(_ whole: String) -> String {
        var s = whole
        return s.withUTF8 { buf -> String in
            let n = buf.count
            if n < 2 { return whole }
            return String(unsafeUninitializedCapacity: n) { out in
                var end = n, at = 0
                while end > 0 {
                    var start = end - 1
                    while start > 0, isContinuation(buf[start]) { start -= 1 }
                    for k in start..<end { out[at] = buf[k]; at += 1 }
                    end = start
                }
                return n
            }
        }
    }

    /// The code of the first scalar of `s`, nil when empty.
    @inline(__always) static func firstScalarValue(_ s: String) -> Int? {
        if let b = s.utf8.first, b < 0x80 { return Int(b) }
        return s.unicodeScalars.first.map { Int($0.value) }
    }
}
