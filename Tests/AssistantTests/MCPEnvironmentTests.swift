import Assistant
import Foundation
import Testing

/// An MCP stdio child must not inherit the assistant's key or osvm's settings: it gets
/// PATH/HOME/LANG/LC_*/TERM/TMPDIR/USER plus the `env` its configuration declares.
@Suite(.serialized) struct MCPEnvironmentTests {
    /// A minimal MCP server (system python3) whose server name is the environment it saw.
    static let server = #"""
import json, os, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("method") == "initialize":
        seen = {k: os.environ.get(k) for k in ["OPENAI_KEY", "OSVM_RPC_URL", "DECLARED", "HOME"]}
        seen["has_path"] = "PATH" in os.environ
        out = {"jsonrpc": "2.0", "id": msg["id"], "result": {"protocolVersion": "2025-03-26", "capabilities": {},
               "serverInfo": {"name": json.dumps(seen, sort_keys=True), "version": "1"}}}
        print(json.dumps(out), flush=True)
"""#

    @Test func stdioChildDoesNotSeeOpenAIKey() async throws {
        let home = try makeTempHome()
        let script = home + "/env_server.py"
        try Self.server.write(toFile: script, atomically: true, encoding: .utf8)
        setenv("OPENAI_KEY", "sk-PARENT-SECRET", 1)
        setenv("OSVM_RPC_URL", "http://u:pw@127.0.0.1:1", 1)
        defer { unsetenv("OPENAI_KEY"); unsetenv("OSVM_RPC_URL") }
        let client = MCPClient(transport: try StdioTransport(command: "python3", arguments: [script],
                                                             environment: ["DECLARED": "yes"]))
        let name = try await client.initialize()
        await client.close()
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(name.utf8)) as? [String: Any])
        #expect(seen["OPENAI_KEY"] is NSNull)
        #expect(seen["OSVM_RPC_URL"] is NSNull)
        #expect(seen["DECLARED"] as? String == "yes")
        #expect(seen["HOME"] as? String == ProcessInfo.processInfo.environment["HOME"])
        #expect(seen["has_path"] as? Bool == true)
        #expect(!name.contains("sk-PARENT-SECRET"))
    }
}
