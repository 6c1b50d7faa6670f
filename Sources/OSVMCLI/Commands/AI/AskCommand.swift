import ArgumentParser
import Assistant
import Chain
import Foundation
import OSVMSettings

/// `osvm ask "<request>"`: one question, a streamed answer; OVSM the assistant proposes in
/// a ```ovsm block runs only after confirmation (or with --yes).
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Ask the AI assistant once; proposed OVSM runs only after you confirm (or --yes).")

    @Argument(parsing: .remaining, help: "The request, in plain words.")
    var request: [String] = []

    @Flag(help: "Run proposed OVSM without asking.")
    var yes = false

    @OptionGroup var options: AIOptions

    func run() async throws {
        let text = request.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            stderrLine("error: nothing to ask: osvm ask \"what is the current slot?\"")
            throw ExitCode(1)
        }
        let io = TerminalIO()
        let approve: OVSMApproval? = yes ? nil : { @Sendable code in askApproval(code: code, io: io) }
        let session: AISession
        do { session = try await AISession.make(options: options, approve: approve) } catch {
            if error is SettingsError { throw CLISettings.usageExit(error) }
            stderrLine("error: \(PlainError.describe(error))")
            throw ExitCode(1)
        }
        let log = try? ChatLog.create(in: ChatLog.directory())
        var md = MarkdownANSI(color: io.color)
        var summary: AgentSummary?
        var failed = false
        let convo: [ChatMessage] = [.system(AISession.systemPrompt), .user(text)]
        for m in convo.dropFirst() { try? log?.append(m) }
        for await e in session.agent.run(convo) {
            try? log?.record(e)
            switch e {
            case .token(let t): io.write(md.feed(t))
            case .toolCall(let c): io.write(md.finish()); io.line("\n⚙ \(TerminalText.line(c.name)) \(TerminalText.line(c.arguments))")
            case .toolResult(_, let name, let o): io.line("↳ \(TerminalText.line(name)): \(TerminalText.sanitize(String(o.content.prefix(400))))")
            case .error(let msg): failed = true; stderrLine("\nerror: \(msg)")
            case .done(let s): summary = s
            case .message: break
            }
        }
        io.write(md.finish())
        io.line("")
        if let hub = session.hub { await hub.closeAll() }
        if failed { throw ExitCode(1) }
        for code in OVSMBlocks.extract(summary?.finalText ?? "") {
            var run = code
            if !yes {
                switch askApproval(code: code, io: io) {
                case .yes: break
                case .no: continue
                case .edit(let edited): run = edited
                }
            }
            var settings = OVSMRunner.Settings()
            settings.rpcURL = session.rpcURL
            settings.timeLimit = 60
            let r = await OVSMRunner(settings: settings).run(run)
            if !r.output.isEmpty { io.write(r.output) }
            if let v = r.value { io.line(v) }
            if let e = r.error { stderrLine("error: \(e)"); throw ExitCode(1) }
        }
    }
}
