/// Well-known program ids.
public enum Programs {
    public static let system = try! Pubkey("11111111111111111111111111111111")
    public static let memo = try! Pubkey("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr")
    public static let token = try! Pubkey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")
    public static let token2022 = try! Pubkey("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb")
    public static let computeBudget = try! Pubkey("ComputeBudget111111111111111111111111111111")
    public static let vote = try! Pubkey("Vote111111111111111111111111111111111111111")
    public static let stake = try! Pubkey("Stake11111111111111111111111111111111111111")

    static let names: [Pubkey: String] = [
        system: "System", memo: "Memo", token: "Token", token2022: "Token-2022",
        computeBudget: "ComputeBudget", vote: "Vote", stake: "Stake",
    ]
    /// A short name for known programs ("System", "Memo", ...), else nil.
    public static func name(of id: Pubkey) -> String? { names[id] }
}

/// System program instructions.
public enum SystemProgram {
    /// `Transfer { lamports }`: bincode enum tag 2 (u32 LE) then the amount (u64 LE).
    public static func transfer(from: Pubkey, to: Pubkey, lamports: UInt64) -> Instruction {
        var data: [UInt8] = []
        data.appendLE(UInt32(2))
        data.appendLE(lamports)
        return Instruction(programId: Programs.system,
                           accounts: [AccountMeta(from, signer: true, writable: true),
                                      AccountMeta(to, signer: false, writable: true)],
                           data: data)
    }

    /// Decodes a transfer instruction's data: the lamports, or nil when it is not a transfer.
    public static func decodeTransfer(_ data: [UInt8]) -> UInt64? {
        guard data.count == 12, data[0] == 2, data[1] == 0, data[2] == 0, data[3] == 0 else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(data[4 + i]) << (8 * UInt64(i)) }
        return v
    }
}

/// SPL Memo (v2) instructions.
public enum MemoProgram {
    /// A memo with UTF-8 text; `signers` must sign the transaction (may be empty).
    public static func memo(_ text: String, signers: [Pubkey] = []) -> Instruction {
        Instruction(programId: Programs.memo,
                    accounts: signers.map { AccountMeta($0, signer: true, writable: false) },
                    data: Array(text.utf8))
    }
}
