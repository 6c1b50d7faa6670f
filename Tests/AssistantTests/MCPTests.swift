import Assistant
import Foundation
import Testing

@Suite(.serialized) struct MCPTests {
    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func stdioTimeServer() async throws {
        let cmd = PeerProcess.binDir + "/mcp-server-time"
        let client = MCPClient(transport: try StdioTransport(command: cmd, arguments: ["--local-timezone", "UTC"]))
        let name = try await client.initialize()
        #expect(!name.isEmpty)
        let tools = try await client.listTools().map(\.name).sorted()
        #expect(tools.contains("get_current_time"))
        let r = try await client.callTool("get_current_time", arguments: ["timezone": "Asia/Tokyo"])
        #expect(r.isError == false)
        #expect(r.text.contains("Asia/Tokyo"))
        await client.close()
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage)), arguments: [false, true]) func httpServer(json: Bool) async throws {
        let peer = try PeerProcess(script: "mcp_http_server.py", arguments: json ? ["--json"] : [])
        await peer.waitListening()
        let client = MCPClient(transport: try MCPHTTPTransport(url: peer.baseURL + "/mcp"))
        #expect(try await client.initialize() == "osvm-test-http")
        #expect(try await client.listTools().map(\.name).sorted() == ["add", "crash", "echo"])
        let r = try await client.callTool("add", arguments: ["a": 40, "b": 2])
        #expect(r.text == "42")
        await client.close()
    }

    @Test(.enabled(if: PeerProcess.venvReady, Comment(rawValue: PeerProcess.skipMessage))) func crashedServerIsMarkedFailedOthersUnaffected() async throws {
        let peer = try PeerProcess(script: "mcp_http_server.py", arguments: ["--json"])
        await peer.waitListening()
        let servers = [
            MCPServerConfig(name: "time", kind: .stdio(command: PeerProcess.binDir + "/mcp-server-time", arguments: [], environment: [:])),
            MCPServerConfig(name: "web", kind: .http(url: peer.baseURL + "/mcp", headers: [:])),
            MCPServerConfig(name: "broken", kind: .stdio(command: "/bin/false", arguments: [], environment: [:])),
            MCPServerConfig(name: "off", kind: .stdio(command: "nope", arguments: [], environment: [:]), enabled: false),
        ]
        let hub = MCPHub(servers: servers, requestTimeout: 10)
        await hub.connectAll()
        let status = await hub.status
        if case .failed = status["broken"] {} else { Issue.record("broken: \(String(describing: status["broken"]))") }
        #expect(status["off"] == .disabled)
        let names = await hub.agentTools().map(\.name)
        #expect(names.contains("time__get_current_time"))
        #expect(names.contains("web__add"))
        do {
            _ = try await hub.call(server: "web", tool: "crash", arguments: [:])
            Issue.record("crash should fail")
        } catch {}
        if case .failed = await hub.status["web"] {} else { Issue.record("web not marked failed") }
        let t = try await hub.call(server: "time", tool: "get_current_time", arguments: ["timezone": "UTC"])
        #expect(t.text.contains("UTC"))
        await hub.closeAll()
    }

    @Test func configStoreRoundTripAndLegacy() throws {
        let home = try makeTempHome()
        let store = MCPConfigStore(home: home)
        #expect(try store.load().isEmpty)
        try FileManager.default.createDirectory(atPath: home + "/.osvm", withIntermediateDirectories: true)
        try #"{"servers": {"old": {"url": "http://127.0.0.1:9/mcp", "enabled": false}}}"#
            .write(toFile: home + "/.osvm/mcp_config.json", atomically: true, encoding: .utf8)
        let legacy = try store.load()
        #expect(legacy == [MCPServerConfig(name: "old", kind: .http(url: "http://127.0.0.1:9/mcp", headers: [:]), enabled: false)])
        let both = legacy + [MCPServerConfig(name: "t", kind: .stdio(command: "x", arguments: ["-a"], environment: ["K": "V"]))]
        try store.save(both)
        #expect(try store.load() == both)
        #expect(FileManager.default.fileExists(atPath: home + "/.config/osvm/mcp_servers.json"))
    }
}
