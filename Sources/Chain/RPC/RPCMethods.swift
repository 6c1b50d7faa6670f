import Foundation
import OVSMKit

/// Typed methods: every method of spec §13 plus requestAirdrop, sendTransaction,
/// simulateTransaction, getFeeForMessage and a confirmation helper.
extension RPCClient {
    static func config(_ pairs: [(String, Value?)]) -> [Value] {
        var o = OVSMObject()
        for (k, v) in pairs { if let v { o[k] = v } }
        return o.isEmpty ? [] : [.object(o)]
    }
    static func commitment(_ c: Commitment?) -> Value? { c.map { .string($0.rawValue) } }

    public func getBalance(_ pubkey: Pubkey, commitment: Commitment? = nil) async throws -> UInt64 {
        let r = Reader(method: "getBalance")
        let v = try await call("getBalance", [.string(pubkey.base58)] + Self.config([("commitment", Self.commitment(commitment))]))
        return try r.uint(try r.contextValue(v), "value")
    }

    public func getAccountInfo(_ pubkey: Pubkey, commitment: Commitment? = nil) async throws -> AccountInfo? {
        let r = Reader(method: "getAccountInfo")
        let v = try await call("getAccountInfo", [.string(pubkey.base58)] + Self.config([
            ("encoding", .string("base64")), ("commitment", Self.commitment(commitment))]))
        return try AccountInfo.decode(try r.contextValue(v), r)
    }

    public func getMultipleAccounts(_ pubkeys: [Pubkey], commitment: Commitment? = nil) async throws -> [AccountInfo?] {
        let r = Reader(method: "getMultipleAccounts")
        let v = try await call("getMultipleAccounts", [.array(pubkeys.map { .string($0.base58) })] + Self.config([
            ("encoding", .string("base64")), ("commitment", Self.commitment(commitment))]))
        return try r.array(try r.contextValue(v), "value").map { try AccountInfo.decode($0, r) }
    }

    /// `filters`: raw filter objects (`{"dataSize":165}`, `{"memcmp":{…}}`).
    public func getProgramAccounts(_ programId: Pubkey, filters: [Value] = [], commitment: Commitment? = nil) async throws -> [KeyedAccount] {
        let r = Reader(method: "getProgramAccounts")
        let v = try await call("getProgramAccounts", [.string(programId.base58)] + Self.config([
            ("encoding", .string("base64")), ("commitment", Self.commitment(commitment)),
            ("filters", filters.isEmpty ? nil : .array(filters))]))
        return try r.array(v, "result").map { item in
            let o = try r.object(item, "program account")
            guard let acct = try AccountInfo.decode(o["account"] ?? .null, r) else { throw r.fail("null account") }
            return KeyedAccount(pubkey: try r.pubkey(o["pubkey"], "pubkey"), account: acct)
        }
    }

    public func getSignaturesForAddress(_ address: Pubkey, limit: Int? = nil, before: String? = nil, until: String? = nil,
                                        commitment: Commitment? = nil) async throws -> [SignatureInfo] {
        let r = Reader(method: "getSignaturesForAddress")
        let v = try await call("getSignaturesForAddress", [.string(address.base58)] + Self.config([
            ("limit", limit.map { .int($0) }), ("before", before.map { .string($0) }), ("until", until.map { .string($0) }),
            ("commitment", Self.commitment(commitment))]))
        return try r.array(v, "result").map { try SignatureInfo.decode($0, r) }
    }

    /// The transaction (fetched as base64 and decoded by us) with its meta; nil if unknown.
    public func getTransaction(_ signature: Signature, commitment: Commitment? = nil) async throws -> TransactionDetails? {
        let r = Reader(method: "getTransaction")
        let v = try await call("getTransaction", [.string(signature.base58)] + Self.config([
            ("encoding", .string("base64")), ("maxSupportedTransactionVersion", .int(0)),
            ("commitment", Self.commitment(commitment))]))
        return try TransactionDetails.decode(v, r)
    }

    /// getTransaction with `encoding` json/jsonParsed/base64/base58: the raw result (nil if unknown).
    public func getTransactionRaw(_ signature: Signature, encoding: String = "json", commitment: Commitment? = nil) async throws -> Value? {
        let v = try await call("getTransaction", [.string(signature.base58)] + Self.config([
            ("encoding", .string(encoding)), ("maxSupportedTransactionVersion", .int(0)),
            ("commitment", Self.commitment(commitment))]))
        return v == .null ? nil : v
    }

    public func getParsedTransaction(_ signature: Signature, commitment: Commitment? = nil) async throws -> Value? {
        try await getTransactionRaw(signature, encoding: "jsonParsed", commitment: commitment)
    }

