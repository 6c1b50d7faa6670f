/// One entry of the RPC method table (`RPCMethodTable`): everything the three consumers of
/// a Solana JSON-RPC method need — the OVSM builtins (spec §13), Chain's client (retry
/// policy, result validation) and the assistant's chain tools. It lives in OVSMKit, the
/// bottom layer, so that every module can read the same table.
public struct RPCMethodSpec: Sendable {
    /// Whether a call can change state. Writes are never retried and never become tools the
    /// assistant may call without asking.
    public enum Access: Sendable { case read, write }

    /// The JSON-RPC method name (`getBalance`).
    public let method: String
    public let access: Access
    /// The shape its `result` must have; nil: passed through unchecked.
    public let result: RPCResultShape?
    /// The OVSM builtins that call it (usually one, named as the method).
    public let builtins: [RPCBuiltinSpec]
    /// The assistant tool for it, if the assistant offers one.
    public let tool: RPCToolSpec?

    /// A read method. Only reads can carry a tool.
    static func read(_ method: String, _ result: RPCResultShape?, builtins: [RPCBuiltinSpec] = [],
                     tool: RPCToolSpec? = nil) -> RPCMethodSpec {
        RPCMethodSpec(method: method, access: .read, result: result, builtins: builtins, tool: tool)
    }

    /// A write method: no builtin (scripts reach writes only through `rpc-call`), no tool.
    static func write(_ method: String) -> RPCMethodSpec {
        RPCMethodSpec(method: method, access: .write, result: nil, builtins: [], tool: nil)
    }
}

/// How one OVSM RPC builtin maps its arguments onto the method's params array.
///
///     (getSignaturesForAddress :address a :limit 10)   ; params [a {"limit":10}]
public struct RPCBuiltinSpec: Sendable {
    /// The type the primary (first) parameter must have.
    public enum Kind: Sendable { case string, array, int }
    /// The builtin's name in OVSM.
    public let name: String
    /// Keyword names accepted for the primary parameter (empty: the method takes none).
    public let primary: [String]
    public let kind: Kind
    /// Config members sent unless the caller gives them.
    public let defaults: [(String, Value)]
    /// Config members always sent with these values.
    public let forced: [(String, Value)]
    /// The parameter documentation shown by `(doc name)`.
    public let doc: String

    init(_ name: String, primary: [String] = [], kind: Kind = .string,
         defaults: [(String, Value)] = [], forced: [(String, Value)] = [], doc: String) {
        self.name = name
        self.primary = primary
        self.kind = kind
        self.defaults = defaults
        self.forced = forced
        self.doc = doc
    }
}

/// An assistant tool generated from a table entry: the model's arguments become keyword
/// arguments of `builtin`, so the tool sends exactly the params the OVSM builtin would.
///
///     get_signatures {"address": "A…", "limit": 5}  →  (getSignaturesForAddress :address "A…" :limit 5)
public struct RPCToolSpec: Sendable {
    public struct Param: Sendable {
        public enum Kind: Sendable, Equatable {
            /// A base58 account address (checked by the consumer).
            case pubkey
            /// A base58 transaction signature (checked by the consumer).
            case signature
            /// An integer clamped into `range`; `fallback` when absent.
            case integer(range: ClosedRange<Int>, fallback: Int)
        }
        /// The argument name in the tool's JSON schema.
        public let name: String
        /// The builtin keyword it is passed as.
        public let keyword: String
        public let kind: Kind
        public let description: String
        public let required: Bool
    }

    public let name: String
    public let description: String
    /// The builtin whose argument mapping the tool uses.
    public let builtin: String
    public let params: [Param]

    /// The JSON Schema of the tool's arguments, as an OVSM object (JSON-encodable).
    public var schema: Value {
        var props = OVSMObject()
        for p in params {
            let type: String
            switch p.kind {
            case .integer: type = "integer"
            case .pubkey, .signature: type = "string"
            }
            props.set(p.name, .object(OVSMObject([("type", .string(type)), ("description", .string(p.description))])))
        }
        var o = OVSMObject([("type", .string("object"))])
        let required = params.filter(\.required).map { Value.string($0.name) }
        if !required.isEmpty { o.set("required", .array(required)) }
        o.set("properties", .object(props))
        return .object(o)
    }
}

extension RPCToolSpec.Param {
    static func address(_ keyword: String = "address") -> Self {
        Self(name: "address", keyword: keyword, kind: .pubkey, description: "base58 account address", required: true)
    }
    static let signature = Self(name: "signature", keyword: "signature", kind: .signature,
                                description: "base58 transaction signature", required: true)
}
