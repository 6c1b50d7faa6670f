import ArgumentParser
import Assistant
import Chain
import Foundation
import OSVMSettings

/// `osvm mcp …`: manage MCP tool servers in ~/.config/osvm/mcp_servers.json.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Manage MCP (Model Context Protocol) tool servers.",
        subcommands: [MCPAdd.self, MCPList.self, MCPRemove.self, MCPEnable.self, MCPDisable.self,
                      MCPTools.self, MCPCall.self, MCPTest.self])
}

/// Runs an mcp subcommand body: any error → one line on stderr and exit 1.
func mcpRun(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let e as ExitCode { throw e } catch {
        stderrLine("error: \(PlainError.describe(error))")
        throw ExitCode(1)
    }
}

func loadServers() throws -> (MCPConfigStore, [MCPServerConfig]) {
    let store = MCPConfigStore.forCurrentUser()
    return (store, try store.load())
}

func findServer(_ name: String, in servers: [MCPServerConfig]) throws -> MCPServerConfig {
    guard let s = servers.first(where: { $0.name == name }) else {
        throw CLIError("no MCP server named '\(name)' (osvm mcp list shows them)")
    }
    return s
}

/// Connects to one server and runs `body` with the initialized client.
/// Whatever fails (initialize timeout included), the client is closed, which stops a stdio
/// server for good (SIGTERM, then SIGKILL): no orphan outlives the command.
func withServer<T>(_ s: MCPServerConfig, timeout: Double = 30, _ body: (MCPClient) async throws -> T) async throws -> T {
    let client = MCPClient(transport: try MCPHub.transport(for: s), timeout: timeout)
    do {
        try await client.initialize()
        let r = try await body(client)
        await client.close()
        return r
    } catch {
        await client.close()
        throw CLIError("MCP server '\(s.name)': \(error)")
    }
}

struct MCPAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a server: `add NAME URL` (HTTP) or `add NAME -- COMMAND ARGS…` (stdio).")
    @Argument(help: "Server name (letters, digits, - and _).") var name: String
    // The optional URL comes before the `--` array: ArgumentParser rejects a positional
    // after an array (every `mcp add` failed with a definition error).
    @Argument(help: "http(s) URL of a streamable-HTTP server.") var url: String?
    @Argument(parsing: .postTerminator, help: "COMMAND ARGS… after --") var command: [String] = []

    func run() async throws {
        try await mcpRun {
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw CLIError("invalid server name '\(name)': use letters, digits, - and _")
            }
            let kind: MCPServerConfig.Kind
            if let first = command.first {
                kind = .stdio(command: first, arguments: Array(command.dropFirst()), environment: [:])
            } else if let url {
                _ = try MCPHTTPTransport(url: url)
                kind = .http(url: url, headers: [:])
            } else {
                throw CLIError("usage: osvm mcp add NAME URL  |  osvm mcp add NAME -- COMMAND ARGS…")
            }
            var (store, servers) = try loadServers()
            if servers.contains(where: { $0.name == name }) { throw CLIError("MCP server '\(name)' already exists (remove it first)") }
            servers.append(MCPServerConfig(name: name, kind: kind))
            try store.save(servers)
            print("added \(name) (\(kind == .http(url: url ?? "", headers: [:]) ? "http" : "stdio")) to \(store.path)")
        }
    }
}

struct MCPList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List configured servers.")
    func run() async throws {
        try await mcpRun {
            let (store, servers) = try loadServers()
            if servers.isEmpty { print("no MCP servers (add one: osvm mcp add NAME URL | osvm mcp add NAME -- COMMAND ARGS…)"); return }
            for s in servers {
                print("\(s.name)\t\(s.enabled ? "enabled " : "disabled")\t\(s.transportName)\t\(s.target)")
            }
            _ = store
        }
    }
}

struct MCPRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a server.")
    @Argument var name: String
    func run() async throws {
        try await mcpRun {
            var (store, servers) = try loadServers()
            _ = try findServer(name, in: servers)
            servers.removeAll { $0.name == name }
            try store.save(servers)
            print("removed \(name)")
        }
    }
}

func setEnabled(_ name: String, _ on: Bool) async throws {
    try await mcpRun {
        var (store, servers) = try loadServers()
        _ = try findServer(name, in: servers)
        for i in servers.indices where servers[i].name == name { servers[i].enabled = on }
        try store.save(servers)
        print("\(on ? "enabled" : "disabled") \(name)")
    }
}

struct MCPEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a server.")
    @Argument var name: String
    func run() async throws { try await setEnabled(name, true) }
}

struct MCPDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a server.")
    @Argument var name: String
    func run() async throws { try await setEnabled(name, false) }
}

struct MCPTools: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tools", abstract: "List the tools of one server or of every enabled server.")
    @Argument var name: String?
    @Option(help: "Seconds to wait for each answer of a server (initialize included).")
    var timeout: Double = 30
    func run() async throws {
        try await mcpRun {
            guard timeout > 0, timeout.isFinite else { throw CLIError("--timeout must be a positive number of seconds") }
            let (_, servers) = try loadServers()
            let chosen = try name.map { [try findServer($0, in: servers)] } ?? servers.filter(\.enabled)
            var failed = false
            for s in chosen {
                do {
                    let tools = try await withServer(s, timeout: timeout) { try await $0.listTools() }
                    for t in tools {
                        let about = TerminalText.line(String(t.description.split(separator: "\n").first ?? ""))
                        print("\(s.name)\t\(TerminalText.line(t.name))\t\(about)")
                    }
                } catch {
                    failed = true
                    stderrLine("error: \(error)")
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

struct MCPCall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call", abstract: "Call a tool: call NAME TOOL '{\"arg\": 1}'.")
    @Argument var name: String
    @Argument var tool: String
    @Argument(help: "Arguments as a JSON object.") var json: String = "{}"
    func run() async throws {
        try await mcpRun {
            let args: JSONValue
            do { args = try JSONValue.parse(json) } catch { throw CLIError("arguments are not valid JSON: \(json)") }
            guard case .object = args else { throw CLIError("arguments must be a JSON object") }
            let (_, servers) = try loadServers()
            let r = try await withServer(try findServer(name, in: servers)) { try await $0.callTool(tool, arguments: args) }
            print(TerminalText.sanitize(r.text))
            if r.isError { throw ExitCode(1) }
        }
    }
}

struct MCPTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Connect to a server and report its name, protocol and tool count.")
    @Argument var name: String
    func run() async throws {
        try await mcpRun {
            let (_, servers) = try loadServers()
            let s = try findServer(name, in: servers)
            let start = Date()
            let (info, count) = try await withServer(s) { c -> (String, Int) in
                let n = try await c.listTools().count
                return ("\(await c.serverName ?? "?") \(await c.serverVersion ?? "") (protocol \(await c.negotiatedVersion ?? "?"))", n)
            }
            print("ok: \(name) → \(info), \(count) tools, \(Int(Date().timeIntervalSince(start) * 1000)) ms")
        }
    }
}
