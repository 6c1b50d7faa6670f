import Foundation

/// All enabled MCP servers of one session: connects each (in parallel), keeps its tools,
/// and marks a server that fails or crashes as failed without touching the others.
///
///     let hub = MCPHub(servers: try store.load())
///     await hub.connectAll()
///     let tools = await hub.agentTools()   // "time__get_current_time", …
public actor MCPHub {
    public enum Status: Sendable, Equatable {
        case disabled
        case connecting
        case ready(tools: [MCPToolInfo])
        case failed(String)
    }

    public let servers: [MCPServerConfig]
    public var requestTimeout: Double
    private var clients: [String: MCPClient] = [:]
    public private(set) var status: [String: Status] = [:]

    public init(servers: [MCPServerConfig], requestTimeout: Double = 30) {
        self.servers = servers
        self.requestTimeout = requestTimeout
        for s in servers { status[s.name] = s.enabled ? .connecting : .disabled }
    }

    /// Opens a transport for a config entry.
    public static func transport(for s: MCPServerConfig) throws -> any MCPTransport {
        switch s.kind {
        case .stdio(let c, let a, let env): return try StdioTransport(command: c, arguments: a, environment: env)
        case .http(let u, let h): return try MCPHTTPTransport(url: u, headers: h)
        }
    }

    public func connectAll() async {
        await withTaskGroup(of: (String, MCPClient?, Status).self) { group in
            for s in servers where s.enabled {
                let timeout = requestTimeout
                group.addTask {
                    let client: MCPClient
                    do { client = MCPClient(transport: try MCPHub.transport(for: s), timeout: timeout) } catch {
                        return (s.name, nil, .failed("\(error)"))
                    }
                    do {
                        try await client.initialize()
                        return (s.name, client, .ready(tools: try await client.listTools()))
                    } catch {
                        // A server that failed its handshake is stopped, not left running.
                        await client.close()
                        return (s.name, nil, .failed("\(error)"))
                    }
                }
            }
            for await (name, client, st) in group {
                status[name] = st
                if let client { clients[name] = client }
            }
        }
    }

    public func client(named name: String) -> MCPClient? { clients[name] }

    /// Calls a tool; a transport failure marks the server failed.
    public func call(server: String, tool: String, arguments: JSONValue) async throws -> MCPCallResult {
        guard let c = clients[server] else {
            if case .failed(let why) = status[server] { throw MCPError.notFound("MCP server '\(server)' failed: \(why)") }
            throw MCPError.notFound("no connected MCP server '\(server)'")
        }
        do {
            return try await c.callTool(tool, arguments: arguments)
        } catch let e as MCPError {
            switch e {
            case .serverExited, .unreachable:
                status[server] = .failed("\(e)")
                clients[server] = nil
                await c.close()
            default: break
            }
            throw e
        }
    }

    /// Every tool of every ready server, named `server__tool` (OpenAI tool-name rules).
    public func agentTools(timeout: Double = 60) -> [AgentTool] {
        var out: [AgentTool] = []
        for s in servers {
            guard case .ready(let tools) = status[s.name] else { continue }
            for t in tools {
                let server = s.name
                out.append(AgentTool(name: Self.toolName(server: server, tool: t.name),
                                     description: "[MCP \(server)] \(t.description)",
                                     parameters: t.inputSchema, timeout: timeout) { [self] args in
                    let r = try await self.call(server: server, tool: t.name, arguments: args)
                    if r.isError { throw ToolFailure(r.text) }
                    return r.text
                })
            }
        }
        return out
    }

    static func toolName(server: String, tool: String) -> String {
        let raw = server + "__" + tool
        let clean = String(raw.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return String(clean.prefix(64))
    }

    public func closeAll() async {
        for c in clients.values { await c.close() }
        clients.removeAll()
    }
}
