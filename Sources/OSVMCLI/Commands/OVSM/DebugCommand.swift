import ArgumentParser
import Foundation
import OVSMKit

/// `osvm ovsm debug FILE [--break LINE]…`: a gdb-like line debugger for OVSM scripts
/// (docs/DEBUGGER.md). The console is `DebugConsole`; the engine is OVSMKit's `Debugger`.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Debug an OVSM script: breakpoints, stepping, locals, watches, evaluation in the paused frame.",
        discussion: """
        Reads commands from standard input (type `help` at the (ovsm-debug) prompt). The \
        program starts with `run` (or `step` to stop at its first line) and pauses at \
        breakpoints; each pause prints FILE:LINE and the source line. Scripts run offline \
        unless --url is given.

        Examples:
          osvm ovsm debug fact.ovsm --break 4
          printf 'break 4\\nrun\\nlocals\\nprint (* n 2)\\ncontinue\\n' | osvm ovsm debug fact.ovsm
        """)

    @Option(name: [.customShort("b"), .customLong("break")], help: "Set a breakpoint on this line (repeatable).")
    var breakpoints: [Int] = []

    @Option(name: [.short, .customLong("url")], help: "RPC endpoint for RPC builtins: mainnet, devnet, testnet, localnet or a URL.")
    var url: String?

    @Argument(help: "The script to debug.") var file: String

    func run() throws {
        guard let source = SourceFile.read(file, json: false) else { throw ExitCode(2) }
        let console = DebugConsole(file: file, source: source, rpcURL: url)
        for line in breakpoints {
            if let problem = console.checkLine(line) {
                ErrorReport.line("error: --break \(line): \(problem)")
                throw ExitCode(2)
            }
        }
        console.breakpoints = Set(breakpoints)
        throw ExitCode(console.run())
    }
}
