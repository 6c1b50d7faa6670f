import Foundation
import OVSMKit
import Synchronization

/// Commitment levels of Solana RPC.
public enum Commitment: String, Sendable, CaseIterable {
    case processed, confirmed, finalized
}

/// A Solana JSON-RPC 2.0 client over the shared `HTTPClient`.
///
///     let rpc = try RPCClient(url: "http://127.0.0.1:8899")
///     let lamports = try await rpc.getBalance(pk)
///     let raw = try await rpc.call("getEpochInfo")              // the `result` as a Value
///     let many = try await rpc.batch([("getSlot", []), ("getBlockHeight", [])])
///
/// Each call is bounded by `timeout` (whole exchange) and `maxResponseBytes` (decompressed).
/// Reads are retried by `retry` (429, 5xx, connection failures; `Retry-After` honoured);
/// `sendTransaction`/`requestAirdrop` are never retried. Every failure is an `RPCError`; a
/// response that is not JSON-RPC (empty, HTML, garbage) is `.invalidResponse`, never a crash.
public final class RPCClient: Sendable {
    public let url: URL
    public let timeout: Double
    public let retry: RetryPolicy
    public let maxResponseBytes: Int
    let http: any HTTPClient
    private let nextID = Atomic<Int>(1)

    /// Methods that change state: never retried (from `RPCMethodTable`).
    public static var writeMethods: Set<String> { RPCMethodTable.writeMethods }

    public var maxRetries: Int { retry.maxRetries }

    public init(url: String, timeout: Double = 30, maxRetries: Int = 2, baseBackoff: Double = 0.25,
                maxResponseBytes: Int = HTTPRequest.defaultMaxResponseBytes,
                http: any HTTPClient = DefaultHTTPClient.shared) throws {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
              u.host != nil else {
            throw RPCError(method: "connect", kind: .invalidRequest("'\(TerminalText.line(url))' is not an http(s) URL"))
        }
        self.url = u
        self.timeout = timeout
        self.retry = RetryPolicy(maxRetries: maxRetries, baseDelay: baseBackoff, maxDelay: 5)
        self.maxResponseBytes = maxResponseBytes
        self.http = http
    }

    func takeID() -> Int { nextID.add(1, ordering: .relaxed).oldValue }

    func request(_ body: Data) -> HTTPRequest {
        HTTPRequest(url: url, method: "POST",
                    headers: ["Content-Type": "application/json", "Accept": "application/json"],
                    body: body, idleTimeout: timeout, deadline: timeout, maxResponseBytes: maxResponseBytes)
    }

    /// One exchange as an outcome the codec reads (transport failures typed, not thrown).
    func post(_ body: Data) async -> Result<HTTPResponse, RPCError.Kind> {
        do { return .success(try await http.send(request(body))) } catch {
            return .failure(RPCError.Kind(error, timeout: timeout))
        }
    }

    func postSync(_ body: Data, isCancelled: @escaping @Sendable () -> Bool) -> Result<HTTPResponse, RPCError.Kind> {
        do { return .success(try http.sendSync(request(body), isCancelled: isCancelled)) } catch {
            return .failure(RPCError.Kind(error, timeout: timeout))
        }
    }

    // MARK: - raw calls

    /// One call; returns the `result` member (server key order kept).
    public func call(_ method: String, _ params: [Value] = []) async throws -> Value {
        let id = takeID()
        let body = try RPCCodec.request(id: id, method: method, params: params)
        var attempt = 0
        while true {
            let outcome = await post(body)
            switch RPCCodec.response(method: method, id: id, outcome: outcome) {
            case .success(let v): return v
            case .failure(let e):
                guard !RPCClient.writeMethods.contains(method), let delay = retryDelay(outcome, attempt: attempt) else { throw e }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    /// Blocking variant for non-async callers (the OVSM evaluator thread). Same retries.
    public func callSync(_ method: String, _ params: [Value] = []) throws -> Value {
        try callSync(method, rawParams: .array(params))
    }

    /// Blocking call with params passed verbatim (nil/null: no params member).
    /// `isCancelled` is polled while waiting: when it turns true the request (or the wait
    /// before a retry) stops at once with a `cancelled` transport error.
    public func callSync(_ method: String, rawParams: Value?,
                         isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> Value {
        let id = takeID()
        let body = try RPCCodec.request(id: id, method: method, rawParams: rawParams)
        var attempt = 0
        while true {
            let outcome = postSync(body, isCancelled: isCancelled)
            switch RPCCodec.response(method: method, id: id, outcome: outcome) {
            case .success(let v): return v
            case .failure(let e):
                guard !RPCClient.writeMethods.contains(method), let delay = retryDelay(outcome, attempt: attempt) else { throw e }
                attempt += 1
                let until = Date().addingTimeInterval(delay)
                while Date() < until {
                    if isCancelled() { throw RPCError(method: method, kind: .network(.cancelled)) }
                    Thread.sleep(forTimeInterval: min(0.02, max(0, until.timeIntervalSinceNow)))
                }
            }
        }
    }

    /// A batch request: one HTTP round trip, results in request order, each a success or
    /// its own `RPCError`. A failure of the whole exchange throws.
    public func batch(_ calls: [(method: String, params: [Value])]) async throws -> [Result<Value, RPCError>] {
        if calls.isEmpty { return [] }
        let ids = calls.map { _ in takeID() }
        var items: [Value] = []
        for (i, c) in calls.enumerated() { items.append(RPCCodec.requestValue(id: ids[i], method: c.method, params: c.params)) }
        let label = "batch(\(calls.map(\.method).joined(separator: ",")))"
        let body: Data
        do { body = Data(try JSON.stringify(.array(items)).utf8) } catch {
            throw RPCError(method: label, kind: .invalidRequest("params are not JSON-encodable"))
        }
        let readOnly = !calls.contains { RPCClient.writeMethods.contains($0.method) }
        var attempt = 0
        while true {
            let outcome = await post(body)
            switch RPCCodec.batchResponse(label: label, calls: calls.map(\.method), ids: ids, outcome: outcome) {
            case .success(let r): return r
            case .failure(let e):
                guard readOnly, let delay = retryDelay(outcome, attempt: attempt) else { throw e }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    /// nil = do not retry. The status decides, whatever the body said: a node that is
    /// overloaded answers 429/5xx, sometimes with a JSON-RPC error body.
    func retryDelay(_ outcome: Result<HTTPResponse, RPCError.Kind>, attempt: Int) -> Double? {
        switch outcome {
        case .success(let r):
            return retry.delay(attempt: attempt, status: r.status, retryAfter: r.headers["retry-after"], error: nil)
        case .failure(.network(let e)):
            return retry.delay(attempt: attempt, status: nil, retryAfter: nil, error: e)
        case .failure:
            return nil
        }
    }
}
