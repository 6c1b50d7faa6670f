/// Lowercase hex codec (`hex-encode`, `hex-decode`, digests).
///
///     Hex.encode([255, 0, 16])   // "ff0010"
///     Hex.decode("FF0010")       // [255, 0, 16]; odd length or a non-hex digit → nil
public enum Hex {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }

    /// Decodes hex text (either case, optional `0x` prefix); nil when malformed.
    public static func decode(_ s: String) -> [UInt8]? {
        var u = Array(s.utf8)
        if u.count >= 2 && u[0] == 48 && (u[1] == 120 || u[1] == 88) { u.removeFirst(2) }
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
