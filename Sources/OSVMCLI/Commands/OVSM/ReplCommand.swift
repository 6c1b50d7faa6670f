import ArgumentParser
import Foundation
import OSVMHost

/// `osvm ovsm repl`: the interactive OVSM session (see `REPLSession`).
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Interactive OVSM session.",
        discussion: """
            Reads complete forms (a continuation prompt "  ... " while brackets are open), \
            evaluates them in one session and prints their values. Definitions persist until \
            :reset. Ctrl-C interrupts a running evaluation and keeps the session. Type :help \
            for meta commands and keys. History: $XDG_STATE_HOME/osvm/ovsm_history \
            (default ~/.local/state/osvm/ovsm_history). With piped input, lines are read \
            plainly and only results and errors are printed.
            """)

    @Option(name: [.short, .customLong("url")], help: "RPC endpoint for RPC builtins: mainnet, devnet, testnet, localnet or a URL.")
    var url: String?

    @Flag(name: .customLong("no-history"), help: "Neither read nor write the history file.")
    var noHistory = false

    func run() throws {
        // Resolved once, before the session starts: a bad value is a usage error, not "offline".
        let endpoint: String
        switch CLISettings.ovsmEndpoint(url) {
        case .success(let u): endpoint = u
        case .failure(let e):
            stderrLine("error: \(e)")
            throw ExitCode(2)
        }
        let session = REPLSession(interactive: REPLTerminal.isInteractive, rpcURL: endpoint,
                                  historyPath: noHistory ? nil : History.defaultPath())
        let status = session.run()
        if status != 0 { throw ExitCode(status) }
    }
}
