import Foundation

/// Every osvm setting with the brief's precedence: flag > environment > config file >
/// default. Loading parses the file (syntax errors throw); each accessor validates only the
/// value that wins, so a bad `ai.url` does not stop `osvm balance`, and a bad value that
/// does win is an error naming its origin — never a silent fallback.
///
/// An empty environment variable counts as unset (`OSVM_RPC_URL= osvm …` is the shell's
/// way to unset for one command); an empty flag or an empty file value is an error.
///
///     let s = try Settings.load(flags: .init(url: "devnet"))
///     let rpc = try s.rpcURL()          // Setting(value: "https://api.devnet…", origin: .flag("--url"))
public struct Settings: Sendable {
    public struct Flags: Sendable, Equatable {
        public var url, keypair, commitment, aiURL, aiKey, aiModel: String?
        /// How the command spells its RPC flag (`--url`, or `--rpc-url` for chat/ask), for errors.
        public var urlFlag = "--url"
        public init(url: String? = nil, keypair: String? = nil, commitment: String? = nil,
                    aiURL: String? = nil, aiKey: String? = nil, aiModel: String? = nil) {
            (self.url, self.keypair, self.commitment) = (url, keypair, commitment)
            (self.aiURL, self.aiKey, self.aiModel) = (aiURL, aiKey, aiModel)
        }
    }

    public static let defaultAIURL = "http://127.0.0.1:11434/v1"
    public static let defaultAIModel = "llama3.2"
    public static let defaultCommitment = "confirmed"
    public static let commitments = ["processed", "confirmed", "finalized"]

    public let flags: Flags
    public let environment: [String: String]
    public let configPath: String
    /// The parsed config file; nil when it does not exist.
    public let file: ConfigFile?

    /// Unknown keys and other things worth a line on stderr (the caller prints them).
    public var warnings: [String] {
        guard let file else { return [] }
        var w = file.warnings
        if let key = file.entries["ai.key"] ?? file.entries["ai_key"],
           let open = PrivateFile.accessibleByOthers(file.path) {
            w.append("\(file.path):\(key.line): holds an API key ('\(key.key)') but has mode 0\(String(open, radix: 8)); run: chmod 600 \(file.path)")
        }
        return w
    }

    public var home: String { environment["HOME"] ?? NSHomeDirectory() }

    public static func load(flags: Flags = Flags(),
                            environment: [String: String] = ProcessEnvironment.current(),
                            configPath: String? = nil) throws(SettingsError) -> Settings {
        let path = configPath ?? ConfigFile.standardPath(environment: environment)
        return Settings(flags: flags, environment: environment, configPath: path, file: try ConfigFile.load(path: path))
    }

    public init(flags: Flags, environment: [String: String], configPath: String, file: ConfigFile?) {
        self.flags = flags
        self.environment = environment
        self.configPath = configPath
        self.file = file
    }

