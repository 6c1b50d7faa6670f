/// Errors of the Chain library that are not RPC errors (those are `RPCError`).
/// Each prints as one clear line.
public enum ChainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A malformed address/signature/hash; `what` names the argument ("address", "signature").
    case invalidEncoding(what: String, value: String, reason: String)
    /// A keypair file problem: path and reason.
    case keypair(path: String, reason: String)
    /// Bytes that are not a valid message/transaction.
    case decode(String)
    /// A message that cannot be compiled (no instructions, too many accounts, ...).
    case compile(String)
    /// Signing problems (missing signer, unknown signer).
    case signing(String)
    /// Amount parsing/formatting problems.
    case amount(String)
    /// Configuration problems (bad URL, unreadable config).
    case config(String)

    public var description: String {
        switch self {
        case .invalidEncoding(let what, let value, let reason):
            let shown = value.count > 100 ? String(value.prefix(100)) + "…" : value
            return "invalid \(what) '\(shown)': \(reason)"
        case .keypair(let path, let reason): return "keypair \(path): \(reason)"
        case .decode(let m): return "cannot decode: \(m)"
        case .compile(let m): return "cannot build message: \(m)"
        case .signing(let m): return "cannot sign: \(m)"
        case .amount(let m): return m
        case .config(let m): return "config: \(m)"
        }
    }
}
