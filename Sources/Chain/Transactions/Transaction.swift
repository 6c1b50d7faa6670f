import OVSMKit

/// A signed (or partly signed) transaction: signatures ‖ message.
///
///     var tx = Transaction(message: msg)
///     try tx.sign([payer])
///     let wire = try tx.serialize()          // ≤ 1232 bytes
///     Transaction.decode(wire).verify()      // true
public struct Transaction: Hashable, Sendable {
    /// Largest serialized transaction a validator accepts (IPv6 MTU - headers).
    public static let maxWireSize = 1232

    public var signatures: [Signature]
    public var message: Message

    /// An unsigned transaction: one zero signature per required signer.
    public init(message: Message) {
        self.message = message
        self.signatures = Array(repeating: .zero, count: Int(message.header.numRequiredSignatures))
    }

    public init(signatures: [Signature], message: Message) {
        self.signatures = signatures; self.message = message
    }

    /// Convenience: compile a legacy message and sign it with `signers` (the first pays).
    public init(instructions: [Instruction], signers: [Keypair], recentBlockhash: Hash, payer: Pubkey? = nil) throws {
        guard let first = signers.first else { throw ChainError.signing("no signers") }
        let msg = try Message.compile(instructions: instructions, payer: payer ?? first.pubkey, recentBlockhash: recentBlockhash)
        self.init(message: msg)
        try sign(signers)
    }

    /// Signs with each keypair at its signer position. Every keypair must be a required
    /// signer; when `partial` is false every required signer must be given.
    public mutating func sign(_ keypairs: [Keypair], partial: Bool = false) throws {
        let bytes = message.serialize()
        let signers = Array(message.signerKeys)
        if signatures.count != signers.count {
            signatures = Array(repeating: .zero, count: signers.count)
        }
        var given = Set<Pubkey>()
        for kp in keypairs {
            guard let i = signers.firstIndex(of: kp.pubkey) else {
                throw ChainError.signing("\(kp.pubkey) is not a required signer of this message")
            }
            signatures[i] = try kp.sign(bytes)
            given.insert(kp.pubkey)
        }
        if !partial {
            let missing = signers.filter { !given.contains($0) && signatures[signers.firstIndex(of: $0)!] == .zero }
            if !missing.isEmpty {
                throw ChainError.signing("missing signature for \(missing.map(\.base58).joined(separator: ", "))")
            }
        }
    }

    /// The transaction id: the first signature.
    public var id: Signature? { signatures.first }

    /// Per-signature validity (false for zero/forged signatures).
    public func verifyResults() -> [Bool] {
        let bytes = message.serialize()
        let signers = Array(message.signerKeys)
        return signatures.enumerated().map { i, sig in
            i < signers.count && Ed25519.verify(sig.bytes, message: bytes, publicKey: signers[i].bytes)
        }
    }

    /// True when there is one valid signature per required signer.
    public func verify() -> Bool {
        signatures.count == Int(message.header.numRequiredSignatures) && verifyResults().allSatisfy { $0 }
    }

    /// Wire bytes, checked against the 1232-byte limit.
    public func serialize() throws -> [UInt8] {
        let out = serializeUnchecked()
        guard out.count <= Transaction.maxWireSize else {
            throw ChainError.compile("transaction is \(out.count) bytes, the limit is \(Transaction.maxWireSize)")
        }
        return out
    }

    public func serializeUnchecked() -> [UInt8] {
        var out = ShortVec.encode(signatures.count)
        for s in signatures { out.append(contentsOf: s.bytes) }
        out.append(contentsOf: message.serialize())
        return out
    }

    public func base64() throws -> String { Base64.encode(try serialize()) }

    /// Decodes wire bytes of a legacy or v0 transaction.
    public static func decode(_ bytes: [UInt8]) throws -> Transaction {
        guard bytes.count <= 64 * 1024 else { throw ChainError.decode("transaction too large (\(bytes.count) bytes)") }
        var r = ByteReader(bytes)
        let n = try r.shortVec("signatures")
        var sigs: [Signature] = []
        for _ in 0..<n { sigs.append(Signature(unchecked: try r.take(64, "signature"))) }
        let msg = try Message.decode(from: &r)
        guard r.remaining == 0 else { throw ChainError.decode("\(r.remaining) trailing bytes after transaction") }
        guard sigs.count == Int(msg.header.numRequiredSignatures) else {
            throw ChainError.decode("\(sigs.count) signatures but the message requires \(msg.header.numRequiredSignatures)")
        }
        return Transaction(signatures: sigs, message: msg)
    }

    public static func decode(base64 text: String) throws -> Transaction {
        guard let raw = Base64.decode(text) else { throw ChainError.decode("not base64") }
        return try decode(raw)
    }

    public static func decode(base58 text: String) throws -> Transaction {
        guard let raw = Base58.decode(text) else { throw ChainError.decode("not base58") }
        return try decode(raw)
    }
}
