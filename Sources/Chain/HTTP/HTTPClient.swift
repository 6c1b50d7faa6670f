import Foundation

/// One HTTP request as the transport sees it: where, what, and how long and how much it may
/// take. `deadline` bounds the whole exchange (a drip of one byte a second still ends);
/// `idleTimeout` bounds the wait for each next chunk (streams that legitimately run long,
/// like a chat completion, set only this).
public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data?
    /// Seconds without any byte before giving up.
    public var idleTimeout: Double
    /// Seconds for the whole exchange; nil = only the idle timeout applies.
    public var deadline: Double?
    /// Largest body accepted, counted after decompression.
    public var maxResponseBytes: Int

    /// 64 MiB: far above any real JSON-RPC answer, far below what hurts the machine.
    public static let defaultMaxResponseBytes = 64 << 20

    public init(url: URL, method: String = "POST", headers: [String: String] = [:], body: Data? = nil,
                idleTimeout: Double = 30, deadline: Double? = nil,
                maxResponseBytes: Int = HTTPRequest.defaultMaxResponseBytes) {
        self.url = url; self.method = method; self.headers = headers; self.body = body
        self.idleTimeout = idleTimeout; self.deadline = deadline; self.maxResponseBytes = maxResponseBytes
    }

    /// nil when the URL can be requested; else why not (`HTTPError.invalidURL`).
    public var urlProblem: HTTPError? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty else { return .invalidURL(url.absoluteString) }
        if let port = url.port, !(1...65535).contains(port) { return .invalidURL(url.absoluteString) }
        return nil
    }

    /// "127.0.0.1:8899": how errors name the peer.
    public var endpoint: String { HTTPRequest.endpoint(of: url) }

    public static func endpoint(of url: URL) -> String {
        var host = url.host ?? url.absoluteString
        // An IPv6 literal keeps its brackets (also what the Host header needs).
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        if let port = url.port { return "\(host):\(port)" }
        return host
    }
}

/// A whole buffered response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status; self.headers = headers; self.body = body
    }
}

/// What a streamed exchange yields: the head once, then body chunks as they arrive.
public enum HTTPStreamPart: Sendable {
    case head(status: Int, headers: [String: String])
    case body(Data)
}

/// The one HTTP transport of osvm (JSON-RPC, OpenAI chat, MCP over HTTP). A protocol so
/// tests can answer in process; `PlainHTTPClient` is the real one. Every failure is
/// an `HTTPError`; limits and timeouts are enforced by the implementation, not the caller.
public protocol HTTPClient: Sendable {
    /// Starts the exchange; cancelling the consumer (or dropping the stream) cancels it.
    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error>
}

extension HTTPClient {
    /// The whole response, bounded by `request.maxResponseBytes`.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var status = 0
        var headers: [String: String] = [:]
        var body = Data()
        for try await part in stream(request) {
            switch part {
            case .head(let s, let h): status = s; headers = h
            case .body(let d):
                // Fakes may not enforce the limit; the buffered path always does.
                if body.count + d.count > request.maxResponseBytes {
                    throw HTTPError.tooLarge(limit: request.maxResponseBytes)
                }
                body.append(d)
            }
        }
        // A cancelled consumer sees the stream end quietly; that is not an empty answer.
        if Task.isCancelled { throw HTTPError.cancelled }
        if status == 0 { throw HTTPError.badResponse("no response head") }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// Blocking `send` for threads outside the cooperative pool (the OVSM evaluator).
    /// `isCancelled` is polled every 20 ms; when it turns true the request is cancelled at
    /// once and `HTTPError.cancelled` is thrown — so Ctrl-C never waits for the network.
    public func sendSync(_ request: HTTPRequest, isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> HTTPResponse {
        let box = SyncResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = Task {
            do { box.set(.success(try await send(request))) } catch { box.set(.failure(error)) }
            done.signal()
        }
        while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
            if isCancelled() {
                task.cancel()
                throw HTTPError.cancelled
            }
        }
        switch box.get() {
        case .success(let r): return r
        case .failure(let e): throw e
        case nil: throw HTTPError.cancelled
        }
    }
}

private final class SyncResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<HTTPResponse, Error>?
    func set(_ v: Result<HTTPResponse, Error>) { lock.withLock { value = v } }
    func get() -> Result<HTTPResponse, Error>? { lock.withLock { value } }
}
