/// The shape a Solana RPC method's `result` must have (`RPCMethodSpec.result`). Callers
/// that hand raw results on (the OVSM builtins through `LiveHost`, the assistant's tools)
/// check them, so a node that answers `getSlot` with `[1,2,3]` or a 50 MB string is an
/// error, not a value a script silently computes with. Chain adds the throwing
/// `check(method:_:)`; methods without a shape are passed through (scripts may call any).
public indirect enum RPCResultShape: Sendable, Equatable {
    case uint, ok, object, array
    case orNull(RPCResultShape)
    /// `{"context": …, "value": <shape>}`.
    case context(RPCResultShape)

    /// The declared shape of `method`'s result, from the table.
    public static func of(method: String) -> RPCResultShape? {
        RPCMethodTable.byMethod[method]?.result
    }

    /// "a non-negative integer", "{context, value: an array}", … for error messages.
    public var expected: String {
        switch self {
        case .uint: return "a non-negative integer"
        case .ok: return "\"ok\""
        case .object: return "an object"
        case .array: return "an array"
        case .orNull(let s): return s.expected + " or null"
        case .context(let s): return "{context, value: \(s.expected)}"
        }
    }

    public func matches(_ v: Value) -> Bool {
        switch (self, v) {
        case (.uint, .int(let i)): return i >= 0
        case (.ok, .string("ok")): return true
        case (.object, .object), (.array, .array): return true
        case (.orNull, .null): return true
        case (.orNull(let s), _): return s.matches(v)
        case (.context(let s), .object(let o)):
            guard let inner = o["value"] else { return false }
            return s.matches(inner)
        default: return false
        }
    }
}
