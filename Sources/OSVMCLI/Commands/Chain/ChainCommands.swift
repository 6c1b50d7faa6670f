import ArgumentParser
import Chain
import Foundation
import OSVMSettings
import OVSMKit

/// The Chain commands the root `osvm` command registers.
let chainSubcommands: [any ParsableCommand.Type] = [
    BalanceCommand.self, TransferCommand.self, AirdropCommand.self, RPCCommand.self,
]

/// `-u/--url`, `--keypair`, `--commitment`, `--timeout`, shared by every Chain command.
struct ChainOptions: ParsableArguments {
    @Option(name: [.customShort("u"), .long], help: "RPC endpoint: mainnet, devnet, testnet, localnet or an http(s) URL (default: $OSVM_RPC_URL, then ~/.config/osvm/config.yml, then mainnet).")
    var url: String?

    @Option(help: "Solana JSON keypair file (default: $OSVM_KEYPAIR, then keypair_path in ~/.config/osvm/config.yml).")
    var keypair: String?

    @Option(help: "Commitment: processed, confirmed or finalized.")
    var commitment: String?

    @Option(help: "Seconds to wait for each RPC answer.")
    var timeout: Double = 30

    func config() throws -> ChainConfig {
        try ChainConfig(CLISettings.load(.init(url: url, keypair: keypair, commitment: commitment)))
    }

    func client(_ cfg: ChainConfig) throws -> RPCClient {
        try RPCClient(url: cfg.rpcURL, timeout: timeout)
    }

    /// The keypair from flags/env/config, or a clear error.
    func loadKeypair(_ cfg: ChainConfig) throws -> Keypair {
        guard let path = cfg.keypairPath else {
            throw CLIError("no keypair: pass --keypair FILE, set OSVM_KEYPAIR, or set keypair_path in ~/.config/osvm/config.yml")
        }
        // Like ssh's "UNPROTECTED PRIVATE KEY FILE", but a warning: the key is still used.
        if let warning = PrivateFile.unprotectedWarning(path) { stderrLine(warning) }
        return try Keypair.read(path: path)
    }
}

/// A one-line user-facing error.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Runs a command body: any error → `error: <one line>` on stderr and exit status 1.
func chainRun(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as ExitCode {
        throw e
    } catch let e as SettingsError {
        stderrLine("error: \(e)")
        throw ExitCode(2)
    } catch let e as RPCError {
        stderrLine("error: \(e.description)")
        throw ExitCode(1)
    } catch {
        stderrLine("error: \(PlainError.describe(error))")
        throw ExitCode(1)
    }
}

/// One line on stderr, sanitised: error lines quote remote text (server messages, bodies).
func stderrLine(_ s: String) {
    FileHandle.standardError.write(Data((TerminalText.line(s) + "\n").utf8))
}

func stdoutWrite(_ s: String) {
    FileHandle.standardOutput.write(Data(s.utf8))
}

/// Compact JSON of a value, one line.
func jsonLine(_ v: Value) throws -> String { try JSON.stringify(v) }

func formatTime(_ unix: Int?) -> String {
    guard let unix else { return "-" }
    let f = DateFormatter()
    f.locale = Locale(identifier: "en_US_POSIX")
    f.timeZone = TimeZone(identifier: "UTC")
    f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    return f.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
}

/// One-line display of a transaction error value ("InstructionError [0 {:Custom 1}]").
func errorText(_ v: Value?) -> String {
    guard let v else { return "ok" }
    return (try? JSON.stringify(v)) ?? "failed"
}
