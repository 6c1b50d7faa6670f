/// The one table of Solana JSON-RPC methods osvm knows. Generated from it: the OVSM RPC
/// builtins (`Builtins.rpcBuiltins`), Chain's retry rule (`RPCClient.writeMethods`) and
/// result checks (`RPCResultShape.check`), and the assistant's chain tools
/// (`ChainTools.make`). `RPCTableTests` proves the consumers agree with it.
///
///     RPCMethodTable.byMethod["getSlot"]?.result          // .uint
///     RPCMethodTable.builtin(named: "getParsedTransaction") // method getTransaction, forced jsonParsed
public enum RPCMethodTable {
    public static let all: [RPCMethodSpec] = {
        let b64: [(String, Value)] = [("encoding", .string("base64"))]
        let v0: (String, Value) = ("maxSupportedTransactionVersion", .int(0))
        typealias B = RPCBuiltinSpec
        return [
            .read("getBalance", .context(.uint), builtins: [
                B("getBalance", primary: ["pubkey", "address"],
                  doc: "(getBalance pubkey [:commitment c]) — lamports of an account: {:context :value lamports}."),
            ], tool: RPCToolSpec(name: "get_balance", description: "SOL balance of an address in lamports (1 SOL = 1e9 lamports).",
                                 builtin: "getBalance", params: [.address()])),
            .read("getAccountInfo", .context(.orNull(.object)), builtins: [
                B("getAccountInfo", primary: ["pubkey", "address"], defaults: b64,
                  doc: "(getAccountInfo pubkey [:encoding e]...) — {:context :value}; value null if the account is absent. Default encoding \"base64\"."),
            ], tool: RPCToolSpec(name: "get_account", description: "Account info (owner, lamports, data as base64, executable) of an address.",
                                 builtin: "getAccountInfo", params: [.address()])),
            .read("getMultipleAccounts", .context(.array), builtins: [
                B("getMultipleAccounts", primary: ["pubkeys"], kind: .array, defaults: b64,
                  doc: "(getMultipleAccounts pubkeys [:encoding e]...) — {:context :value [...]} for an array of pubkeys. Default encoding \"base64\"."),
            ]),
            .read("getProgramAccounts", nil, builtins: [
                B("getProgramAccounts", primary: ["programId"], defaults: b64,
                  doc: "(getProgramAccounts program-id [:filters f]...) — array of {:pubkey :account} owned by the program. Default encoding \"base64\"."),
            ]),
            .read("getSignaturesForAddress", .array, builtins: [
                B("getSignaturesForAddress", primary: ["address"],
                  doc: "(getSignaturesForAddress address [:limit n] [:before sig] [:until sig]) — array of {:signature :slot :err :memo :blockTime :confirmationStatus}, newest first; limit capped at 1000."),
            ], tool: RPCToolSpec(name: "get_signatures", description: "Recent transaction signatures for an address, newest first.",
                                 builtin: "getSignaturesForAddress", params: [
                                    .address(),
                                    .init(name: "limit", keyword: "limit", kind: .integer(range: 1...100, fallback: 10),
                                          description: "1-100, default 10", required: false),
                                 ])),
            .read("getTransaction", .orNull(.object), builtins: [
                B("getTransaction", primary: ["signature"], defaults: [("encoding", .string("json")), v0],
                  doc: "(getTransaction signature [:encoding e]...) — the transaction object or null. Defaults encoding \"json\", maxSupportedTransactionVersion 0."),
                B("getParsedTransaction", primary: ["signature"], defaults: [v0], forced: [("encoding", .string("jsonParsed"))],
                  doc: "(getParsedTransaction signature) — getTransaction with encoding \"jsonParsed\" (maxSupportedTransactionVersion 0): parsed transaction or null."),
            ], tool: RPCToolSpec(name: "get_transaction", description: "A confirmed transaction by signature (json encoding).",
                                 builtin: "getTransaction", params: [.signature])),
            .read("getSignatureStatuses", .context(.array), builtins: [
                B("getSignatureStatuses", primary: ["signatures"], kind: .array,
                  doc: "(getSignatureStatuses signatures [:searchTransactionHistory b]) — {:context :value [...]} for an array of signatures."),
            ]),
            .read("getSlot", .uint, builtins: [B("getSlot", doc: "(getSlot [:commitment c]) — the current slot (int).")],
                  tool: RPCToolSpec(name: "get_slot", description: "The current slot of the cluster.", builtin: "getSlot", params: [])),
            .read("getBlockHeight", .uint, builtins: [
                B("getBlockHeight", doc: "(getBlockHeight [:commitment c]) — the current block height (int)."),
            ]),
            .read("getBlock", .orNull(.object), builtins: [
                B("getBlock", primary: ["slot"], kind: .int, defaults: [v0],
                  doc: "(getBlock slot [:transactionDetails d]...) — the block object. Default maxSupportedTransactionVersion 0."),
            ]),
            .read("getBlockTime", .orNull(.uint), builtins: [
                B("getBlockTime", primary: ["slot"], kind: .int, doc: "(getBlockTime slot) — the block's Unix time (int) or null."),
            ]),
            .read("getEpochInfo", .object, builtins: [B("getEpochInfo", doc: "(getEpochInfo [:commitment c]) — epoch information object.")],
                  tool: RPCToolSpec(name: "get_epoch", description: "Epoch info: epoch, slotIndex, slotsInEpoch, absoluteSlot.",
                                    builtin: "getEpochInfo", params: [])),
            .read("getLatestBlockhash", .context(.object), builtins: [
                B("getLatestBlockhash", doc: "(getLatestBlockhash [:commitment c]) — {:context :value {:blockhash :lastValidBlockHeight}}."),
            ]),
            .read("getHealth", .ok, builtins: [B("getHealth", doc: "(getHealth) — \"ok\" when the node is healthy.")]),
            .read("getVersion", .object, builtins: [B("getVersion", doc: "(getVersion) — {:solana-core … :feature-set …}.")]),
            .read("getTokenAccountsByOwner", .context(.array), builtins: [
                B("getTokenAccountsByOwner", primary: ["owner"], defaults: [("encoding", .string("jsonParsed"))],
                  doc: "(getTokenAccountsByOwner owner :mint m | :programId p [:encoding e]...) — {:context :value [...]} token accounts of owner. Default encoding \"jsonParsed\"."),
            ]),
            .read("getTokenAccountBalance", .context(.object), builtins: [
                B("getTokenAccountBalance", primary: ["pubkey"],
                  doc: "(getTokenAccountBalance pubkey) — {:context :value {:amount :decimals :uiAmount :uiAmountString}}."),
            ]),
            .read("getTokenSupply", .context(.object), builtins: [
                B("getTokenSupply", primary: ["mint"],
                  doc: "(getTokenSupply mint) — {:context :value {:amount :decimals :uiAmount :uiAmountString}}."),
            ]),
            .read("getMinimumBalanceForRentExemption", .uint, builtins: [
                B("getMinimumBalanceForRentExemption", primary: ["dataLength"], kind: .int,
                  doc: "(getMinimumBalanceForRentExemption data-length) — lamports (int) needed for rent exemption."),
            ]),
            // Used by Chain and the CLI only (no builtin: scripts reach them with rpc-call).
            .read("getTransactionCount", .uint),
            .read("getFeeForMessage", .context(.orNull(.uint))),
            .read("simulateTransaction", .context(.object)),
            .write("sendTransaction"),
            .write("requestAirdrop"),
        ]
    }()

