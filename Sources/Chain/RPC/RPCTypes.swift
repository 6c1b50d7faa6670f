import OVSMKit

/// Small typed readers over JSON-RPC results (Value), throwing `unexpectedResult`.
struct Reader {
    let method: String
    func fail(_ m: String) -> RPCError { RPCError(method: method, kind: .unexpectedResult(m)) }

    /// "expected an integer, got array" — naming the member unless it is the whole result.
    func mismatch(_ what: String, expected: String, got v: Value?) -> RPCError {
        fail((what == "result" ? "" : "\(what): ") + "expected \(expected), got \(v.map(Reader.describe) ?? "nothing")")
    }

    /// A type name, with the value itself when it is short (a wrong string is worth seeing).
    static func describe(_ v: Value) -> String {
        switch v {
        case .string(let s) where s.utf8.count <= 40: return "string \"\(s)\""
        case .string(let s): return "a string of \(s.utf8.count) bytes"
        case .int(let i): return "integer \(i)"
        default: return v.typeName
        }
    }

    func object(_ v: Value, _ what: String) throws -> OVSMObject {
        guard case .object(let o) = v else { throw mismatch(what, expected: "an object", got: v) }
        return o
    }
    func array(_ v: Value?, _ what: String) throws -> [Value] {
        guard case .array(let a)? = v else { throw mismatch(what, expected: "an array", got: v) }
        return a
    }
    func uint(_ v: Value?, _ what: String) throws -> UInt64 {
        switch v {
        case .int(let i)? where i >= 0: return UInt64(i)
        case .float(let d)? where d >= 0 && d < 1.8446744073709552e19 && d == d.rounded(): return UInt64(d)
        default: throw mismatch(what, expected: "a non-negative integer", got: v)
        }
    }
    func int(_ v: Value?, _ what: String) throws -> Int {
        guard case .int(let i)? = v else { throw mismatch(what, expected: "an integer", got: v) }
        return i
    }
    func optInt(_ v: Value?) -> Int? { if case .int(let i)? = v { return i }; return nil }
    func string(_ v: Value?, _ what: String) throws -> String {
        guard case .string(let s)? = v else { throw mismatch(what, expected: "a string", got: v) }
        return s
    }
    func optString(_ v: Value?) -> String? { if case .string(let s)? = v { return s }; return nil }
    func bool(_ v: Value?) -> Bool { if case .bool(let b)? = v { return b }; return false }
    func pubkey(_ v: Value?, _ what: String) throws -> Pubkey {
        let s = try string(v, what)
        do { return try Pubkey(s, what: what) } catch { throw fail("\(what) is not an address: \(s)") }
    }
    /// `{"context":…, "value": X}` → X
    func contextValue(_ v: Value) throws -> Value {
        let o = try object(v, "result")
        guard let inner = o["value"] else { throw fail("result has no value member") }
        return inner
    }
    /// A non-null error member (`err`), else nil.
    func err(_ v: Value?) -> Value? {
        guard let v, v != .null else { return nil }
        return v
    }
}

/// An account as returned by getAccountInfo (base64 data decoded).
public struct AccountInfo: Sendable, Equatable {
    public var lamports: UInt64
    public var owner: Pubkey
    public var data: [UInt8]
    public var executable: Bool
    public var rentEpoch: UInt64
    public var space: Int

    static func decode(_ v: Value, _ r: Reader) throws -> AccountInfo? {
        if v == .null { return nil }
        let o = try r.object(v, "account")
        var bytes: [UInt8] = []
        if case .array(let d)? = o["data"], d.count == 2, case .string(let text) = d[0], case .string(let enc) = d[1] {
            switch enc {
            case "base64": bytes = Base64.decode(text) ?? []
            case "base58": bytes = Base58.decode(text) ?? []
            default: break
            }
        }
        let rent: UInt64 = {
            switch o["rentEpoch"] {
            case .int(let i)?: return UInt64(bitPattern: Int64(i))
            case .float(let d)?: return d >= 1.8e19 ? UInt64.max : UInt64(max(0, d))
            default: return 0
            }
        }()
        return AccountInfo(lamports: try r.uint(o["lamports"], "lamports"), owner: try r.pubkey(o["owner"], "owner"),
                           data: bytes, executable: r.bool(o["executable"]), rentEpoch: rent,
                           space: r.optInt(o["space"]) ?? bytes.count)
    }
}

public struct KeyedAccount: Sendable, Equatable {
    public var pubkey: Pubkey
    public var account: AccountInfo
}

/// One entry of getSignaturesForAddress.
public struct SignatureInfo: Sendable, Equatable {
    public var signature: String
    public var slot: UInt64
    public var err: Value?
    public var memo: String?
    public var blockTime: Int?
    public var confirmationStatus: String?

    static func decode(_ v: Value, _ r: Reader) throws -> SignatureInfo {
        let o = try r.object(v, "signature info")
        return SignatureInfo(signature: try r.string(o["signature"], "signature"), slot: try r.uint(o["slot"], "slot"),
                             err: r.err(o["err"]), memo: r.optString(o["memo"]), blockTime: r.optInt(o["blockTime"]),
                             confirmationStatus: r.optString(o["confirmationStatus"]))
    }
}

