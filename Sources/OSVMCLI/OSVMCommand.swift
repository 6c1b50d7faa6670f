import ArgumentParser
import Foundation
import OSVMHost
import OSVMSettings
import OSVMTUI

/// `osvm`: the command-line shell over OVSMKit, Chain, Deploy, the assistant and the workbench.
@main
struct OSVMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "osvm",
        abstract: "A terminal workbench for Solana: OVSM scripting, RPC, node deployment, AI chat.",
        discussion: """
        osvm tui                     the full-screen workbench (also: osvm-tui)
        osvm ovsm repl               interactive OVSM
        osvm user@host --svm solana --node-type rpc --network devnet   deploy a node
        osvm deploy target/deploy/hello.so -u devnet   deploy a program
        osvm doctor [--fix]          check the set-up
        osvm "what is the current slot?"   ask the assistant (words osvm does not know go to `ask`)

        Global: --version (-V) prints the version, commit and build date; --debug (anywhere, or
        OSVM_LOG=debug) traces every RPC call, HTTP request and ssh command with timings on stderr.
        """,
        subcommands: [OVSMCommand.self, TUICommand.self, ConfigCommand.self, DoctorCommand.self] + chainSubcommands + aiSubcommands + deploySubcommands + [AuditCommand.self]
    )

    /// Routes the shorthands before ArgumentParser sees the arguments: `tui` runs the
    /// workbench on this (main) thread before any other thread exists; plain
    /// `ovsm run|eval|check` take the fast path; `user@host[:port]` becomes `deploy`; an
    /// unknown first word becomes a one-shot `ask`.
    static func main() async {
        MallocTuning.apply()
        var args = Array(CommandLine.arguments.dropFirst())
        // `--debug` anywhere before a `--`: trace RPC/HTTP/ssh on stderr (= OSVM_LOG=debug).
        let end = args.firstIndex(of: "--") ?? args.endIndex
        if args[..<end].contains("--debug") {
            args = args[..<end].filter { $0 != "--debug" } + args[end...]
            DebugLog.enable()
            DebugLog.log("osvm", BuildInfo.line() + ": " + Redact.arguments(args).joined(separator: " "))
        }
        if args.first == "--version" || args.first == "-V" {
            print(BuildInfo.line())
            Foundation.exit(0)
        }
        if args.first == "tui" {
            Foundation.exit(runWorkbench(arguments: Array(args.dropFirst())))
        }
        // `chat --advanced` is the workbench with the chat pane focused (same thread rule as `tui`).
        if args.first == "chat", args.contains("--advanced") {
            Foundation.exit(runWorkbench(arguments: ["--chat"] + args.dropFirst().filter { $0 != "--advanced" }))
        }
        // Before the first `await`: it stays on this thread, with no hop to the concurrency pool.
        if let invocation = OVSMFastPath.parse(args) {
            Foundation.exit(OVSMFastPath.run(invocation))
        }
        await runParsed(CommandRouter.route(args))
    }

    static func runParsed(_ args: [String]) async {
        do {
            var command = try parseAsRoot(args)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// `osvm tui` (routed in `main` so curses owns signals from the start; this entry exists
/// for help and completion).
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: "Open the full-screen workbench: osvm tui [FILE] [--url URL] [--theme NAME] [--mouse] [--record FILE]; osvm tui --replay FILE")
    @Argument(parsing: .captureForPassthrough) var passthrough: [String] = []
    func run() throws {
        let status = runWorkbench(arguments: passthrough)
        if status != 0 { throw ExitCode(status) }
    }
}

enum CommandRouter {
    static var knownNames: Set<String> {
        var names: Set<String> = ["help"]
        for c in OSVMCommand.configuration.subcommands {
            names.insert(c._commandName)
            for a in c.configuration.aliases { names.insert(a) }
        }
        return names
    }

    static func route(_ args: [String]) -> [String] {
        guard let first = args.first, !first.hasPrefix("-") else { return args }
        if let rewritten = deployShorthand(args) { return rewritten }
        if knownNames.contains(first) { return args }
        return ["ask"] + args
    }
}
