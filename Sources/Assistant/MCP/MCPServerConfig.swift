import Foundation
import OSVMSettings

/// One configured MCP server: a command to spawn (stdio) or an http(s) URL.
public struct MCPServerConfig: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case stdio(command: String, arguments: [String], environment: [String: String])
        case http(url: String, headers: [String: String])
    }

    public var name: String
    public var kind: Kind
    public var enabled: Bool
    /// Keys of this entry osvm does not manage (other tools' settings, newer fields):
    /// written back unchanged so `osvm mcp enable` never loses them.
    public var extra: [String: JSONValue] = [:]

    /// The keys `json` writes or `from` reads; everything else goes to `extra`.
    static let managedKeys: Set<String> = ["enabled", "disabled", "transport", "command", "args", "env",
                                           "url", "server_url", "serverUrl", "headers"]

    public init(name: String, kind: Kind, enabled: Bool = true) {
        self.name = name
        self.kind = kind
        self.enabled = enabled
    }

    /// `command args…` or the URL (credentials redacted), for listings.
    public var target: String {
        switch kind {
        case .stdio(let c, let a, _): return ([c] + a).joined(separator: " ")
        case .http(let u, _): return Redact.url(u)
        }
    }

    public var transportName: String {
        if case .http = kind { return "http" }
        return "stdio"
    }

    var json: JSONValue {
        var o = extra
        o["enabled"] = .bool(enabled)
        switch kind {
        case .stdio(let c, let a, let env):
            o["transport"] = "stdio"
            o["command"] = .string(c)
            o["args"] = .array(a.map(JSONValue.string))
            if !env.isEmpty { o["env"] = .object(env.mapValues(JSONValue.string)) }
        case .http(let u, let h):
            o["transport"] = "http"
            o["url"] = .string(u)
            if !h.isEmpty { o["headers"] = .object(h.mapValues(JSONValue.string)) }
        }
        return .object(o)
    }

    /// Reads one entry of `mcpServers` (also the older osvm/Claude-style shapes).
    static func from(name: String, _ v: JSONValue, file: String) throws -> MCPServerConfig {
        let enabled = v["enabled"]?.boolValue ?? !(v["disabled"]?.boolValue ?? false)
        let extra = (v.objectValue ?? [:]).filter { !managedKeys.contains($0.key) }
        func strings(_ k: String) -> [String: String] {
            (v[k]?.objectValue ?? [:]).compactMapValues { $0.stringValue }
        }
        if let url = v["url"]?.stringValue ?? v["server_url"]?.stringValue ?? v["serverUrl"]?.stringValue {
            var c = MCPServerConfig(name: name, kind: .http(url: url, headers: strings("headers")), enabled: enabled)
            c.extra = extra
            return c
        }
        if let command = v["command"]?.stringValue {
            let args = (v["args"]?.arrayValue ?? []).compactMap { $0.stringValue }
            var c = MCPServerConfig(name: name, kind: .stdio(command: command, arguments: args, environment: strings("env")),
                                    enabled: enabled)
            c.extra = extra
            return c
        }
        throw MCPError.config("\(file): server '\(name)' has neither 'command' nor 'url'")
    }
}

/// `~/.config/osvm/mcp_servers.json` (format `{"mcpServers": {NAME: {…}}}`). When it does
/// not exist the older `~/.osvm/mcp_config.json` is read; saving always writes the new
/// file, atomically (temporary file + fsync + rename), mode 0600 (it holds Bearer tokens;
/// a stricter existing mode is kept), with the top-level keys osvm does not know kept.
///
///     let store = MCPConfigStore(home: NSHomeDirectory())
///     var servers = try store.load()
public struct MCPConfigStore: Sendable {
    public let path: String
    public let legacyPath: String

    public init(home: String) {
        path = home + "/.config/osvm/mcp_servers.json"
        legacyPath = home + "/.osvm/mcp_config.json"
    }

    public static func forCurrentUser(environment: [String: String] = ProcessInfo.processInfo.environment) -> MCPConfigStore {
        MCPConfigStore(home: environment["HOME"] ?? NSHomeDirectory())
    }

    /// Servers sorted by name; an absent file means none.
    public func load() throws -> [MCPServerConfig] {
        let fm = FileManager.default
        let file = fm.fileExists(atPath: path) ? path : (fm.fileExists(atPath: legacyPath) ? legacyPath : nil)
        guard let file else { return [] }
        guard let data = fm.contents(atPath: file) else { throw MCPError.config("\(file): cannot read") }
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch {
            throw MCPError.config("\(file): not valid JSON")
        }
        let table = root["mcpServers"]?.objectValue ?? root["servers"]?.objectValue ?? root.objectValue ?? [:]
        var out: [MCPServerConfig] = []
        for (name, v) in table {
            guard v.objectValue != nil else { continue }
            out.append(try MCPServerConfig.from(name: name, v, file: file))
        }
        return out.sorted { $0.name < $1.name }
    }

    public func save(_ servers: [MCPServerConfig]) throws {
        var table: [String: JSONValue] = [:]
        for s in servers { table[s.name] = s.json }
        var root = preservedTopLevel()
        root["mcpServers"] = .object(table)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(JSONValue.object(root))
        do { try AtomicFile.write(data, to: path) } catch { throw MCPError.config(error.description) }
    }

    /// The current file's top-level keys other than the server table (which `save` rewrites).
    private func preservedTopLevel() -> [String: JSONValue] {
        guard let data = FileManager.default.contents(atPath: path),
              let obj = (try? JSONValue.parse(data))?.objectValue else { return [:] }
        if obj["mcpServers"]?.objectValue != nil { return obj }
        if obj["servers"]?.objectValue != nil { return obj.filter { $0.key != "servers" } }
        return [:]   // the bare `{NAME: {…}}` shape: every key was a server
    }
}
