import COpenSSL

/// ed25519 through the system libcrypto (OpenSSL 3). SHA-256 is OVSMKit's `SHA256`.
///
///     let seed = try Ed25519.randomBytes(32)
///     let pub = try Ed25519.publicKey(seed: seed)          // 32 bytes
///     let sig = try Ed25519.sign([1, 2, 3], seed: seed)    // 64 bytes, deterministic
///     Ed25519.verify(sig, message: [1, 2, 3], publicKey: pub)   // true
public enum Ed25519 {
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case badKeyLength(Int)
        case openssl(String)
        case unavailable(String)
        public var description: String {
            switch self {
            case .badKeyLength(let n): return "ed25519: key must be 32 bytes, got \(n)"
            case .openssl(let what): return "ed25519: libcrypto failed in \(what)"
            case .unavailable(let why): return "ed25519: \(why)"
            }
        }
    }

    /// OpenSSL is loaded on first use (COpenSSL.h): every entry point asks first, so a
    /// machine without libssl3 gets this error instead of a failed start of every command.
    static func requireOpenSSL() throws {
        if let e = osvm_openssl_load_error() { throw Failure.unavailable(String(cString: e)) }
    }

    /// The 32-byte public key of a 32-byte seed (Solana's "secret key" first half).
    public static func publicKey(seed: [UInt8]) throws -> [UInt8] {
        try requireOpenSSL()
        let key = try privateKey(seed)
        defer { osvm_EVP_PKEY_free(key) }
        var out = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard osvm_EVP_PKEY_get_raw_public_key(key, &out, &len) == 1, len == 32 else {
            throw Failure.openssl("EVP_PKEY_get_raw_public_key")
        }
        return out
    }

    /// Signs `message` (pure ed25519, RFC 8032) with the 32-byte seed.
    public static func sign(_ message: [UInt8], seed: [UInt8]) throws -> [UInt8] {
        try requireOpenSSL()
        let key = try privateKey(seed)
        defer { osvm_EVP_PKEY_free(key) }
        guard let ctx = osvm_EVP_MD_CTX_new() else { throw Failure.openssl("EVP_MD_CTX_new") }
        defer { osvm_EVP_MD_CTX_free(ctx) }
        guard osvm_EVP_DigestSignInit(ctx, nil, nil, nil, key) == 1 else {
            throw Failure.openssl("EVP_DigestSignInit")
        }
        var sig = [UInt8](repeating: 0, count: 64)
        var sigLen = 64
        let rc = message.withUnsafeBufferPointer { m in
            osvm_EVP_DigestSign(ctx, &sig, &sigLen, m.baseAddress, m.count)
        }
        guard rc == 1, sigLen == 64 else { throw Failure.openssl("EVP_DigestSign") }
        return sig
    }

    /// True when `signature` is a valid ed25519 signature of `message` by `publicKey`.
    /// Malformed inputs (wrong lengths, points not on the curve) are simply invalid.
    public static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, publicKey.count == 32, osvm_openssl_load_error() == nil else { return false }
        guard let key = publicKey.withUnsafeBufferPointer({
            osvm_EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
        }) else { osvm_ERR_clear_error(); return false }
        defer { osvm_EVP_PKEY_free(key) }
        guard let ctx = osvm_EVP_MD_CTX_new() else { return false }
        defer { osvm_EVP_MD_CTX_free(ctx) }
        guard osvm_EVP_DigestVerifyInit(ctx, nil, nil, nil, key) == 1 else { osvm_ERR_clear_error(); return false }
        let rc = signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in
                osvm_EVP_DigestVerify(ctx, s.baseAddress, 64, m.baseAddress, m.count)
            }
        }
        if rc != 1 { osvm_ERR_clear_error() }
        return rc == 1
    }

    /// Cryptographically secure random bytes (RAND_bytes).
    public static func randomBytes(_ count: Int) throws -> [UInt8] {
        try requireOpenSSL()
        var out = [UInt8](repeating: 0, count: count)
        guard osvm_RAND_bytes(&out, Int32(count)) == 1 else { throw Failure.openssl("RAND_bytes") }
        return out
    }

    private static func privateKey(_ seed: [UInt8]) throws -> OpaquePointer {
        guard seed.count == 32 else { throw Failure.badKeyLength(seed.count) }
        guard let key = seed.withUnsafeBufferPointer({
            osvm_EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32)
        }) else { throw Failure.openssl("EVP_PKEY_new_raw_private_key") }
        return key
    }
}
