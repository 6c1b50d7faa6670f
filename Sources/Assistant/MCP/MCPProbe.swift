import Foundation

/// Whether each configured MCP server answers: start it (or connect), `initialize`, list its
/// tools, close. What `osvm doctor` and `:doctor` report; all servers are probed at once.
public enum MCPProbe {
    public struct Answer: Sendable, Equatable {
        public var name: String
        /// nil: disabled, not probed.
        public var answered: Bool?
        public var detail: String
    }

    public static func probeAll(_ servers: [MCPServerConfig], timeout: Double) async -> [Answer] {
        await withTaskGroup(of: (Int, Answer).self) { group in
            for (i, s) in servers.enumerated() {
                group.addTask { (i, await probe(s, timeout: timeout)) }
            }
            var out: [(Int, Answer)] = []
            for await a in group { out.append(a) }
            return out.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func probe(_ s: MCPServerConfig, timeout: Double) async -> Answer {
        guard s.enabled else { return Answer(name: s.name, answered: nil, detail: "disabled") }
        let started = Date()
        let client: MCPClient
        do { client = MCPClient(transport: try MCPHub.transport(for: s), timeout: timeout) } catch {
            return Answer(name: s.name, answered: false, detail: "\(error)")
        }
        do {
            _ = try await client.initialize()
            let tools = try await client.listTools().count
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let who = await client.serverName ?? s.name
            await client.close()
            return Answer(name: s.name, answered: true, detail: "\(who): \(tools) tools, \(ms) ms")
        } catch {
            await client.close()
            return Answer(name: s.name, answered: false, detail: "\(error)")
        }
    }
}