    public func getSignatureStatuses(_ signatures: [Signature], searchTransactionHistory: Bool = false) async throws -> [SignatureStatus?] {
        let r = Reader(method: "getSignatureStatuses")
        let v = try await call("getSignatureStatuses", [.array(signatures.map { .string($0.base58) })] + Self.config([
            ("searchTransactionHistory", searchTransactionHistory ? .bool(true) : nil)]))
        return try r.array(try r.contextValue(v), "value").map { try SignatureStatus.decode($0, r) }
    }

    public func getSlot(commitment: Commitment? = nil) async throws -> UInt64 {
        try Reader(method: "getSlot").uint(try await call("getSlot", Self.config([("commitment", Self.commitment(commitment))])), "result")
    }

    public func getBlockHeight(commitment: Commitment? = nil) async throws -> UInt64 {
        try Reader(method: "getBlockHeight").uint(try await call("getBlockHeight", Self.config([("commitment", Self.commitment(commitment))])), "result")
    }

    /// The block as a Value (blocks are large and shaped by options; callers pick fields).
    public func getBlock(_ slot: UInt64, transactionDetails: String? = nil, rewards: Bool? = nil,
                         encoding: String? = nil, commitment: Commitment? = nil) async throws -> Value {
        try await call("getBlock", [.int(Int(slot))] + Self.config([
            ("encoding", encoding.map { .string($0) }), ("transactionDetails", transactionDetails.map { .string($0) }),
            ("rewards", rewards.map { .bool($0) }), ("maxSupportedTransactionVersion", .int(0)),
            ("commitment", Self.commitment(commitment))]))
    }

    public func getBlockTime(_ slot: UInt64) async throws -> Int? {
        let v = try await call("getBlockTime", [.int(Int(slot))])
        return Reader(method: "getBlockTime").optInt(v)
    }

    public func getEpochInfo(commitment: Commitment? = nil) async throws -> EpochInfo {
        let r = Reader(method: "getEpochInfo")
        return try EpochInfo.decode(try await call("getEpochInfo", Self.config([("commitment", Self.commitment(commitment))])), r)
    }

    public func getLatestBlockhash(commitment: Commitment? = nil) async throws -> LatestBlockhash {
        let r = Reader(method: "getLatestBlockhash")
        let v = try await call("getLatestBlockhash", Self.config([("commitment", Self.commitment(commitment))]))
        let o = try r.object(try r.contextValue(v), "value")
        let text = try r.string(o["blockhash"], "blockhash")
        guard let bh = try? Hash(text) else { throw r.fail("blockhash is not 32 base58 bytes") }
        return LatestBlockhash(blockhash: bh, lastValidBlockHeight: try r.uint(o["lastValidBlockHeight"], "lastValidBlockHeight"))
    }

    /// "ok" when healthy; an unhealthy node answers a server error (-32005), thrown.
    /// "ok", or an error: a healthy node answers exactly that; an unhealthy one answers with
    /// a JSON-RPC error (thrown as `.server`); anything else is not a Solana node's answer.
    public func getHealth() async throws -> String {
        let v = try await call("getHealth")
        guard case .string("ok") = v else { throw Reader(method: "getHealth").mismatch("result", expected: "\"ok\"", got: v) }
        return "ok"
    }

    public func getVersion() async throws -> NodeVersion {
        let r = Reader(method: "getVersion")
        let o = try r.object(try await call("getVersion"), "result")
        return NodeVersion(solanaCore: try r.string(o["solana-core"], "solana-core"), featureSet: r.optInt(o["feature-set"]))
    }

    /// Token accounts of `owner` for a `mint` or a token `programId` (jsonParsed).
    public func getTokenAccountsByOwner(_ owner: Pubkey, mint: Pubkey? = nil, programId: Pubkey? = nil,
                                        commitment: Commitment? = nil) async throws -> [TokenAccount] {
        let r = Reader(method: "getTokenAccountsByOwner")
        var filter = OVSMObject()
        if let mint { filter["mint"] = .string(mint.base58) } else { filter["programId"] = .string((programId ?? Programs.token).base58) }
        let v = try await call("getTokenAccountsByOwner", [.string(owner.base58), .object(filter)] + Self.config([
            ("encoding", .string("jsonParsed")), ("commitment", Self.commitment(commitment))]))
        return try r.array(try r.contextValue(v), "value").compactMap { item in
            let o = try r.object(item, "token account")
            let key = try r.pubkey(o["pubkey"], "pubkey")
            guard case .object(let acct)? = o["account"], case .object(let data)? = acct["data"],
                  case .object(let parsed)? = data["parsed"], case .object(let info)? = parsed["info"] else { return nil }
            return TokenAccount(pubkey: key, mint: try r.pubkey(info["mint"], "mint"),
                                owner: try? r.pubkey(info["owner"], "owner"),
                                amount: try TokenAmount.decode(info["tokenAmount"] ?? .null, r))
        }
    }

