import ArgumentParser
import Assistant
import Chain
import Foundation
import OSVMSettings
import OSVMTUI

/// `osvm chat`: line-mode chat with streaming output and slash commands.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Chat with the AI assistant (streams answers; tools: OVSM, Solana RPC, MCP).")

    @Flag(help: "Open the workbench with the chat pane focused.")
    var advanced = false

    @Flag(help: "Run OVSM the assistant proposes without asking.")
    var yes = false

    @Option(help: "Resume a saved session (a path or a name under ~/.local/state/osvm/chats).")
    var load: String?

    @OptionGroup var options: AIOptions

    func run() async throws {
        if advanced {
            // Normally routed in `OSVMCommand.main` before any thread exists; this path is a fallback.
            var passthrough: [String] = []
            if let u = options.url { passthrough += ["--ai-url", u] }
            if let k = options.key { passthrough += ["--ai-key", k] }
            if let m = options.model { passthrough += ["--model", m] }
            if let r = options.rpcURL { passthrough += ["--url", r] }
            if yes { passthrough.append("--yes") }
            throw ExitCode(runWorkbench(arguments: ["--chat"] + passthrough))
        }
        let io = TerminalIO()
        do {
            let session = try await AISession.make(options: options, approve: yes ? nil : { @Sendable code in askApproval(code: code, io: io) })
            var chat = try ChatLoop(session: session, io: io)
            if let load { try chat.load(load) }
            await chat.run()
            if let hub = session.hub { await hub.closeAll() }
        } catch {
            if error is SettingsError { throw CLISettings.usageExit(error) }
            stderrLine("error: \(PlainError.describe(error))")
            throw ExitCode(1)
        }
    }
}

/// The read–send–stream loop of `osvm chat` and its slash commands.
struct ChatLoop {
    var session: AISession
    let io: TerminalIO
    var messages: [ChatMessage]
    var log: ChatLog

    static let help = """
    /model [NAME]   show or switch the model
    /clear          start over (the log keeps a marker)
    /save [NAME]    save the conversation as a new session file
    /load NAME      load a saved session (name or path)
    /tools          list the tools the assistant can call
    /help           this list
    /quit           leave (Ctrl-D works too; Ctrl-C stops an answer)
    """

    init(session: AISession, io: TerminalIO) throws {
        self.session = session
        self.io = io
        messages = [.system(AISession.systemPrompt)]
        log = try ChatLog.create(in: ChatLog.directory())
    }

    mutating func run() async {
        io.line("osvm chat — model \(session.agent.client.config.model) at \(Redact.url(session.agent.client.config.url)); /help for commands")
        while true {
            io.write(io.color ? "\u{1B}[1m› \u{1B}[0m" : "› ")
            guard let line = readLine() else { io.line(""); return }
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            if text.hasPrefix("/") {
                if !(await command(text)) { return }
                continue
            }
            await send(text)
        }
    }

    /// Sends a user message and streams the answer; Ctrl-C cancels the answer.
    mutating func send(_ text: String) async {
        let user = ChatMessage.user(text)
        messages.append(user)
        try? log.append(user)
        let stream = session.agent.run(messages)
        let io = self.io
        let log = self.log
        let style = { (code: String, s: String) -> String in io.color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let task = Task { () -> AgentSummary? in
            var summary: AgentSummary?
            var md = MarkdownANSI(color: io.color)
            for await e in stream {
                try? log.record(e)
                switch e {
                case .token(let t): io.write(md.feed(t))
                case .toolCall(let c):
                    io.write(md.finish())
                    io.line(style("2", "\n⚙ \(TerminalText.line(c.name)) \(TerminalText.line(c.arguments))"))
                case .toolResult(_, let name, let o):
                    let first = TerminalText.sanitize(o.content.split(separator: "\n").prefix(6).joined(separator: "\n  "))
                    io.line(style(o.isError ? "31" : "2", "↳ \(name): \(first)"))
                case .error(let msg): io.line(style("31", "\nerror: \(TerminalText.line(msg))"))
                case .done(let s): summary = s
                case .message: break
                }
            }
            io.write(md.finish())
            return summary
        }
        let watcher = InterruptWatcher { task.cancel() }
        let summary = await task.value
        watcher.stop()
        io.line("")
        if let s = summary { messages = s.conversation }
    }

    func style(_ code: String, _ s: String) -> String { io.color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    /// Runs a slash command; false means quit.
    mutating func command(_ text: String) async -> Bool {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let arg = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case "/help": io.line(Self.help)
        case "/quit", "/exit": return false
        case "/model":
            if arg.isEmpty { io.line("model: \(session.agent.client.config.model)") } else {
                session.agent.client.config.model = arg
                io.line("model set to \(arg)")
            }
        case "/clear":
            messages = [.system(AISession.systemPrompt)]
            try? log.appendClear()
            io.line("conversation cleared")
        case "/save":
            do {
                let saved = try ChatLog.create(in: ChatLog.directory(), name: arg.isEmpty ? nil : arg)
                for m in messages where m.role != .system { try saved.append(m) }
                io.line("saved to \(saved.path)")
            } catch { io.line("error: \(error)") }
        case "/load":
            do { try load(arg) } catch { io.line("error: \(error)") }
        case "/tools":
            for t in session.agent.toolbox.tools { io.line("  \(t.name) — \(t.spec.description)") }
            if let hub = session.hub {
                for (name, st) in await hub.status.sorted(by: { $0.key < $1.key }) {
                    if case .failed(let why) = st { io.line("  (MCP \(name) failed: \(why))") }
                }
            }
        default: io.line("unknown command \(parts[0]); /help lists the commands")
        }
        return true
    }

    mutating func load(_ name: String) throws {
        guard !name.isEmpty else {
            let files = ChatLog.list(in: ChatLog.directory())
            io.line(files.isEmpty ? "no saved sessions" : files.prefix(20).map { "  " + $0 }.joined(separator: "\n"))
            return
        }
        let path = name.contains("/") ? name : ChatLog.directory() + "/" + (name.hasSuffix(".jsonl") ? name : name + ".jsonl")
        let loaded = try ChatLog.load(path: path)
        messages = [.system(AISession.systemPrompt)] + loaded.filter { $0.role != .system }
        for m in loaded where m.role != .system { try log.append(m) }
        io.line("loaded \(loaded.count) messages from \(path)")
        for m in loaded where m.role == .user || m.role == .assistant {
            if let c = m.content, !c.isEmpty { io.line((m.role == .user ? "› " : "") + c) }
        }
    }
}
