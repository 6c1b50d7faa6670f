import ArgumentParser
import Assistant
import Chain
import Foundation
import OSVMSettings

/// The AI commands the root `osvm` command registers.
let aiSubcommands: [any ParsableCommand.Type] = [ChatCommand.self, AskCommand.self, MCPCommand.self]

/// `--url`, `--key`, `--model`, shared by `chat` and `ask`.
struct AIOptions: ParsableArguments {
    @Option(name: .customLong("ai-url"), help: "OpenAI-compatible base URL (default: $OPENAI_URL, then ai.url in ~/.config/osvm/config.yml, then http://127.0.0.1:11434/v1).")
    var url: String?

    @Option(name: .customLong("ai-key"), help: "API key (default: $OPENAI_KEY, then ai.key).")
    var key: String?

    @Option(help: "Model name (default: $OPENAI_MODEL, then ai.model).")
    var model: String?

    @Option(name: .customLong("rpc-url"), help: "Solana RPC for the chain tools (default: $OSVM_RPC_URL, config, mainnet).")
    var rpcURL: String?

    @Flag(help: "Do not offer MCP server tools.")
    var noMCP = false

    @Option(help: "Seconds to wait for the model's first byte and between chunks.")
    var timeout: Double = 60

    func config() throws -> AIConfig {
        var c = try AIConfig(CLISettings.load(.init(aiURL: url, aiKey: key, aiModel: model)))
        c.timeout = timeout
        return c
    }
}

/// Builds the toolbox of a session: run_ovsm, the read-only chain tools, MCP tools.
struct AISession {
    var agent: Agent
    var hub: MCPHub?
    var rpcURL: String

    static let systemPrompt = SystemPrompt.text(host: "osvm")

    static func make(options: AIOptions, approve: OVSMApproval?) async throws -> AISession {
        let cfg = try options.config()
        var flags = Settings.Flags(url: options.rpcURL)
        flags.urlFlag = "--rpc-url"
        let chain = try ChainConfig(CLISettings.load(flags))
        var settings = OVSMRunner.Settings()
        settings.rpcURL = chain.rpcURL
        var box = Toolbox([OVSMRunner(settings: settings).tool(approve: approve)] + ChainTools.make(rpcURL: chain.rpcURL))
        var hub: MCPHub?
        if !options.noMCP {
            let servers = try MCPConfigStore.forCurrentUser().load()
            if servers.contains(where: \.enabled) {
                let h = MCPHub(servers: servers)
                await h.connectAll()
                for (name, st) in await h.status.sorted(by: { $0.key < $1.key }) {
                    if case .failed(let why) = st { stderrLine("warning: MCP server '\(name)' failed: \(why)") }
                }
                for t in await h.agentTools() { box.add(t) }
                hub = h
            }
        }
        return AISession(agent: Agent(client: ChatClient(config: cfg), toolbox: box), hub: hub, rpcURL: chain.rpcURL)
    }
}

/// Reads one line from the terminal for a yes/no/view/edit question.
func askApproval(code: String, io: TerminalIO) -> ApprovalDecision {
    io.line("\u{1B}[33m▶ the assistant wants to run OVSM:\u{1B}[0m")
    io.line(indent(code))
    while true {
        io.write("run it? [y]es / [n]o / [v]iew / [e]dit: ")
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return .no }
        switch answer {
        case "y", "yes": return .yes
        case "n", "no", "": return .no
        case "v", "view": io.line(indent(code))
        case "e", "edit":
            io.line("enter the new script; finish with a line containing only '.'")
            var lines: [String] = []
            while let l = readLine(), l != "." { lines.append(l) }
            return lines.isEmpty ? .no : .edit(lines.joined(separator: "\n"))
        default: io.line("answer y, n, v or e")
        }
    }
}

func indent(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
}

/// Unbuffered stdout writes (tokens must appear as they arrive).
struct TerminalIO: Sendable {
    var color: Bool = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    func write(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    func line(_ s: String) { write(s + "\n") }
}
