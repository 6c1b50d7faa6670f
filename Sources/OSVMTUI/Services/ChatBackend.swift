import Assistant
import Deploy
import Foundation
import OSVMSettings

/// Hands `run_ovsm`'s question to the chat pane and waits for y/n/e.
final class ApprovalGate: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: CheckedContinuation<ApprovalDecision, Never>?
    private let notify: @Sendable (String) -> Void

    init(notify: @escaping @Sendable (String) -> Void) { self.notify = notify }

    func ask(_ code: String) async -> ApprovalDecision {
        await withCheckedContinuation { c in
            let old: CheckedContinuation<ApprovalDecision, Never>? = lock.withLock { defer { waiting = c }; return waiting }
            old?.resume(returning: .no)
            notify(code)
        }
    }

    func answer(_ d: ApprovalDecision) {
        let c: CheckedContinuation<ApprovalDecision, Never>? = lock.withLock { defer { waiting = nil }; return waiting }
        c?.resume(returning: d)
    }
}

/// The live assistant behind the chat pane: the agent (run_ovsm with approval, read-only
/// chain tools), session files under `ChatLog.directory()`, and the configuration line.
final class ChatBackend: @unchecked Sendable {
    static let systemPrompt = SystemPrompt.text(host: "osvm-tui")

    /// The agent; MCP tools join its toolbox once `connectMCP` has connected the servers.
    var agent: Agent? { lock.withLock { agentValue } }
    private var agentValue: Agent?
    private var hub: MCPHub?
    /// `~/.config/osvm/mcp_servers.json` (or the older `~/.osvm/mcp_config.json`).
    let mcpStore: MCPConfigStore
    /// "model at url" or the configuration problem.
    let summary: String
    let configError: String?
    let directory: String
    let gate: ApprovalGate
    private let lock = NSLock()
    private var logs: [String: ChatLog] = [:]

    init(rpcURL: String, flags: AIConfig.Flags, environment: [String: String], autoApprove: Bool = false, notify: @escaping @Sendable (String) -> Void) {
        directory = ChatLog.directory(environment: environment)
        mcpStore = MCPConfigStore.forCurrentUser(environment: environment)
        let gate = ApprovalGate(notify: notify)
        self.gate = gate
        do {
            let cfg = try AIConfig.resolve(flags: flags, environment: environment)
            var settings = OVSMRunner.Settings()
            settings.rpcURL = rpcURL
            let ask: OVSMApproval = { code in await gate.ask(code) }
            let runOVSM = OVSMRunner(settings: settings).tool(approve: autoApprove ? nil : ask)
            let box = Toolbox([runOVSM] + ChainTools.make(rpcURL: rpcURL))
            agentValue = Agent(client: ChatClient(config: cfg), toolbox: box)
            summary = "\(cfg.model) at \(Redact.url(cfg.url))"
            configError = nil
        } catch {
            agentValue = nil
            summary = "not configured"
            configError = "\(error)"
        }
    }

    /// Connects the enabled MCP servers (of `servers`, default: the config file) in parallel
    /// and adds their tools to the agent. A server that fails is one line of the report; the
    /// others are offered all the same.
    func connectMCP(servers given: [MCPServerConfig]? = nil, requestTimeout: Double = 30) async -> ChatToolsReport {
        guard agent != nil else { return ChatToolsReport() }
        let servers: [MCPServerConfig]
        do { servers = try given ?? mcpStore.load() } catch {
            return ChatToolsReport(failures: ["MCP servers (\(mcpStore.path)): \(error)"])
        }
        guard servers.contains(where: \.enabled) else { return ChatToolsReport() }
        let h = MCPHub(servers: servers, requestTimeout: requestTimeout)
        await h.connectAll()
        var failures: [String] = []
        for (name, st) in await h.status.sorted(by: { $0.key < $1.key }) {
            if case .failed(let why) = st { failures.append("MCP server '\(name)' failed: \(Self.oneLine(why))") }
        }
        let tools = await h.agentTools()
        lock.withLock {
            hub = h
            for t in tools { agentValue?.toolbox.add(t) }
        }
        return ChatToolsReport(tools: tools.map(\.name), failures: failures)
    }

