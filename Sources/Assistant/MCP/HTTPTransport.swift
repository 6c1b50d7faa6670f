import Chain
import Foundation
import OSVMSettings
import Synchronization

/// MCP "streamable HTTP": each message is a POST to one endpoint; the server answers with
/// `application/json` or with a `text/event-stream` carrying the response (and maybe
/// notifications first). The `Mcp-Session-Id` the server hands out on `initialize` is sent
/// back on every later request, with `MCP-Protocol-Version` once negotiated.
///
///     let t = try MCPHTTPTransport(url: "http://127.0.0.1:8000/mcp")
public final class MCPHTTPTransport: MCPTransport, Sendable {
    public let url: URL
    private let headers: [String: String]
    private let session = Mutex<(id: String?, version: String?)>((nil, nil))
    private let timeout: Double
    private let http: any HTTPClient

    public init(url: String, headers: [String: String] = [:], timeout: Double = 60,
                http: any HTTPClient = DefaultHTTPClient.shared) throws {
        guard let u = URL(string: url), let s = u.scheme?.lowercased(), s == "http" || s == "https", u.host != nil else {
            throw MCPError.config("invalid MCP server URL '\(Redact.url(url))': expected http(s)://host[:port]/path")
        }
        self.url = u
        self.headers = headers
        self.timeout = timeout
        self.http = http
    }

    /// Records the negotiated protocol version (sent as a header from then on).
    public func setProtocolVersion(_ v: String) { session.withLock { $0.version = v } }

    private func makeRequest(_ body: Data) -> HTTPRequest {
        var h = ["Content-Type": "application/json", "Accept": "application/json, text/event-stream"]
        let (sid, version) = session.withLock { ($0.id, $0.version) }
        if let sid { h["Mcp-Session-Id"] = sid }
        if let version { h["MCP-Protocol-Version"] = version }
        for (k, v) in headers { h[k] = v }
        // Idle timeout only: a tool call may legitimately stream progress for a long time.
        return HTTPRequest(url: url, method: "POST", headers: h, body: body, idleTimeout: timeout)
    }

    public func request(_ message: JSONValue, id: Int) async throws -> JSONValue {
        guard let reply = try await post(message, wantID: id) else {
            throw MCPError.protocolError("the server closed the response without answering request \(id)")
        }
        return reply
    }

    public func notify(_ message: JSONValue) async throws {
        _ = try await post(message, wantID: nil)
    }

    public func close() async {
        // End the session politely; ignore failures (the server may not support DELETE).
        guard let sid = session.withLock({ $0.id }) else { return }
        let r = HTTPRequest(url: url, method: "DELETE", headers: ["Mcp-Session-Id": sid], idleTimeout: 5, deadline: 5)
        do { for try await _ in http.stream(r) {} } catch {}
    }

    private func post(_ message: JSONValue, wantID: Int?) async throws -> JSONValue? {
        var status = 0
        var isSSE = false
        var body = Data()
        var parser = SSEParser()
        do {
            for try await part in http.stream(makeRequest(message.jsonData)) {
                switch part {
                case .head(let s, let h):
                    status = s
                    isSSE = (h["content-type"] ?? "").contains("text/event-stream")
                    if let sid = h["mcp-session-id"] { session.withLock { $0.id = sid } }
                case .body(let d):
                    guard (200..<300).contains(status), isSSE else {
                        if body.count < 16 << 20 { body.append(d) }
                        continue
                    }
                    for e in try parser.feed(d) {
                        if let hit = match(e.data, wantID) { return hit }
                    }
                }
            }
        } catch let e as MCPError {
            throw e
        } catch is CancellationError {
            throw CancellationError()
        } catch HTTPError.cancelled {
            throw CancellationError()
        } catch {
            throw MCPError.unreachable(url: url.absoluteString, detail: PlainError.describe(error))
        }
        guard (200..<300).contains(status) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw MCPError.http(status: status, detail: text)
        }
        if isSSE {
            if let e = parser.finish(), let hit = match(e.data, wantID) { return hit }
            return nil
        }
        guard wantID != nil else { return nil }
        guard let v = try? JSONValue.parse(body) else {
            throw MCPError.protocolError("response is neither JSON nor an event stream")
        }
        if let arr = v.arrayValue { return arr.first { $0["id"]?.intValue == wantID } }
        return v
    }

    private func match(_ data: String, _ wantID: Int?) -> JSONValue? {
        guard let wantID, let v = try? JSONValue.parse(data) else { return nil }
        if v["method"] == nil, v["id"]?.intValue == wantID { return v }
        return nil
    }
}
