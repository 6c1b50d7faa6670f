/// Bitcoin-alphabet Base58 (the encoding of Solana addresses and signatures).
///
///     Base58.encode([0, 0, 1])      // "112"
///     Base58.decode("112")          // [0, 0, 1]
///     Base58.decode("0OIl")         // nil (not in the alphabet)
///
/// Leading zero bytes map to leading `1`s and back. Both directions work on 32-bit limbs,
/// so 32/64-byte keys and signatures take a few microseconds.
public enum Base58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Digit value of each ASCII byte, or 0xFF when not in the alphabet.
    static let digitValue: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Encodes bytes as Base58 text.
    public static func encode(_ bytes: [UInt8]) -> String {
        var zeros = 0
        while zeros < bytes.count && bytes[zeros] == 0 { zeros += 1 }
        // Base-58^5 limbs (58^5 = 656,356,768 < 2^32), little-endian.
        let big: UInt64 = 656_356_768
        var limbs: [UInt32] = []
        limbs.reserveCapacity(bytes.count / 3 + 1)
        for i in zeros..<bytes.count {
            var carry = UInt64(bytes[i])
            for j in 0..<limbs.count {
                let x = UInt64(limbs[j]) << 8 | carry
                limbs[j] = UInt32(x % big)
                carry = x / big
            }
            while carry > 0 {
                limbs.append(UInt32(carry % big))
                carry /= big
            }
        }
        var digits: [UInt8] = []   // little-endian base-58 digits
        digits.reserveCapacity(limbs.count * 5)
        for (j, limb) in limbs.enumerated() {
            var v = limb
            if j == limbs.count - 1 {
                while v > 0 { digits.append(UInt8(v % 58)); v /= 58 }
            } else {
                for _ in 0..<5 { digits.append(UInt8(v % 58)); v /= 58 }
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + digits.count)
        for d in digits.reversed() { out.append(alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base58 text; nil when a character is outside the alphabet.
    public static func decode(_ s: String) -> [UInt8]? {
        let chars = Array(s.utf8)
        var zeros = 0
        while zeros < chars.count && chars[zeros] == alphabet[0] { zeros += 1 }
        // Base-2^32 limbs, little-endian.
        var limbs: [UInt32] = []
        limbs.reserveCapacity(chars.count * 3 / 16 + 1)
        for i in zeros..<chars.count {
            let d = digitValue[Int(chars[i])]
            if d == 0xFF { return nil }
            var carry = UInt64(d)
            for j in 0..<limbs.count {
                let x = UInt64(limbs[j]) * 58 + carry
                limbs[j] = UInt32(truncatingIfNeeded: x)
                carry = x >> 32
            }
            if carry > 0 { limbs.append(UInt32(carry)) }
        }
        var body: [UInt8] = []   // little-endian bytes
        body.reserveCapacity(limbs.count * 4)
        for limb in limbs {
            body.append(UInt8(truncatingIfNeeded: limb))
            body.append(UInt8(truncatingIfNeeded: limb >> 8))
            body.append(UInt8(truncatingIfNeeded: limb >> 16))
            body.append(UInt8(truncatingIfNeeded: limb >> 24))
        }
        while let last = body.last, last == 0 { body.removeLast() }
        var out = [UInt8](repeating: 0, count: zeros)
        out.reserveCapacity(zeros + body.count)
        out.append(contentsOf: body.reversed())
        return out
    }
}