    /// Stops the MCP server processes.
    func closeMCP() async {
        let h: MCPHub? = lock.withLock { defer { hub = nil }; return hub }
        await h?.closeAll()
    }

    static func oneLine(_ s: String) -> String {
        let l = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        return l.count > 200 ? String(l.prefix(199)) + "…" : l
    }

    func run(session: String?, messages: [ChatMessage]) -> ChatRun {
        guard let agent else {
            let e = configError ?? "no assistant"
            return ChatRun(session: session, events: AsyncStream { $0.yield(.error(e)); $0.finish() })
        }
        let log = open(session)
        if let m = messages.last, m.role == .user { try? log?.append(m) }
        let inner = agent.run([.system(Self.systemPrompt)] + messages)
        let (stream, out) = AsyncStream<AgentEvent>.makeStream()
        let task = Task {
            for await e in inner {
                try? log?.record(e)
                out.yield(e)
            }
            out.finish()
        }
        out.onTermination = { _ in task.cancel() }
        return ChatRun(session: log?.path, events: stream)
    }

    /// The log of `session`, or a new session file.
    private func open(_ session: String?) -> ChatLog? {
        lock.withLock {
            if let session, let l = logs[session] { return l }
            let l: ChatLog?
            if let session { l = try? ChatLog(path: session) } else { l = try? ChatLog(path: newPath()) }
            if let l { logs[l.path] = l }
            return l
        }
    }

    private func newPath() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd-HHmmss"
        f.locale = Locale(identifier: "en_US_POSIX")
        let base = directory + "/" + f.string(from: Date()) + "-\(getpid())"
        var path = base + ".jsonl"
        var n = 2
        while FileManager.default.fileExists(atPath: path) || logs[path] != nil { path = base + "-\(n).jsonl"; n += 1 }
        return path
    }

    func sessions(limit: Int = 100) -> [ChatSessionInfo] {
        ChatLog.list(in: directory).prefix(limit).map { path in
            let prompts = ((try? ChatLog.load(path: path)) ?? []).filter { $0.role == .user }.compactMap(\.content)
            return ChatSessionInfo(path: path, title: prompts.first ?? "(empty)", prompts: Array(prompts.suffix(500)))
        }
    }
}

extension Services {
    /// Adds the live assistant and node monitors to `self`.
    func withAssistantAndNodes(_ chat: ChatBackend, environment: [String: String]) -> Services {
        var s = self
        s.chatRun = { chat.run(session: $0, messages: $1) }
        s.chatCancel = { chat.gate.answer(.no) }
        s.chatApprove = { chat.gate.answer($0) }
        s.chatSessions = { chat.sessions() }
        s.chatLoad = { try ChatLog.read(path: $0) }
        s.chatTools = { await chat.connectMCP() }
        let registryPath = NodeRegistry.standardPath(environment: environment)
        s.nodes = {
            do {
                let reg = try NodeRegistry.load(registryPath)
                return (reg.nodes.map { NodeInfo(name: $0.name, host: $0.target.description) }, nil)
            } catch {
                return ([], "\(error)")
            }
        }
        // Prometheus when one is configured (flag-less here: OSVM_PROMETHEUS_URL or
        // `prometheus_url` in config.yml), SSH probes of the registered nodes otherwise.
        s.nodeSnapshots = {
            do {
                if let url = try Settings.load(environment: environment).prometheusURL(flag: nil)?.value {
                    return FleetReadings.prometheus(try PromQLClient(url: url), every: 5)
                }
            } catch {
                return AsyncStream { out in
                    out.yield(.problem("\(error)"))
                    out.finish()
                }
            }
            return FleetReadings.ssh((try? NodeRegistry.load(registryPath).nodes) ?? [], every: 5)
        }
        return s
    }
}

extension ChatLog.Transcript {
    /// "2 unreadable lines in FILE (skipped)" and the like; nil when all was read.
    func problems(_ path: String) -> String? {
        var parts: [String] = []
        if unreadable > 0 { parts.append("\(unreadable) unreadable line\(unreadable == 1 ? "" : "s") skipped") }
        if repaired > 0 { parts.append("\(repaired) unmatched tool message\(repaired == 1 ? "" : "s") repaired") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ") + " in \(path)"
    }
}
