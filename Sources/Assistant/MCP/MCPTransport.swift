import Chain
import Foundation
import OSVMSettings

/// Moves JSON-RPC messages to one MCP server and back. `request` sends a message that has
/// an `id` and returns the matching response object (result or error).
public protocol MCPTransport: Sendable {
    func request(_ message: JSONValue, id: Int) async throws -> JSONValue
    func notify(_ message: JSONValue) async throws
    func close() async
    /// Gives up waiting for request `id` (after a timeout); the default does nothing.
    func abandon(id: Int, with error: Error)
}

extension MCPTransport {
    public func abandon(id: Int, with error: Error) {}
}

/// MCP failures, each one line.
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
    case spawnFailed(command: String, detail: String)
    case serverExited(String)
    case http(status: Int, detail: String)
    case unreachable(url: String, detail: String)
    case protocolError(String)
    case rpc(code: Int, message: String)
    case timedOut(method: String, seconds: Double)
    case notFound(String)
    case config(String)

    /// Sanitised: details quote server text (error bodies, tool output), which must not
    /// reach the terminal with its control characters.
    public var description: String { TerminalText.line(text) }

    private var text: String {
        switch self {
        case .spawnFailed(let c, let d): return "cannot start '\(c)': \(d)"
        case .serverExited(let d): return "server exited: \(d)"
        case .http(let s, let d): return "HTTP \(s)\(d.isEmpty ? "" : ": " + d)"
        case .unreachable(let u, let d): return "cannot reach \(Redact.url(u)): \(d)"
        case .protocolError(let d): return "protocol error: \(d)"
        case .rpc(let c, let m): return "server error \(c): \(m)"
        case .timedOut(let m, let s): return "\(m) timed out after \(Int(s)) s"
        case .notFound(let n): return n
        case .config(let d): return d
        }
    }
}
