/// The keys `~/.config/osvm/config.yml` understands. Ours and the Solana CLI's names are
/// both accepted so one file can serve both tools; where two keys mean the same setting
/// the earlier one in `aliases` wins.
public enum ConfigKey: String, Sendable, CaseIterable {
    case rpcURL = "rpc_url"
    case keypairPath = "keypair_path"
    case commitment
    case aiURL = "ai.url"
    case aiKey = "ai.key"
    case aiModel = "ai.model"
    case prometheusURL = "prometheus_url"
    /// The `agave-validator` binary `osvm rpc devnet` runs (default: found on PATH).
    case validatorBin = "validator_bin"

    /// Keys as they may be written (dotted = inside a block), best first.
    public var aliases: [String] {
        switch self {
        case .rpcURL: return ["rpc_url", "json_rpc_url", "url"]
        case .keypairPath: return ["keypair_path", "keypair"]
        case .commitment: return ["commitment"]
        case .aiURL: return ["ai.url", "ai_url"]
        case .aiKey: return ["ai.key", "ai_key"]
        case .aiModel: return ["ai.model", "ai_model"]
        case .prometheusURL: return ["prometheus_url"]
        case .validatorBin: return ["validator_bin"]
        }
    }

    /// Top-level keys holding one scalar.
    static let topLevelScalars: Set<String> = Set(allCases.flatMap(\.aliases).filter { !$0.contains(".") })
    /// Keys inside the `ai:` block.
    static let aiBlock: Set<String> = ["url", "key", "model"]
    /// Keys the Solana CLI writes that osvm does not use: accepted silently (any shape).
    static let solanaOnly: Set<String> = ["websocket_url", "address_labels"]
}