    /// The entries by JSON-RPC method name.
    public static let byMethod: [String: RPCMethodSpec] = {
        var m: [String: RPCMethodSpec] = [:]
        for e in all {
            precondition(m[e.method] == nil, "RPC table: \(e.method) listed twice")
            m[e.method] = e
        }
        return m
    }()

    /// Builtin name → (its entry, its mapping).
    static let builtinsByName: [String: (method: RPCMethodSpec, builtin: RPCBuiltinSpec)] = {
        var m: [String: (method: RPCMethodSpec, builtin: RPCBuiltinSpec)] = [:]
        for e in all {
            for b in e.builtins {
                precondition(m[b.name] == nil, "RPC table: builtin \(b.name) listed twice")
                m[b.name] = (e, b)
            }
        }
        return m
    }()

    /// The entry and argument mapping of an OVSM RPC builtin (nil: not one).
    public static func builtin(named name: String) -> (method: RPCMethodSpec, builtin: RPCBuiltinSpec)? {
        builtinsByName[name]
    }

    /// Methods that change state (never retried, never auto-approved tools).
    public static let writeMethods: Set<String> = Set(all.filter { $0.access == .write }.map(\.method))

    /// The tools the assistant offers, in table order.
    public static var tools: [(method: RPCMethodSpec, tool: RPCToolSpec)] {
        all.compactMap { e in e.tool.map { (e, $0) } }
    }

    /// The JSON-RPC method and params array a call of builtin `name` with `args` sends —
    /// the same mapping for scripts and for generated tools.
    public static func request(builtin name: String, args: [Value]) throws -> (method: String, params: Value) {
        try Builtins.rpcRequest(for: name, args: args)
    }
}
