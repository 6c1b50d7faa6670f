import Foundation
import OSVMSettings

/// Where the assistant's endpoint, key and model come from. Precedence (BRIEF):
/// flags > environment (`OPENAI_URL`, `OPENAI_KEY`, `OPENAI_MODEL`) > the `ai:` block of
/// `~/.config/osvm/config.yml` > defaults (a local Ollama at `http://127.0.0.1:11434/v1`).
///
///     let cfg = try AIConfig.resolve(flags: .init(model: "gpt-4o-mini"))
///     let client = try ChatClient(config: cfg)
public struct AIConfig: Sendable, Equatable {
    public typealias Source = SettingSource

    public static let defaultURL = Settings.defaultAIURL
    public static let defaultModel = Settings.defaultAIModel

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
    /// Unknown config keys and similar, for the caller to print.
    public var warnings: [String] = []

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
    public static func configPath(home: String) -> String { ConfigFile.standardPath(environment: ["HOME": home]) }

    /// Resolves through OSVMSettings (the one config.yml parser). Errors are
    /// `SettingsError`s naming the flag, variable or `file:line` that holds the bad value.
    public static func resolve(flags: Flags = Flags(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AIConfig {
        let s = try Settings.load(flags: .init(aiURL: flags.url, aiKey: flags.key, aiModel: flags.model), environment: environment)
        return try AIConfig(s)
    }

    public init(_ s: Settings) throws {
        let url = try s.aiURL()
        let key = try s.aiKey()
        let model = try s.aiModel()
        self.init(url: url.value, key: key?.value, model: model.value)
        urlSource = url.origin.source
        keySource = key?.origin.source
        modelSource = model.origin.source
        warnings = s.warnings
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