/// One entry of getSignatureStatuses.
public struct SignatureStatus: Sendable, Equatable {
    public var slot: UInt64
    public var confirmations: Int?
    public var err: Value?
    public var confirmationStatus: String?

    /// Whether the status has reached `commitment`.
    public func reached(_ commitment: Commitment) -> Bool {
        let order = ["processed": 0, "confirmed": 1, "finalized": 2]
        let want = order[commitment.rawValue]!
        guard let s = confirmationStatus, let have = order[s] else { return confirmations == nil }
        return have >= want
    }

    static func decode(_ v: Value, _ r: Reader) throws -> SignatureStatus? {
        if v == .null { return nil }
        let o = try r.object(v, "signature status")
        return SignatureStatus(slot: try r.uint(o["slot"], "slot"), confirmations: r.optInt(o["confirmations"]),
                               err: r.err(o["err"]), confirmationStatus: r.optString(o["confirmationStatus"]))
    }
}

/// getTransaction: the decoded transaction plus its status meta. `raw` keeps the result.
public struct TransactionDetails: Sendable {
    public var slot: UInt64
    public var blockTime: Int?
    public var transaction: Transaction
    public var version: Message.Version
    public var err: Value?
    public var fee: UInt64?
    public var preBalances: [UInt64]
    public var postBalances: [UInt64]
    public var logMessages: [String]
    public var computeUnitsConsumed: UInt64?
    public var raw: Value

    static func decode(_ v: Value, _ r: Reader) throws -> TransactionDetails? {
        if v == .null { return nil }
        let o = try r.object(v, "transaction result")
        let txField = try r.array(o["transaction"], "transaction (expected [data, \"base64\"])")
        guard txField.count == 2, case .string(let b64) = txField[0] else { throw r.fail("transaction is not [data, encoding]") }
        let tx: Transaction
        do { tx = try Transaction.decode(base64: b64) } catch { throw r.fail("transaction bytes: \(error)") }
        var meta = OVSMObject()
        if case .object(let m)? = o["meta"] { meta = m }
        let balances: (Value?) -> [UInt64] = { v in
            guard case .array(let a)? = v else { return [] }
            return a.compactMap { if case .int(let i) = $0, i >= 0 { return UInt64(i) }; return nil }
        }
        let logs: [String] = {
            guard case .array(let a)? = meta["logMessages"] else { return [] }
            return a.compactMap { if case .string(let s) = $0 { return s }; return nil }
        }()
        return TransactionDetails(
            slot: try r.uint(o["slot"], "slot"), blockTime: r.optInt(o["blockTime"]), transaction: tx,
            version: tx.message.version, err: r.err(meta["err"]), fee: try? r.uint(meta["fee"], "fee"),
            preBalances: balances(meta["preBalances"]), postBalances: balances(meta["postBalances"]),
            logMessages: logs, computeUnitsConsumed: try? r.uint(meta["computeUnitsConsumed"], "cu"), raw: v)
    }
}

public struct EpochInfo: Sendable, Equatable {
    public var absoluteSlot: UInt64
    public var blockHeight: UInt64
    public var epoch: UInt64
    public var slotIndex: UInt64
    public var slotsInEpoch: UInt64
    public var transactionCount: UInt64?

    /// Fraction of the epoch elapsed, 0…1.
    public var progress: Double { slotsInEpoch == 0 ? 0 : Double(slotIndex) / Double(slotsInEpoch) }

    static func decode(_ v: Value, _ r: Reader) throws -> EpochInfo {
        let o = try r.object(v, "epoch info")
        return EpochInfo(absoluteSlot: try r.uint(o["absoluteSlot"], "absoluteSlot"),
                         blockHeight: try r.uint(o["blockHeight"], "blockHeight"), epoch: try r.uint(o["epoch"], "epoch"),
                         slotIndex: try r.uint(o["slotIndex"], "slotIndex"), slotsInEpoch: try r.uint(o["slotsInEpoch"], "slotsInEpoch"),
                         transactionCount: try? r.uint(o["transactionCount"], "transactionCount"))
    }
}

public struct LatestBlockhash: Sendable, Equatable {
    public var blockhash: Hash
    public var lastValidBlockHeight: UInt64
}

public struct NodeVersion: Sendable, Equatable {
    public var solanaCore: String
    public var featureSet: Int?
}

/// A token amount (getTokenAccountBalance / getTokenSupply / parsed token accounts).
public struct TokenAmount: Sendable, Equatable {
    public var amount: String
    public var decimals: Int
    public var uiAmountString: String

    static func decode(_ v: Value, _ r: Reader) throws -> TokenAmount {
        let o = try r.object(v, "token amount")
        let amount = try r.string(o["amount"], "amount")
        let decimals = try r.int(o["decimals"], "decimals")
        return TokenAmount(amount: amount, decimals: decimals, uiAmountString: r.optString(o["uiAmountString"]) ?? amount)
    }
}

/// A token account from getTokenAccountsByOwner (jsonParsed).
public struct TokenAccount: Sendable, Equatable {
    public var pubkey: Pubkey
    public var mint: Pubkey
    public var owner: Pubkey?
    public var amount: TokenAmount
}

public struct SimulationResult: Sendable {
    public var err: Value?
    public var logs: [String]
    public var unitsConsumed: UInt64?
}
