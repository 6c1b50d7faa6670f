import Foundation

/// Where a local devnet node keeps its files: one directory under osvm's state directory
/// (`$XDG_STATE_HOME/osvm/devnet`, default `~/.local/state/osvm/devnet`), never under
/// `~/.config/solana`.
///
///     identity.json   the node's own identity keypair (0600, generated on first start)
///     ledger/         the ledger (`--ledger`; may be moved with `osvm rpc devnet --ledger DIR`)
///     validator.log   the validator's log (`--log`), also its stdout and stderr
///     validator.pid   the running node's process id
///     node.json       how it was started (port, ledger, command), for `--status`
public struct DevnetNodeLayout: Sendable, Equatable {
    public let directory: String
    public let ledger: String

    public init(directory: String, ledger: String? = nil) {
        self.directory = directory
        self.ledger = ledger ?? directory + "/ledger"
    }

    /// The standard place, from the environment (HOME, XDG_STATE_HOME).
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                ledger: String? = nil) -> DevnetNodeLayout {
        let base: String
        if let x = environment["XDG_STATE_HOME"], x.hasPrefix("/") {
            base = x
        } else {
            var home = environment["HOME"] ?? NSHomeDirectory()
            if home.hasSuffix("/") { home.removeLast() }
            base = home + "/.local/state"
        }
        return DevnetNodeLayout(directory: base + "/osvm/devnet", ledger: ledger)
    }

    public var identity: String { directory + "/identity.json" }
    public var log: String { directory + "/validator.log" }
    public var pidFile: String { directory + "/validator.pid" }
    public var record: String { directory + "/node.json" }
}
