/// Solana RPC builtins (spec §13). Each builds a JSON-RPC method and params array with the
/// pure `rpcRequest(for:args:)` and hands them to `Host.rpc`; with no endpoint they raise
/// `user` "rpc: offline".
///
///     (getBalance "Addr…")                                  ; params ["Addr…"]
///     (getSignaturesForAddress :address a :limit 10)        ; params [a {"limit":10}]
///     (getAccountInfo a {:commitment "finalized"})          ; params [a {"encoding":"base64","commitment":"finalized"}]
///
/// The builtins and their argument mappings come from `RPCMethodTable`.
extension Builtins {
    static var rpcBuiltins: [Builtin] {
        var list = RPCMethodTable.all.flatMap(\.builtins).map { b in
            Builtin(b.name, min: 0, max: nil, doc: b.doc) { args, interp in
                try sysCallRPC(b.name, args, interp)
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
        guard let (entry, m) = RPCMethodTable.builtin(named: builtin) else {
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
        return (entry.method, .array(params))
    }
}
