/// Solana RPC builtins (spec §13). Each builds a JSON-RPC method and params array with the
/// pure `rpcRequest(for:args:)` and hands them to `Host.rpc`; with no endpoint they raise
/// `user` "rpc: offline".
///
///     (getBalance "Addr…")                                  ; params ["Addr…"]
///     (getSignaturesForAddress :address a :limit 10)        ; params [a {"limit":10}]
///     (getAccountInfo a {:commitment "finalized"})          ; params [a {"encoding":"base64","commitment":"finalized"}]
extension Builtins {
    /// How one RPC builtin maps its arguments.
    struct RPCMethod {
        enum Kind { case string, array, int }
        let name: String
        let method: String
        /// Keyword names accepted for the primary parameter (empty: none).
        let primary: [String]
        let kind: Kind
        /// Config members sent unless the caller gives them.
        let defaults: [(String, Value)]
        /// Config members always sent with these values.
        let forced: [(String, Value)]
        let doc: String

        init(_ name: String, method: String? = nil, primary: [String] = [], kind: Kind = .string,
             defaults: [(String, Value)] = [], forced: [(String, Value)] = [], doc: String) {
            self.name = name
            self.method = method ?? name
            self.primary = primary
            self.kind = kind
            self.defaults = defaults
            self.forced = forced
            self.doc = doc
        }
    }

    static let rpcMethods: [RPCMethod] = {
        let b64: [(String, Value)] = [("encoding", .string("base64"))]
        let v0: (String, Value) = ("maxSupportedTransactionVersion", .int(0))
        return [
            RPCMethod("getBalance", primary: ["pubkey", "address"],
                      doc: "(getBalance pubkey [:commitment c]) — lamports of an account: {:context :value lamports}."),
            RPCMethod("getAccountInfo", primary: ["pubkey", "address"], defaults: b64,
                      doc: "(getAccountInfo pubkey [:encoding e]...) — {:context :value}; value null if the account is absent. Default encoding \"base64\"."),
            RPCMethod("getMultipleAccounts", primary: ["pubkeys"], kind: .array, defaults: b64,
                      doc: "(getMultipleAccounts pubkeys [:encoding e]...) — {:context :value [...]} for an array of pubkeys. Default encoding \"base64\"."),
            RPCMethod("getProgramAccounts", primary: ["programId"], defaults: b64,
                      doc: "(getProgramAccounts program-id [:filters f]...) — array of {:pubkey :account} owned by the program. Default encoding \"base64\"."),
            RPCMethod("getSignaturesForAddress", primary: ["address"],
                      doc: "(getSignaturesForAddress address [:limit n] [:before sig] [:until sig]) — array of {:signature :slot :err :memo :blockTime :confirmationStatus}, newest first; limit capped at 1000."),
            RPCMethod("getTransaction", primary: ["signature"], defaults: [("encoding", .string("json")), v0],
                      doc: "(getTransaction signature [:encoding e]...) — the transaction object or null. Defaults encoding \"json\", maxSupportedTransactionVersion 0."),
            RPCMethod("getParsedTransaction", method: "getTransaction", primary: ["signature"], defaults: [v0],
                      forced: [("encoding", .string("jsonParsed"))],
                      doc: "(getParsedTransaction signature) — getTransaction with encoding \"jsonParsed\" (maxSupportedTransactionVersion 0): parsed transaction or null."),
            RPCMethod("getSignatureStatuses", primary: ["signatures"], kind: .array,
                      doc: "(getSignatureStatuses signatures [:searchTransactionHistory b]) — {:context :value [...]} for an array of signatures."),
            RPCMethod("getSlot", doc: "(getSlot [:commitment c]) — the current slot (int)."),
            RPCMethod("getBlockHeight", doc: "(getBlockHeight [:commitment c]) — the current block height (int)."),
            RPCMethod("getBlock", primary: ["slot"], kind: .int, defaults: [v0],
                      doc: "(getBlock slot [:transactionDetails d]...) — the block object. Default maxSupportedTransactionVersion 0."),
            RPCMethod("getBlockTime", primary: ["slot"], kind: .int,
                      doc: "(getBlockTime slot) — the block's Unix time (int) or null."),
            RPCMethod("getEpochInfo", doc: "(getEpochInfo [:commitment c]) — epoch information object."),
            RPCMethod("getLatestBlockhash",
                      doc: "(getLatestBlockhash [:commitment c]) — {:context :value {:blockhash :lastValidBlockHeight}}."),
            RPCMethod("getHealth", doc: "(getHealth) — \"ok\" when the node is healthy."),
            RPCMethod("getVersion", doc: "(getVersion) — {:solana-core … :feature-set …}."),
            RPCMethod("getTokenAccountsByOwner", primary: ["owner"], defaults: [("encoding", .string("jsonParsed"))],
                      doc: "(getTokenAccountsByOwner owner :mint m | :programId p [:encoding e]...) — {:context :value [...]} token accounts of owner. Default encoding \"jsonParsed\"."),
            RPCMethod("getTokenAccountBalance", primary: ["pubkey"],
                      doc: "(getTokenAccountBalance pubkey) — {:context :value {:amount :decimals :uiAmount :uiAmountString}}."),
            RPCMethod("getTokenSupply", primary: ["mint"],
                      doc: "(getTokenSupply mint) — {:context :value {:amount :decimals :uiAmount :uiAmountString}}."),
            RPCMethod("getMinimumBalanceForRentExemption", primary: ["dataLength"], kind: .int,
                      doc: "(getMinimumBalanceForRentExemption data-length) — lamports (int) needed for rent exemption."),
        ]
    }()

