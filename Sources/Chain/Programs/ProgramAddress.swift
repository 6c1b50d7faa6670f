import COpenSSL
import OVSMKit

/// Program-derived addresses (PDAs): `find_program_address(seeds, program_id)` of the Rust SDK.
///
/// A PDA is `sha256(seeds ‖ [bump] ‖ program_id ‖ "ProgramDerivedAddress")` for the highest
/// bump (255 down to 0) whose hash is NOT a point on the ed25519 curve (so no private key
/// can exist for it).
///
///     let (pda, bump) = try ProgramAddress.find(seeds: [program.bytes], programId: UpgradeableLoader.id)
public enum ProgramAddress {
    static let marker = Array("ProgramDerivedAddress".utf8)

    /// `create_program_address`: nil when the hash lies on the curve (not a valid PDA).
    public static func create(seeds: [[UInt8]], programId: Pubkey) throws -> Pubkey? {
        guard seeds.count <= 16, seeds.allSatisfy({ $0.count <= 32 }) else {
            throw ChainError.compile("PDA seeds: at most 16 seeds of at most 32 bytes")
        }
        var input: [UInt8] = []
        for s in seeds { input += s }
        input += programId.bytes + marker
        try Ed25519.requireOpenSSL()    // the curve check's arithmetic is libcrypto's
        let hash = SHA2.sha256(input)
        return Curve25519Point.isOnCurve(hash) ? nil : Pubkey(unchecked: hash)
    }

    /// `find_program_address`: the address and its bump seed.
    public static func find(seeds: [[UInt8]], programId: Pubkey) throws -> (Pubkey, UInt8) {
        for bump in stride(from: 255, through: 0, by: -1) {
            if let pda = try create(seeds: seeds + [[UInt8(bump)]], programId: programId) { return (pda, UInt8(bump)) }
        }
        throw ChainError.compile("no viable bump seed for the program address")
    }
}

/// Whether 32 bytes decompress to an ed25519 point, as curve25519-dalek's
/// `CompressedEdwardsY::decompress` decides it: y = the low 255 bits (mod p), and
/// x² = (y² − 1) / (d·y² + 1) must have a square root mod p = 2²⁵⁵ − 19. By Euler's
/// criterion that holds when ((y² − 1)(d·y² + 1))^((p−1)/2) is 0 or 1 (v⁻¹ and v have
/// the same quadratic character, and v is never 0 because −1/d is not a square).
/// OpenSSL's BIGNUM does the arithmetic: it is only used for PDAs, never for secrets.
enum Curve25519Point {
    static func isOnCurve(_ bytes: [UInt8]) -> Bool {
        precondition(bytes.count == 32)
        guard let ctx = osvm_BN_CTX_new() else { return true }
        defer { osvm_BN_CTX_free(ctx) }
        func bn() -> OpaquePointer { osvm_BN_new()! }
        let p = bn(), d = bn(), y = bn(), y2 = bn(), u = bn(), v = bn(), t = bn(), e = bn(), r = bn(), tmp = bn()
        defer { for x in [p, d, y, y2, u, v, t, e, r, tmp] { osvm_BN_free(x) } }
        // p = 2^255 - 19
        osvm_BN_set_word(p, 1); osvm_BN_lshift(p, p, 255); osvm_BN_sub_word(p, 19)
        // d = -121665 / 121666 mod p
        osvm_BN_set_word(tmp, 121666)
        osvm_BN_mod_inverse(d, tmp, p, ctx)
        osvm_BN_set_word(tmp, 121665)
        osvm_BN_mod_mul(d, d, tmp, p, ctx)
        osvm_BN_sub(d, p, d)
        var le = bytes
        le[31] &= 0x7F
        le.withUnsafeBufferPointer { _ = osvm_BN_lebin2bn($0.baseAddress, 32, y) }
        osvm_BN_nnmod(y, y, p, ctx)
        osvm_BN_mod_sqr(y2, y, p, ctx)
        osvm_BN_set_word(tmp, 1)
        osvm_BN_mod_sub(u, y2, tmp, p, ctx)                 // u = y² − 1
        osvm_BN_mod_mul(v, d, y2, p, ctx)
        osvm_BN_mod_add(v, v, tmp, p, ctx)                  // v = d·y² + 1
        osvm_BN_mod_mul(t, u, v, p, ctx)
        osvm_BN_copy(e, p); osvm_BN_sub_word(e, 1); osvm_BN_rshift1(e, e)   // (p − 1) / 2
        osvm_BN_mod_exp(r, t, e, p, ctx)
        return osvm_BN_is_zero(r) == 1 || osvm_BN_is_one(r) == 1
    }
}
