/// One account an instruction touches.
public struct AccountMeta: Hashable, Sendable {
    public var pubkey: Pubkey
    public var isSigner: Bool
    public var isWritable: Bool
    public init(_ pubkey: Pubkey, signer: Bool, writable: Bool) {
        self.pubkey = pubkey; self.isSigner = signer; self.isWritable = writable
    }
}

/// A program call before compilation: program id, accounts, opaque data.
public struct Instruction: Hashable, Sendable {
    public var programId: Pubkey
    public var accounts: [AccountMeta]
    public var data: [UInt8]
    public init(programId: Pubkey, accounts: [AccountMeta], data: [UInt8]) {
        self.programId = programId; self.accounts = accounts; self.data = data
    }
}

/// An instruction inside a message: indexes into the message's account list.
public struct CompiledInstruction: Hashable, Sendable {
    public var programIdIndex: UInt8
    public var accounts: [UInt8]
    public var data: [UInt8]
    public init(programIdIndex: UInt8, accounts: [UInt8], data: [UInt8]) {
        self.programIdIndex = programIdIndex; self.accounts = accounts; self.data = data
    }
}

public struct MessageHeader: Hashable, Sendable {
    public var numRequiredSignatures: UInt8
    public var numReadonlySignedAccounts: UInt8
    public var numReadonlyUnsignedAccounts: UInt8
    public init(numRequiredSignatures: UInt8, numReadonlySignedAccounts: UInt8, numReadonlyUnsignedAccounts: UInt8) {
        self.numRequiredSignatures = numRequiredSignatures
        self.numReadonlySignedAccounts = numReadonlySignedAccounts
        self.numReadonlyUnsignedAccounts = numReadonlyUnsignedAccounts
    }
}

/// A v0 message's reference into an on-chain address lookup table.
public struct AddressTableLookup: Hashable, Sendable {
    public var accountKey: Pubkey
    public var writableIndexes: [UInt8]
    public var readonlyIndexes: [UInt8]
}

/// A transaction message: legacy, or v0 (with address table lookups).
///
///     let msg = try Message.compile(instructions: [ix], payer: kp.pubkey, recentBlockhash: bh)
///     let wire = msg.serialize()
public struct Message: Hashable, Sendable {
    public enum Version: Hashable, Sendable { case legacy, v0 }
    public var version: Version
    public var header: MessageHeader
    public var accountKeys: [Pubkey]
    public var recentBlockhash: Hash
    public var instructions: [CompiledInstruction]
    public var addressTableLookups: [AddressTableLookup]

    public init(version: Version = .legacy, header: MessageHeader, accountKeys: [Pubkey], recentBlockhash: Hash,
                instructions: [CompiledInstruction], addressTableLookups: [AddressTableLookup] = []) {
        self.version = version; self.header = header; self.accountKeys = accountKeys
        self.recentBlockhash = recentBlockhash; self.instructions = instructions
        self.addressTableLookups = addressTableLookups
    }

    /// Compiles a legacy message. Account order: fee payer, other writable signers,
    /// read-only signers, writable non-signers, read-only non-signers; inside each group
    /// ordered by key bytes (as the Rust SDK's `CompiledKeys` does, so the bytes match).
    public static func compile(instructions: [Instruction], payer: Pubkey, recentBlockhash: Hash) throws -> Message {
        guard !instructions.isEmpty else { throw ChainError.compile("no instructions") }
        var metas: [Pubkey: (signer: Bool, writable: Bool)] = [:]
        metas[payer] = (true, true)
        for ix in instructions {
            let old = metas[ix.programId] ?? (false, false)
            metas[ix.programId] = old          // program ids: no extra privileges
            for a in ix.accounts {
                let m = metas[a.pubkey] ?? (false, false)
                metas[a.pubkey] = (m.signer || a.isSigner, m.writable || a.isWritable)
            }
        }
        let others = metas.keys.filter { $0 != payer }.sorted()
        let ws = others.filter { metas[$0]!.signer && metas[$0]!.writable }
        let rs = others.filter { metas[$0]!.signer && !metas[$0]!.writable }
        let wn = others.filter { !metas[$0]!.signer && metas[$0]!.writable }
        let rn = others.filter { !metas[$0]!.signer && !metas[$0]!.writable }
        let keys = [payer] + ws + rs + wn + rn
        guard keys.count <= 256 else { throw ChainError.compile("too many accounts (\(keys.count), max 256)") }
        var index: [Pubkey: UInt8] = [:]
        for (i, k) in keys.enumerated() { index[k] = UInt8(i) }
        let compiled = instructions.map { ix in
            CompiledInstruction(programIdIndex: index[ix.programId]!,
                                accounts: ix.accounts.map { index[$0.pubkey]! }, data: ix.data)
        }
        let header = MessageHeader(numRequiredSignatures: UInt8(1 + ws.count + rs.count),
                                   numReadonlySignedAccounts: UInt8(rs.count),
                                   numReadonlyUnsignedAccounts: UInt8(rn.count))
        return Message(header: header, accountKeys: keys, recentBlockhash: recentBlockhash, instructions: compiled)
    }

    public var feePayer: Pubkey? { accountKeys.first }

    /// Signer keys in signature order.
    public var signerKeys: ArraySlice<Pubkey> { accountKeys.prefix(Int(header.numRequiredSignatures)) }

