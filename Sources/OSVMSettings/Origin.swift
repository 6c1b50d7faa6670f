/// Where an effective setting came from, so `osvm config show` and every error can say
/// which flag, variable or file line to fix.
public enum Origin: Sendable, Equatable, CustomStringConvertible {
    /// A command-line flag, e.g. `--url`.
    case flag(String)
    /// An environment variable, e.g. `OSVM_RPC_URL`.
    case environment(String)
    /// A key of the config file (the key as written, e.g. `json_rpc_url` or `ai.key`).
    case file(path: String, line: Int, key: String)
    /// The built-in default.
    case defaultValue

    public var description: String {
        switch self {
        case .flag(let f): return "flag \(f)"
        case .environment(let v): return "env \(v)"
        case .file(let p, let l, let k): return "\(p):\(l) (\(k))"
        case .defaultValue: return "default"
        }
    }

    /// The coarse kind, without the flag/variable/line (what summaries print).
    public var source: SettingSource {
        switch self {
        case .flag: return .flag
        case .environment: return .environment
        case .file: return .configFile
        case .defaultValue: return .defaults
        }
    }

    /// `flag`, `env`, `file` or `default` (the `--json` form's `origin` field).
    public var kind: String {
        switch self {
        case .flag: return "flag"
        case .environment: return "env"
        case .file: return "file"
        case .defaultValue: return "default"
        }
    }
}

/// One effective value and its origin.
public struct Setting<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var origin: Origin
    public init(_ value: Value, _ origin: Origin) {
        self.value = value
        self.origin = origin
    }
}

/// Which layer of the precedence (flag > environment > config file > default) a setting
/// came from: the one enum the chain and AI configurations share.
public enum SettingSource: String, Sendable { case flag, environment, configFile = "config file", defaults }
