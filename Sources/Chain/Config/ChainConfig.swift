import Foundation
import OSVMSettings

/// The RPC endpoint, keypair and commitment for Chain commands, resolved by OSVMSettings
/// (the one `~/.config/osvm/config.yml` parser) with the brief's precedence: flags >
/// environment (`OSVM_RPC_URL`, `OSVM_KEYPAIR`, `OSVM_COMMITMENT`) > config file > defaults.
/// osvm only reads that file. It never reads or writes `~/.config/solana/`.
public struct ChainConfig: Sendable, Equatable {
    public typealias Source = SettingSource

    public var rpcURL: String
    public var rpcOrigin: Origin
    public var keypairPath: String?
    public var keypairOrigin: Origin?
    public var commitment: Commitment
    /// The config file that was read, if any.
    public var configFile: String?
    /// Unknown config keys and similar, for the caller to print.
    public var warnings: [String] = []

    public var rpcSource: Source { rpcOrigin.source }
    public var keypairSource: Source? { keypairOrigin?.source }

    public static let defaultRPC = RPCEndpoint.mainnet

    /// The config file path under `home` (default: `$HOME`).
    public static func configPath(home: String? = nil) -> String {
        ConfigFile.standardPath(environment: ["HOME": home ?? ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()])
    }

    /// Resolves from flags, `environment` and the config file at `configPath`. Errors are
    /// `SettingsError`s naming the flag, variable or `file:line` that holds the bad value.
    public static func resolve(url: String? = nil, keypair: String? = nil, commitment: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               configPath: String? = nil) throws -> ChainConfig {
        let s = try Settings.load(flags: .init(url: url, keypair: keypair, commitment: commitment),
                                  environment: environment, configPath: configPath)
        return try ChainConfig(s)
    }

    public init(_ s: Settings) throws {
        let rpc = try s.rpcURL()
        let kp = try s.keypairPath()
        let c = try s.commitment()
        rpcURL = rpc.value
        rpcOrigin = rpc.origin
        keypairPath = kp?.value
        keypairOrigin = kp?.origin
        commitment = Commitment(rawValue: c.value) ?? .confirmed
        configFile = s.file?.path
        warnings = s.warnings
    }

}