    /// Whether the static account at `i` is writable, from the header.
    public func isWritable(_ i: Int) -> Bool {
        let nSig = Int(header.numRequiredSignatures)
        if i < nSig { return i < nSig - Int(header.numReadonlySignedAccounts) }
        return i < accountKeys.count - Int(header.numReadonlyUnsignedAccounts)
    }
    public func isSigner(_ i: Int) -> Bool { i < Int(header.numRequiredSignatures) }

    /// Wire bytes (the bytes that are signed).
    public func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + accountKeys.count * 32 + instructions.reduce(0) { $0 + $1.data.count + 8 })
        if version == .v0 { out.append(0x80) }
        out.append(header.numRequiredSignatures)
        out.append(header.numReadonlySignedAccounts)
        out.append(header.numReadonlyUnsignedAccounts)
        ShortVec.append(accountKeys.count, to: &out)
        for k in accountKeys { out.append(contentsOf: k.bytes) }
        out.append(contentsOf: recentBlockhash.bytes)
        ShortVec.append(instructions.count, to: &out)
        for ix in instructions {
            out.append(ix.programIdIndex)
            ShortVec.append(ix.accounts.count, to: &out)
            out.append(contentsOf: ix.accounts)
            ShortVec.append(ix.data.count, to: &out)
            out.append(contentsOf: ix.data)
        }
        if version == .v0 {
            ShortVec.append(addressTableLookups.count, to: &out)
            for l in addressTableLookups {
                out.append(contentsOf: l.accountKey.bytes)
                ShortVec.append(l.writableIndexes.count, to: &out)
                out.append(contentsOf: l.writableIndexes)
                ShortVec.append(l.readonlyIndexes.count, to: &out)
                out.append(contentsOf: l.readonlyIndexes)
            }
        }
        return out
    }

    /// Decodes legacy or versioned (v0) message bytes; rejects trailing bytes.
    public static func decode(_ bytes: [UInt8]) throws -> Message {
        var r = ByteReader(bytes)
        let m = try decode(from: &r)
        guard r.remaining == 0 else { throw ChainError.decode("\(r.remaining) trailing bytes after message") }
        return m
    }

    static func decode(from r: inout ByteReader) throws -> Message {
        var first = try r.u8("message header")
        var version = Version.legacy
        if first & 0x80 != 0 {
            let v = first & 0x7F
            guard v == 0 else { throw ChainError.decode("unsupported message version \(v)") }
            version = .v0
            first = try r.u8("message header")
        }
        let header = MessageHeader(numRequiredSignatures: first,
                                   numReadonlySignedAccounts: try r.u8("message header"),
                                   numReadonlyUnsignedAccounts: try r.u8("message header"))
        let nKeys = try r.shortVec("account keys")
        var keys: [Pubkey] = []
        keys.reserveCapacity(nKeys)
        for _ in 0..<nKeys { keys.append(Pubkey(unchecked: try r.take(32, "account key"))) }
        let blockhash = Hash(unchecked: try r.take(32, "recent blockhash"))
        let nIx = try r.shortVec("instructions")
        var ixs: [CompiledInstruction] = []
        for i in 0..<nIx {
            let p = try r.u8("instruction \(i) program index")
            let na = try r.shortVec("instruction \(i) accounts")
            let accts = try r.take(na, "instruction \(i) accounts")
            let nd = try r.shortVec("instruction \(i) data")
            let data = try r.take(nd, "instruction \(i) data")
            ixs.append(CompiledInstruction(programIdIndex: p, accounts: accts, data: data))
        }
        var lookups: [AddressTableLookup] = []
        if version == .v0 {
            let nl = try r.shortVec("address table lookups")
            for i in 0..<nl {
                let key = Pubkey(unchecked: try r.take(32, "lookup \(i) table address"))
                let nw = try r.shortVec("lookup \(i) writable indexes")
                let w = try r.take(nw, "lookup \(i) writable indexes")
                let nr = try r.shortVec("lookup \(i) readonly indexes")
                let ro = try r.take(nr, "lookup \(i) readonly indexes")
                lookups.append(AddressTableLookup(accountKey: key, writableIndexes: w, readonlyIndexes: ro))
            }
        }
        let m = Message(version: version, header: header, accountKeys: keys, recentBlockhash: blockhash,
                        instructions: ixs, addressTableLookups: lookups)
        try m.sanitize()
        return m
    }

    /// Structural checks the validator applies (header vs key count, index ranges).
    public func sanitize() throws {
        let nSig = Int(header.numRequiredSignatures)
        guard nSig >= 1 else { throw ChainError.decode("message requires no signatures (needs a fee payer)") }
        guard nSig <= accountKeys.count else { throw ChainError.decode("header requires \(nSig) signatures but there are \(accountKeys.count) account keys") }
        guard Int(header.numReadonlySignedAccounts) < nSig else { throw ChainError.decode("fee payer cannot be read-only") }
        guard Int(header.numReadonlyUnsignedAccounts) <= accountKeys.count - nSig else {
            throw ChainError.decode("header marks more read-only unsigned accounts than exist")
        }
        let total = accountKeys.count + addressTableLookups.reduce(0) { $0 + $1.writableIndexes.count + $1.readonlyIndexes.count }
        for (i, ix) in instructions.enumerated() {
            guard Int(ix.programIdIndex) < accountKeys.count, ix.programIdIndex != 0 else {
                throw ChainError.decode("instruction \(i): program index \(ix.programIdIndex) out of range")
            }
            for a in ix.accounts where Int(a) >= total {
                throw ChainError.decode("instruction \(i): account index \(a) out of range")
            }
        }
    }
}