    static let rpcMethodsByName: [String: RPCMethod] = {
        var m: [String: RPCMethod] = [:]
        for r in rpcMethods { m[r.name] = r }
        return m
    }()

    static var rpcBuiltins: [Builtin] {
        var list = rpcMethods.map { m in
            Builtin(m.name, min: 0, max: nil, doc: m.doc) { args, interp in
                try sysCallRPC(m.name, args, interp)
            }
        }
        list.append(Builtin("rpc-call", min: 1, max: 2, doc: """
            (rpc-call method [params]) — any JSON-RPC method with params sent verbatim \
            (an array, default []); returns the raw result.
            """) { args, interp in
            try sysCallRPC("rpc-call", args, interp)
        })
        return list
    }

    static func sysCallRPC(_ name: String, _ args: [Value], _ interp: Interpreter) throws -> Value {
        guard let rpc = interp.host.rpc else { throw OVSMError(.user, "rpc: offline") }
        let request = try rpcRequest(for: name, args: args)
        try interp.checkCancel()
        return try rpc(request.method, request.params)
    }

    /// The JSON-RPC method and params array for a call of an RPC builtin (spec §13).
    static func rpcRequest(for builtin: String, args: [Value]) throws -> (method: String, params: Value) {
        if builtin == "rpc-call" {
            guard let first = args.first else { throw OVSMError.arity("rpc-call: missing method") }
            let method: String
            switch first {
            case .string(let s): method = s
            case .keyword(let k), .symbol(let k): method = k.name
            default: throw OVSMError.type("rpc-call: method must be a string, got \(first.typeName)")
            }
            guard args.count > 1 else { return (method, .array([])) }
            switch args[1] {
            case .null: return (method, .array([]))
            case .array, .object: return (method, args[1])
            default: throw OVSMError.type("rpc-call: params must be an array, got \(args[1].typeName)")
            }
        }
        guard let m = rpcMethodsByName[builtin] else {
            throw OVSMError.unbound("\(builtin): not an RPC builtin")
        }
        let fn = m.name

        // Split: positional primary, keyword pairs, trailing object.
        var primary: Value?
        var config = OVSMObject()
        for (k, v) in m.defaults { config.set(k, v) }
        var i = 0
        if !m.primary.isEmpty, let first = args.first {
            switch first {
            case .keyword: break
            case .object where args.count == 1: break   // only a config object: primary missing
            default:
                primary = first
                i = 1
            }
        }
        while i < args.count {
            switch args[i] {
            case .keyword(let kw):
                guard i + 1 < args.count else {
                    throw OVSMError.arity("\(fn): keyword :\(kw.name) has no value")
                }
                let value = args[i + 1]
                if m.primary.contains(kw.name) {
                    if primary != nil {
                        throw OVSMError.arity("\(fn): :\(kw.name) given twice")
                    }
                    primary = value
                } else {
                    config.set(kw.name, value)
                }
                i += 2
            case .object(let o) where i == args.count - 1:
                for (k, v) in o {
                    if m.primary.contains(k) && primary == nil {
                        primary = v
                    } else {
                        config.set(k, v)
                    }
                }
                i += 1
            default:
                throw OVSMError.type("\(fn): expected a keyword or a trailing config object, got \(Printer.printForm(args[i]))")
            }
        }
        for (k, v) in m.forced { config.set(k, v) }

        var params: [Value] = []
        if let name = m.primary.first {
            guard let p = primary else {
                throw OVSMError.arity("\(fn): missing :\(name) (give it first or as :\(name) value)")
            }
            switch (m.kind, p) {
            case (.string, .string), (.array, .array), (.int, .int): break
            case (.string, _): throw OVSMError.type("\(fn): :\(name) must be a string, got \(p.typeName)")
            case (.array, _): throw OVSMError.type("\(fn): :\(name) must be an array, got \(p.typeName)")
            case (.int, _): throw OVSMError.type("\(fn): :\(name) must be an int, got \(p.typeName)")
            }
            params.append(p)
        } else if primary != nil {
            throw OVSMError.arity("\(fn): takes no positional argument")
        }

        if fn == "getSignaturesForAddress", case .int(let limit)? = config["limit"], limit > 1000 {
            config.set("limit", .int(1000))
        }
        if fn == "getTokenAccountsByOwner" {
            let mint = config["mint"], program = config["programId"]
            config.remove("mint")
            config.remove("programId")
            var filter = OVSMObject()
            switch (mint, program) {
            case (let m?, nil): filter.set("mint", m)
            case (nil, let p?): filter.set("programId", p)
            case (nil, nil):
                throw OVSMError.arity("getTokenAccountsByOwner: needs :mint or :programId")
            default:
                throw OVSMError.type("getTokenAccountsByOwner: give :mint or :programId, not both")
            }
            params.append(.object(filter))
        }
        if !config.isEmpty { params.append(.object(config)) }
        return (m.method, .array(params))
    }
}