    public func getTokenAccountBalance(_ account: Pubkey, commitment: Commitment? = nil) async throws -> TokenAmount {
        let r = Reader(method: "getTokenAccountBalance")
        let v = try await call("getTokenAccountBalance", [.string(account.base58)] + Self.config([("commitment", Self.commitment(commitment))]))
        return try TokenAmount.decode(try r.contextValue(v), r)
    }

    public func getTokenSupply(_ mint: Pubkey, commitment: Commitment? = nil) async throws -> TokenAmount {
        let r = Reader(method: "getTokenSupply")
        let v = try await call("getTokenSupply", [.string(mint.base58)] + Self.config([("commitment", Self.commitment(commitment))]))
        return try TokenAmount.decode(try r.contextValue(v), r)
    }

    public func getMinimumBalanceForRentExemption(_ dataLength: Int) async throws -> UInt64 {
        try Reader(method: "getMinimumBalanceForRentExemption").uint(
            try await call("getMinimumBalanceForRentExemption", [.int(dataLength)]), "result")
    }

    public func requestAirdrop(_ pubkey: Pubkey, lamports: UInt64) async throws -> Signature {
        let r = Reader(method: "requestAirdrop")
        guard lamports <= UInt64(Int.max) else { throw RPCError(method: "requestAirdrop", kind: .invalidRequest("amount too large")) }
        let s = try r.string(try await call("requestAirdrop", [.string(pubkey.base58), .int(Int(lamports))]), "result")
        guard let sig = try? Signature(s) else { throw r.fail("not a signature: \(s)") }
        return sig
    }

    /// Sends a signed transaction (base64); returns its signature as the node reports it.
    public func sendTransaction(_ tx: Transaction, skipPreflight: Bool = false,
                                preflightCommitment: Commitment? = nil, maxRetries: Int? = nil) async throws -> Signature {
        let r = Reader(method: "sendTransaction")
        let wire: String
        do { wire = try tx.base64() } catch { throw RPCError(method: "sendTransaction", kind: .invalidRequest("\(error)")) }
        let v = try await call("sendTransaction", [.string(wire)] + Self.config([
            ("encoding", .string("base64")), ("skipPreflight", skipPreflight ? .bool(true) : nil),
            ("preflightCommitment", Self.commitment(preflightCommitment)), ("maxRetries", maxRetries.map { .int($0) })]))
        let s = try r.string(v, "result")
        guard let sig = try? Signature(s) else { throw r.fail("not a signature: \(s)") }
        return sig
    }

    public func simulateTransaction(_ tx: Transaction, sigVerify: Bool = false, replaceRecentBlockhash: Bool = false,
                                    commitment: Commitment? = nil) async throws -> SimulationResult {
        let r = Reader(method: "simulateTransaction")
        let wire = Base64.encode(tx.serializeUnchecked())
        let v = try await call("simulateTransaction", [.string(wire)] + Self.config([
            ("encoding", .string("base64")), ("sigVerify", sigVerify ? .bool(true) : nil),
            ("replaceRecentBlockhash", replaceRecentBlockhash ? .bool(true) : nil),
            ("commitment", Self.commitment(commitment))]))
        let o = try r.object(try r.contextValue(v), "value")
        let logs: [String] = (try? r.array(o["logs"], "logs"))?.compactMap { if case .string(let s) = $0 { return s }; return nil } ?? []
        return SimulationResult(err: r.err(o["err"]), logs: logs, unitsConsumed: try? r.uint(o["unitsConsumed"], "unitsConsumed"))
    }

    /// The fee in lamports, or nil when the node no longer knows the message's blockhash.
    public func getFeeForMessage(_ message: Message, commitment: Commitment? = nil) async throws -> UInt64? {
        let r = Reader(method: "getFeeForMessage")
        let v = try await call("getFeeForMessage", [.string(Base64.encode(message.serialize()))] + Self.config([
            ("commitment", Self.commitment(commitment))]))
        let inner = try r.contextValue(v)
        return inner == .null ? nil : try r.uint(inner, "value")
    }

    /// Polls getSignatureStatuses until `signature` reaches `commitment` (or fails, or times out).
    /// Returns the final status; a failed transaction is returned with `status.err` set, for
    /// the caller to report. No status within `timeout` → `RPCError` `.timeout`.
    public func confirm(_ signature: Signature, commitment: Commitment = .confirmed, timeout: Double = 60,
                        pollInterval: Double = 0.4) async throws -> SignatureStatus {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let s = try await getSignatureStatuses([signature]).first ?? nil, s.err != nil || s.reached(commitment) {
                return s
            }
            if Date() >= deadline {
                throw RPCError(method: "confirm", kind: .timeout(timeout))
            }
            try await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
    }
}