    /// The raw winning text of one setting, before validation; nil when nothing sets it.
    public func raw(_ key: ConfigKey, flag: String?, flagName: String, env: String) throws(SettingsError) -> Setting<String>? {
        if let flag {
            guard !flag.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SettingsError("\(flagName) is empty: give a value or leave the flag out")
            }
            return Setting(flag, .flag(flagName))
        }
        if let e = environment[env], !e.isEmpty { return Setting(e, .environment(env)) }
        for alias in key.aliases {
            guard let entry = file?.entries[alias] else { continue }
            let origin = Origin.file(path: configPath, line: entry.line, key: entry.key)
            guard !entry.value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SettingsError("\(configPath):\(entry.line): '\(entry.key)' has no value (remove the line or give a value)")
            }
            return Setting(entry.value, origin)
        }
        return nil
    }

    /// The RPC endpoint as a URL (monikers expanded). Default: mainnet.
    public func rpcURL() throws(SettingsError) -> Setting<String> {
        guard let r = try raw(.rpcURL, flag: flags.url, flagName: flags.urlFlag, env: "OSVM_RPC_URL") else {
            return Setting(RPCEndpoint.mainnet, .defaultValue)
        }
        return Setting(try RPCEndpoint.resolve(r.value, origin: r.origin), r.origin)
    }

    /// The keypair file, `~` expanded; nil when none is configured.
    public func keypairPath() throws(SettingsError) -> Setting<String>? {
        guard let r = try raw(.keypairPath, flag: flags.keypair, flagName: "--keypair", env: "OSVM_KEYPAIR") else { return nil }
        return Setting(Self.expandTilde(r.value, home: home), r.origin)
    }

    /// `processed`, `confirmed` (default) or `finalized`.
    public func commitment() throws(SettingsError) -> Setting<String> {
        guard let r = try raw(.commitment, flag: flags.commitment, flagName: "--commitment", env: "OSVM_COMMITMENT") else {
            return Setting(Self.defaultCommitment, .defaultValue)
        }
        let c = r.value.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.commitments.contains(c) else {
            throw SettingsError("invalid commitment '\(r.value)' (from \(r.origin)): expected processed, confirmed or finalized")
        }
        return Setting(c, r.origin)
    }

    /// The assistant's OpenAI-compatible base URL. Default: a local Ollama.
    public func aiURL() throws(SettingsError) -> Setting<String> {
        guard let r = try raw(.aiURL, flag: flags.aiURL, flagName: "--ai-url", env: "OPENAI_URL") else {
            return Setting(Self.defaultAIURL, .defaultValue)
        }
        let t = r.value.trimmingCharacters(in: .whitespaces)
        if let problem = RPCEndpoint.httpURLProblem(t, expected: "expected an http(s) URL") {
            throw SettingsError("invalid AI URL '\(Redact.url(t))' (from \(r.origin)): \(problem)")
        }
        return Setting(t, r.origin)
    }

    /// The assistant's API key; nil when none is set.
    public func aiKey() throws(SettingsError) -> Setting<String>? {
        guard let r = try raw(.aiKey, flag: flags.aiKey, flagName: "--ai-key", env: "OPENAI_KEY") else { return nil }
        return Setting(r.value.trimmingCharacters(in: .whitespaces), r.origin)
    }

    public func aiModel() throws(SettingsError) -> Setting<String> {
        guard let r = try raw(.aiModel, flag: flags.aiModel, flagName: "--model", env: "OPENAI_MODEL") else {
            return Setting(Self.defaultAIModel, .defaultValue)
        }
        return Setting(r.value.trimmingCharacters(in: .whitespaces), r.origin)
    }

    /// The fleet's Prometheus (its HTTP API, e.g. `http://127.0.0.1:9090`); nil when none is
    /// configured — then the Nodes pane and `osvm nodes status/monitor` probe over SSH.
    public func prometheusURL(flag: String?) throws(SettingsError) -> Setting<String>? {
        guard let r = try raw(.prometheusURL, flag: flag, flagName: "--prometheus", env: "OSVM_PROMETHEUS_URL") else { return nil }
        let t = r.value.trimmingCharacters(in: .whitespaces)
        if let problem = RPCEndpoint.httpURLProblem(t, expected: "expected an http(s) URL such as http://127.0.0.1:9090") {
            throw SettingsError("invalid Prometheus URL '\(Redact.url(t))' (from \(r.origin)): \(problem)")
        }
        return Setting(t, r.origin)
    }

    /// The `agave-validator` to run for `osvm rpc devnet`, `~` expanded; nil = search PATH.
    public func validatorBin(flag: String?) throws(SettingsError) -> Setting<String>? {
        guard let r = try raw(.validatorBin, flag: flag, flagName: "--validator-bin", env: "OSVM_VALIDATOR_BIN") else { return nil }
        return Setting(Self.expandTilde(r.value.trimmingCharacters(in: .whitespaces), home: home), r.origin)
    }

    public static func expandTilde(_ p: String, home: String) -> String {
        if p == "~" { return home }
        if p.hasPrefix("~/") { return home + String(p.dropFirst(1)) }
        return p
    }
}
