import OVSMKit

/// A 32-byte Solana address (an ed25519 public key, or a program-derived address).
///
///     let pk = try Pubkey("11111111111111111111111111111111")   // the System program
///     pk.base58   // "11111111111111111111111111111111"
public struct Pubkey: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else {
            throw ChainError.invalidEncoding(what: "address", value: Base58.encode(bytes),
                                             reason: "must be 32 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    /// Parses base58 text; `what` names the argument in the error ("address", "--to", ...).
    public init(_ text: String, what: String = "address") throws {
        guard !text.isEmpty else { throw ChainError.invalidEncoding(what: what, value: text, reason: "empty") }
        // 32 bytes are at most 44 base58 digits; checking first keeps base58's quadratic
        // decoding away from a hostile RPC answer's 300 KB "address".
        guard text.utf8.count <= 44 else {
            throw ChainError.invalidEncoding(what: what, value: String(text.prefix(48)) + "…", reason: "\(text.utf8.count) characters, at most 44")
        }
        guard let raw = Base58.decode(text) else {
            throw ChainError.invalidEncoding(what: what, value: text, reason: "not base58 (allowed: 1-9 A-H J-N P-Z a-k m-z)")
        }
        guard raw.count == 32 else {
            throw ChainError.invalidEncoding(what: what, value: text, reason: "decodes to \(raw.count) bytes, expected 32")
        }
        bytes = raw
    }

    public var base58: String { Base58.encode(bytes) }
    public var description: String { base58 }
    public static let zero = Pubkey(unchecked: [UInt8](repeating: 0, count: 32))
    public static func < (a: Pubkey, b: Pubkey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        try self.init(s)
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(base58)
    }
}

/// A 64-byte ed25519 signature; a transaction's first signature is its id.
public struct Signature: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 64 else {
            throw ChainError.invalidEncoding(what: "signature", value: Base58.encode(bytes),
                                             reason: "must be 64 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String, what: String = "signature") throws {
        guard text.utf8.count <= 88 else {   // 64 bytes: at most 88 digits (see Pubkey)
            throw ChainError.invalidEncoding(what: what, value: String(text.prefix(92)) + "…", reason: "\(text.utf8.count) characters, at most 88")
        }
        guard let raw = Base58.decode(text), !text.isEmpty else {
            throw ChainError.invalidEncoding(what: what, value: text, reason: "not base58")
        }
        guard raw.count == 64 else {
            throw ChainError.invalidEncoding(what: what, value: text, reason: "decodes to \(raw.count) bytes, expected 64")
        }
        bytes = raw
    }
    public static let zero = Signature(unchecked: [UInt8](repeating: 0, count: 64))
    public var base58: String { Base58.encode(bytes) }
    public var description: String { base58 }
}

/// A 32-byte hash (recent blockhash).
public struct Hash: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public init(bytes: [UInt8]) throws {
        guard bytes.count == 32 else { throw ChainError.decode("hash must be 32 bytes, got \(bytes.count)") }
        self.bytes = bytes
    }
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) throws {
        guard text.utf8.count <= 44, let raw = Base58.decode(text), raw.count == 32 else {
            throw ChainError.invalidEncoding(what: "blockhash", value: text, reason: "expected 32 base58-encoded bytes")
        }
        bytes = raw
    }
    public static let zero = Hash(unchecked: [UInt8](repeating: 0, count: 32))
    public var base58: String { Base58.encode(bytes) }
    public var description: String { base58 }
}
