import Foundation

/// Where the assistant's endpoint, key and model come from. Precedence (BRIEF):
/// flags > environment (`OPENAI_URL`, `OPENAI_KEY`, `OPENAI_MODEL`) > the `ai:` block of
/// `~/.config/osvm/config.yml` > defaults (a local Ollama at `http://127.0.0.1:11434/v1`).
///
///     let cfg = try AIConfig.resolve(flags: .init(model: "gpt-4o-mini"))
///     let client = try ChatClient(config: cfg)
public struct AIConfig: Sendable, Equatable {
    public enum Source: String, Sendable { case flag, environment, configFile = "config file", defaults }

    public static let defaultURL = "http://127.0.0.1:11434/v1"
    public static let defaultModel = "llama3.2"

    public var url: String
    public var key: String?
    public var model: String
    public var urlSource: Source
    public var keySource: Source?
    public var modelSource: Source
    /// Seconds to wait for the first byte and between chunks.
    public var timeout: Double = 60
    /// Extra attempts on 429/5xx before any token arrived.
    public var maxRetries: Int = 3
    /// First backoff delay in seconds (doubles per attempt; `Retry-After` wins when shorter than 30 s).
    public var baseBackoff: Double = 0.5

    public struct Flags: Sendable {
        public var url: String?
        public var key: String?
        public var model: String?
        public init(url: String? = nil, key: String? = nil, model: String? = nil) {
            self.url = url
            self.key = key
            self.model = model
        }
    }

    public init(url: String, key: String? = nil, model: String) {
        self.url = url
        self.key = key
        self.model = model
        urlSource = .flag
        keySource = key == nil ? nil : .flag
        modelSource = .flag
    }

    /// The config file under `home`.
    public static func configPath(home: String) -> String { home + "/.config/osvm/config.yml" }

    public static func resolve(flags: Flags = Flags(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AIConfig {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = configPath(home: home)
        var file: [String: String] = [:]
        if FileManager.default.fileExists(atPath: path) {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw AIConfigError("\(path): cannot read (\(error.localizedDescription))")
            }
            file = try AIConfigFile.parse(text, path: path)
        }
        func pick(_ flag: String?, _ env: String, _ key: String) -> (String, Source)? {
            if let flag, !flag.isEmpty { return (flag, .flag) }
            if let e = environment[env], !e.isEmpty { return (e, .environment) }
            if let v = file[key], !v.isEmpty { return (v, .configFile) }
            return nil
        }
        let (url, urlSource) = pick(flags.url, "OPENAI_URL", "url") ?? (defaultURL, .defaults)
        let (model, modelSource) = pick(flags.model, "OPENAI_MODEL", "model") ?? (defaultModel, .defaults)
        let key = pick(flags.key, "OPENAI_KEY", "key")
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
              u.host != nil else {
            throw AIConfigError("invalid AI URL '\(url)' (from \(urlSource.rawValue)): set OPENAI_URL, --url or ai.url to an http(s) URL")
        }
        var cfg = AIConfig(url: url, key: key?.0, model: model)
        cfg.urlSource = urlSource
        cfg.keySource = key?.1
        cfg.modelSource = modelSource
        return cfg
    }

    /// `<url>/chat/completions` (a trailing slash or an already-complete path is accepted).
    public var completionsURL: String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/chat/completions") { return base }
        return base + "/chat/completions"
    }
}

/// A configuration problem, one line naming the file/setting.
public struct AIConfigError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ d: String) { description = d }
}
