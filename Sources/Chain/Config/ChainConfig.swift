import Foundation

/// Where the RPC endpoint and the keypair come from, with the brief's precedence:
/// command-line flags > environment (`OSVM_RPC_URL`, `OSVM_KEYPAIR`, `OSVM_COMMITMENT`) >
/// `~/.config/osvm/config.yml` > built-in defaults.
///
/// The config file is the flat `key: value` subset of YAML:
///
///     # ~/.config/osvm/config.yml
///     rpc_url: devnet                 # or json_rpc_url; a cluster name or a URL
///     keypair_path: ~/keys/dev.json   # or keypair
///     commitment: confirmed
///
/// osvm only reads this file. It never reads or writes `~/.config/solana/`.
public struct ChainConfig: Sendable, Equatable {
    public enum Source: String, Sendable { case flag, environment, configFile = "config file", defaults }

    public var rpcURL: String
    public var rpcSource: Source
    public var keypairPath: String?
    public var keypairSource: Source?
    public var commitment: Commitment
    /// The config file that was read, if any.
    public var configFile: String?

    public static let defaultRPC = Cluster.mainnet.url

    /// The config file path under `home` (default: `$HOME`).
    public static func configPath(home: String? = nil) -> String {
        let h = home ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return h + "/.config/osvm/config.yml"
    }

    /// Resolves from flags, `environment` and the config file at `configPath`.
    public static func resolve(url: String? = nil, keypair: String? = nil, commitment: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               configPath: String? = nil) throws -> ChainConfig {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = configPath ?? (home + "/.config/osvm/config.yml")
        var file: [String: String] = [:]
        var fileUsed: String?
        if FileManager.default.fileExists(atPath: path) {
            file = try readFlatYAML(path: path)
            fileUsed = path
        }
        func pick(_ flag: String?, _ env: String, _ keys: [String]) -> (String, Source)? {
            if let flag, !flag.isEmpty { return (flag, .flag) }
            if let e = environment[env], !e.isEmpty { return (e, .environment) }
            for k in keys { if let v = file[k], !v.isEmpty { return (v, .configFile) } }
            return nil
        }
        var cfg = ChainConfig(rpcURL: defaultRPC, rpcSource: .defaults, keypairPath: nil, keypairSource: nil,
                              commitment: .confirmed, configFile: fileUsed)
        if let (u, src) = pick(url, "OSVM_RPC_URL", ["rpc_url", "json_rpc_url", "url"]) {
            do { cfg.rpcURL = try Cluster.resolve(u) } catch {
                let from = src == .flag ? "--url" : src == .environment ? "OSVM_RPC_URL" : path
                throw ChainError.config("invalid RPC URL '\(u)' (from \(from)): expected mainnet, devnet, testnet, localnet or an http(s) URL")
            }
            cfg.rpcSource = src
        }
        if let (k, src) = pick(keypair, "OSVM_KEYPAIR", ["keypair_path", "keypair"]) {
            cfg.keypairPath = expandTilde(k, home: home)
            cfg.keypairSource = src
        }
        if let (c, src) = pick(commitment, "OSVM_COMMITMENT", ["commitment"]) {
            guard let cm = Commitment(rawValue: c.lowercased()) else {
                throw ChainError.config("invalid commitment '\(c)' (from \(src.rawValue)): expected processed, confirmed or finalized")
            }
            cfg.commitment = cm
        }
        return cfg
    }

    static func expandTilde(_ p: String, home: String) -> String {
        if p == "~" { return home }
        if p.hasPrefix("~/") { return home + String(p.dropFirst(1)) }
        return p
    }

    /// Reads `key: value` lines; `#` comments and blank lines ignored; values may be quoted.
    /// Anything else (nesting, lists) is a clear error naming the file and line.
    public static func readFlatYAML(path: String) throws -> [String: String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ChainError.config("\(path): cannot read (\(error.localizedDescription))")
        }
        return try parseFlatYAML(text, path: path)
    }

    public static func parseFlatYAML(_ text: String, path: String = "config.yml") throws -> [String: String] {
        // `key: value` lines; a `section:` line with no value starts a block whose indented
        // `key: value` lines are stored as `section.key` (e.g. the `ai:` block).
        var out: [String: String] = [:]
        var section: String? = nil
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
            let indented = line.first == " " || line.first == "\t"
            if trimmed.hasPrefix("- ") || (indented && section == nil) {
                throw ChainError.config("\(path):\(n + 1):1: only 'key: value' lines and one level of sections are supported")
            }
            if !indented { section = nil }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw ChainError.config("\(path):\(n + 1):1: expected 'key: value'")
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"") || value.hasPrefix("'") {
                let q = value.first!
                guard let end = value.dropFirst().firstIndex(of: q) else {
                    throw ChainError.config("\(path):\(n + 1): unterminated quoted value")
                }
                value = String(value[value.index(after: value.startIndex)..<end])
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            } else if value.hasPrefix("#") {
                value = ""
            }
            guard !key.isEmpty else { throw ChainError.config("\(path):\(n + 1):1: empty key") }
            if indented, let s = section {
                out[s + "." + key] = value
            } else if value.isEmpty {
                section = key
            } else {
                out[key] = value
            }
        }
        return out
    }
}
