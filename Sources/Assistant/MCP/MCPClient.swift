import Foundation

/// A tool an MCP server offers.
public struct MCPToolInfo: Sendable, Equatable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue
}

/// The result of `tools/call`: the text parts joined, and whether the server flagged an error.
public struct MCPCallResult: Sendable, Equatable {
    public var text: String
    public var isError: Bool
}

/// A small MCP client over any `MCPTransport`: initialize/initialized, tools/list (with
/// pagination), tools/call, each request bounded by `timeout`.
///
///     let c = MCPClient(transport: try StdioTransport(command: "mcp-server-time"))
///     try await c.initialize()
///     let tools = try await c.listTools()
public actor MCPClient {
    public static let protocolVersion = "2025-06-18"
    public let transport: any MCPTransport
    public var timeout: Double
    public private(set) var serverName: String?
    public private(set) var serverVersion: String?
    public private(set) var negotiatedVersion: String?
    private var nextID = 1

    public init(transport: any MCPTransport, timeout: Double = 30) {
        self.transport = transport
        self.timeout = timeout
    }

    /// Performs the handshake; returns the server's name.
    @discardableResult
    public func initialize() async throws -> String {
        let result = try await call("initialize", [
            "protocolVersion": .string(Self.protocolVersion),
            "capabilities": [:],
            "clientInfo": ["name": "osvm", "version": "0.1"],
        ])
        negotiatedVersion = result["protocolVersion"]?.stringValue
        serverName = result["serverInfo"]?["name"]?.stringValue
        serverVersion = result["serverInfo"]?["version"]?.stringValue
        if let v = negotiatedVersion, let http = transport as? MCPHTTPTransport { http.setProtocolVersion(v) }
        try await transport.notify(["jsonrpc": "2.0", "method": "notifications/initialized"])
        return serverName ?? "server"
    }

    public func listTools() async throws -> [MCPToolInfo] {
        var tools: [MCPToolInfo] = []
        var cursor: String?
        repeat {
            var params: [String: JSONValue] = [:]
            if let cursor { params["cursor"] = .string(cursor) }
            let r = try await call("tools/list", .object(params))
            for t in r["tools"]?.arrayValue ?? [] {
                guard let name = t["name"]?.stringValue else { continue }
                tools.append(MCPToolInfo(name: name, description: t["description"]?.stringValue ?? "",
                                         inputSchema: t["inputSchema"] ?? ["type": "object"]))
            }
            cursor = r["nextCursor"]?.stringValue
        } while cursor != nil && tools.count < 10_000
        return tools
    }

    public func callTool(_ name: String, arguments: JSONValue) async throws -> MCPCallResult {
        let r = try await call("tools/call", ["name": .string(name), "arguments": arguments])
        var parts: [String] = []
        for item in r["content"]?.arrayValue ?? [] {
            switch item["type"]?.stringValue {
            case "text": parts.append(item["text"]?.stringValue ?? "")
            case "resource": parts.append(item["resource"]?["text"]?.stringValue ?? "[resource]")
            case let other: parts.append("[\(other ?? "content")]")
            }
        }
        if parts.isEmpty, let s = r["structuredContent"] { parts.append(s.jsonString) }
        return MCPCallResult(text: parts.joined(separator: "\n"), isError: r["isError"]?.boolValue ?? false)
    }

    public func close() async { await transport.close() }

    /// One request → its `result`, or an `MCPError`.
    public func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        let id = nextID
        nextID += 1
        let message: JSONValue = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]
        let transport = self.transport
        let outcome = await Deadline.run(seconds: timeout) { try await transport.request(message, id: id) }
        let reply: JSONValue
        switch outcome {
        case .success(let r): reply = r
        case .failure(is Deadline.Expired):
            let e = MCPError.timedOut(method: method, seconds: timeout)
            transport.abandon(id: id, with: e)
            throw e
        case .failure(let e): throw e
        }
        if let err = reply["error"] {
            throw MCPError.rpc(code: err["code"]?.intValue ?? 0, message: err["message"]?.stringValue ?? err.jsonString)
        }
        guard let result = reply["result"] else { throw MCPError.protocolError("\(method): response has no result") }
        return result
    }
}
