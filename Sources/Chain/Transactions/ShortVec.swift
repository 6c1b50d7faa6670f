/// Solana's compact-u16 ("shortvec") length prefix: 7 bits per byte, little-endian,
/// high bit = more bytes follow; at most 3 bytes, values 0...65535.
///
///     ShortVec.encode(0x80)   // [0x80, 0x01]
public enum ShortVec {
    public static func encode(_ value: Int) -> [UInt8] {
        precondition(value >= 0 && value <= 0xFFFF, "shortvec value out of range")
        var out: [UInt8] = []
        var v = value
        while true {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v == 0 { out.append(b); return out }
            b |= 0x80
            out.append(b)
        }
    }

    public static func append(_ value: Int, to out: inout [UInt8]) { out.append(contentsOf: encode(value)) }
}

/// A bounds-checked cursor over bytes; every read throws `ChainError.decode` when short.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func u8(_ what: String) throws -> UInt8 {
        guard offset < bytes.count else { throw ChainError.decode("unexpected end of data reading \(what) at byte \(offset)") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ n: Int, _ what: String) throws -> [UInt8] {
        guard n >= 0, remaining >= n else {
            throw ChainError.decode("unexpected end of data reading \(what) (need \(n) bytes at byte \(offset), have \(remaining))")
        }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    /// compact-u16; rejects non-canonical and overlong encodings like the validator does.
    mutating func shortVec(_ what: String) throws -> Int {
        var value = 0
        for i in 0..<3 {
            let b = try u8(what)
            value |= Int(b & 0x7F) << (7 * i)
            if b & 0x80 == 0 {
                if i > 0 && b == 0 { throw ChainError.decode("non-canonical length prefix for \(what)") }
                if value > 0xFFFF { throw ChainError.decode("length prefix overflows u16 for \(what)") }
                return value
            }
            if i == 2 { throw ChainError.decode("length prefix longer than 3 bytes for \(what)") }
        }
        return value
    }
}

extension Array where Element == UInt8 {
    mutating func appendLE(_ v: UInt64) { for i in 0..<8 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func appendLE(_ v: UInt32) { for i in 0..<4 { append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
}
