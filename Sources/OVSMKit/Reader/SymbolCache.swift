/// Per-read memo of `Symbol.intern`, keyed by the name's bytes in the source being read.
/// A program repeats a few names many times; this answers a repeat with a cheap byte hash
/// and compare instead of building a `String` and taking the global table's lock. Each
/// reader owns its cache, so it needs no locking; misses go to `Symbol.intern`, which keeps
/// identity and the `interned` flag exactly as before.
///
/// Direct-mapped and fixed-size: a name seen once (a fresh `defun` name, say) just replaces
/// what was in its slot, so a source full of distinct names costs no growth and the table
/// stays small enough to remain in cache.
struct SymbolCache: ~Copyable {
    /// A name seen in the source and its symbol. The name is its first eight bytes (for most
    /// names, all of it) plus, for longer ones, where the rest was last seen in the source.
    struct Slot {
        var symbol: Symbol?
        var prefix: UInt64
        var length: Int
        var offset: Int
    }

    let source: UnsafeBufferPointer<UInt8>
    private let slots: UnsafeMutablePointer<Slot>
    /// log2 of the slot count: from 16 slots for a one-liner up to 1024 (32 KB) for big
    /// sources, so a tiny read does not pay for a big table.
    private let sizeBits: Int

    init(_ source: UnsafeBufferPointer<UInt8>) {
        self.source = source
        var bits = 4
        while bits < 10 && (1 << bits) * 16 < source.count { bits += 1 }
        sizeBits = bits
        slots = .allocate(capacity: 1 << bits)
        slots.initialize(repeating: Slot(symbol: nil, prefix: 0, length: 0, offset: 0), count: 1 << bits)
    }

    deinit {
        slots.deinitialize(count: 1 << sizeBits)
        slots.deallocate()
    }

    /// The interned symbol named by the source bytes `start..<start+length`.
    mutating func intern(_ start: Int, _ length: Int) -> Symbol {
        let name = source.baseAddress! + start
        var prefix: UInt64 = 0
        for i in 0..<min(length, 8) { prefix |= UInt64(name[i]) << (8 * i) }
        // Multiplicative hashing on the prefix word (independent byte loads, one multiply)
        // instead of a byte-serial hash; longer names fold their tail in.
        var h = (prefix ^ UInt64(truncatingIfNeeded: length)) &* 0x9E37_79B9_7F4A_7C15
        if length > 8 {
            for i in 8..<length { h = (h ^ UInt64(name[i])) &* 0x0000_0100_0000_01B3 }
            h &*= 0x9E37_79B9_7F4A_7C15
        }
        let slot = slots + Int(truncatingIfNeeded: h >> UInt64(64 - sizeBits))
        if let s = slot.pointee.symbol, slot.pointee.prefix == prefix, slot.pointee.length == length {
            if length <= 8 { return s }
            if same(slot.pointee.offset, start, length) {
                // Compare against this occurrence next time: it is still in cache, the
                // first one may be megabytes back.
                slot.pointee.offset = start
                return s
            }
        }
        let s = Symbol.intern(String(decoding: UnsafeBufferPointer(start: name, count: length), as: UTF8.self))
        slot.pointee = Slot(symbol: s, prefix: prefix, length: length, offset: start)
        return s
    }

    /// Whether the names at source offsets `a` and `b` agree past their (equal) prefixes.
    @inline(__always) func same(_ a: Int, _ b: Int, _ length: Int) -> Bool {
        let p = source.baseAddress! + a, q = source.baseAddress! + b
        for i in 8..<length where p[i] != q[i] { return false }
        return true
    }
}
