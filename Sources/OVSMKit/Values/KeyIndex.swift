/// The hash index of a large `OVSMObject`: open addressing over key positions, with each
/// key's hash cached, so growing never rehashes strings and a lookup hashes the probe key
/// once. Swift's `Dictionary<String, Int>` did the same job at several times the cost
/// (SipHash with a fresh `Hasher` per operation, two lookups per insert).
///
/// The hash is FNV-1a over the key's UTF-8 bytes with a per-process random seed and a
/// final mix: cheap for the short keys of RPC data, and the seed keeps a hostile server
/// from choosing keys that all collide.
final class KeyIndex {
    /// The hash of each key, by position (same order as the object's keys).
    private var hashes: [Int]
    /// Slot → key position, or -1 when empty. Count is a power of two, at most half full.
    private var slots: [Int32]
    private var mask: Int

    private static let seed = UInt64.random(in: 1...UInt64.max)

    @inline(__always) static func hash(_ key: String) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        if let done = key.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            var x = h
            for b in bytes { x = (x ^ UInt64(b)) &* 0x100_0000_01b3 }
            return x
        }) {
            h = done
        } else {
            for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        h ^= h >> 32
        h = h &* 0xd6e8_feb8_6659_fd93
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    init(_ keys: [String]) {
        hashes = keys.map(KeyIndex.hash)
        var cap = 16
        while cap < keys.count * 2 { cap <<= 1 }
        slots = Array(repeating: -1, count: cap)
        mask = cap - 1
        for p in 0..<hashes.count { place(p) }
    }

    private init(copying other: KeyIndex) {
        hashes = other.hashes
        slots = other.slots
        mask = other.mask
    }

    func copy() -> KeyIndex { KeyIndex(copying: self) }

    /// The position of `key` (whose hash is `h`) in `keys`, if present.
    @inline(__always) func find(_ key: String, _ h: Int, _ keys: [String]) -> Int? {
        var i = h & mask
        while true {
            let p = Int(slots[i])
            if p < 0 { return nil }
            if hashes[p] == h && keys[p] == key { return p }
            i = (i + 1) & mask
        }
    }

    /// Records a key just appended at `position`.
    func insert(position: Int, hash h: Int) {
        hashes.append(h)
        if hashes.count * 2 > slots.count {
            let cap = slots.count * 2
            slots = Array(repeating: -1, count: cap)
            mask = cap - 1
            for p in 0..<hashes.count { place(p) }
        } else {
            place(position)
        }
    }

    @inline(__always) private func place(_ p: Int) {
        var i = hashes[p] & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(truncatingIfNeeded: p)
    }
}
