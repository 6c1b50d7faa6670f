import OVSMKit

/// The shape a Solana RPC method's `result` must have, by method name. Callers that hand
/// raw results on (the OVSM builtins through `LiveHost`) check them here, so a node that
/// answers `getSlot` with `[1,2,3]` or a 50 MB string is an error, not a value a script
/// silently computes with. Methods not listed are passed through unchecked (the spec lets
/// scripts call any method).
public indirect enum RPCResultShape: Sendable {
    case uint, ok, object, array
    case orNull(RPCResultShape)
    /// `{"context": …, "value": <shape>}`.
    case context(RPCResultShape)

    public static let byMethod: [String: RPCResultShape] = [
        "getSlot": .uint, "getBlockHeight": .uint, "getTransactionCount": .uint,
        "getMinimumBalanceForRentExemption": .uint, "getBlockTime": .orNull(.uint),
        "getHealth": .ok, "getEpochInfo": .object, "getVersion": .object,
        "getBalance": .context(.uint), "getAccountInfo": .context(.orNull(.object)),
        "getMultipleAccounts": .context(.array), "getSignatureStatuses": .context(.array),
        "getLatestBlockhash": .context(.object), "getTokenAccountsByOwner": .context(.array),
        "getTokenAccountBalance": .context(.object), "getTokenSupply": .context(.object),
        "getSignaturesForAddress": .array, "getTransaction": .orNull(.object), "getBlock": .orNull(.object),
    ]

    var expected: String {
        switch self {
        case .uint: return "a non-negative integer"
        case .ok: return "\"ok\""
        case .object: return "an object"
        case .array: return "an array"
        case .orNull(let s): return s.expected + " or null"
        case .context(let s): return "{context, value: \(s.expected)}"
        }
    }

    /// Throws `unexpectedResult` ("expected a non-negative integer, got array") on a mismatch.
    public static func check(method: String, _ v: Value) throws {
        guard let shape = byMethod[method] else { return }
        if !shape.matches(v) {
            throw Reader(method: method).mismatch("result", expected: shape.expected, got: v)
        }
    }

    func matches(_ v: Value) -> Bool {
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
