import Foundation
import OVSMKit
import Synchronization

/// Commitment levels of Solana RPC.
public enum Commitment: String, Sendable, CaseIterable {
    case processed, confirmed, finalized
}

/// A Solana JSON-RPC 2.0 client over HTTP.
///
///     let rpc = try RPCClient(url: "http://127.0.0.1:8899")
///     let lamports = try await rpc.getBalance(pk)
///     let raw = try await rpc.call("getEpochInfo")              // the `result` as a Value
///     let many = try await rpc.batch([("getSlot", []), ("getBlockHeight", [])])
///
/// Reads are retried with exponential backoff on HTTP 429, 5xx and transport errors
/// (`maxRetries`, honouring `Retry-After` up to 5 s); `sendTransaction`/`requestAirdrop`
/// are never retried. Every failure is an `RPCError`; a response that is not JSON-RPC
/// (empty, HTML, garbage) is `.invalidResponse`, never a crash.
public final class RPCClient: Sendable {
    public let url: URL
    public let transport: HTTPTransport
    public let maxRetries: Int
    public let baseBackoff: Double
    private let nextID = Atomic<Int>(1)

    /// Methods that change state: never retried.
    public static let writeMethods: Set<String> = ["sendTransaction", "requestAirdrop"]

    public init(url: String, timeout: Double = 30, maxRetries: Int = 2, baseBackoff: Double = 0.25) throws {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
              u.host != nil else {
            throw RPCError(method: "connect", kind: .invalidRequest("'\(url)' is not an http(s) URL"))
        }
        self.url = u
        self.transport = HTTPTransport(url: u, timeout: timeout)
        self.maxRetries = maxRetries
        self.baseBackoff = baseBackoff
    }

    func takeID() -> Int { nextID.add(1, ordering: .relaxed).oldValue }

    // MARK: - raw calls

    /// One call; returns the `result` member (server key order kept).
    public func call(_ method: String, _ params: [Value] = []) async throws -> Value {
        let id = takeID()
        let body = try RPCCodec.request(id: id, method: method, params: params)
        var attempt = 0
        while true {
            let outcome = await transport.post(body)
            let result = RPCCodec.response(method: method, id: id, outcome: outcome)
            switch result {
            case .success(let v): return v
            case .failure(let e):
                guard !RPCClient.writeMethods.contains(method), attempt < maxRetries,
                      let delay = retryDelay(e, outcome: outcome, attempt: attempt) else { throw e }
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
    public func callSync(_ method: String, rawParams: Value?) throws -> Value {
        let id = takeID()
        let body = try RPCCodec.request(id: id, method: method, rawParams: rawParams)
        var attempt = 0
        while true {
            let outcome = transport.postSync(body)
            switch RPCCodec.response(method: method, id: id, outcome: outcome) {
            case .success(let v): return v
            case .failure(let e):
                guard !RPCClient.writeMethods.contains(method), attempt < maxRetries,
                      let delay = retryDelay(e, outcome: outcome, attempt: attempt) else { throw e }
                attempt += 1
                Thread.sleep(forTimeInterval: delay)
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
            let outcome = await transport.post(body)
            switch RPCCodec.batchResponse(label: label, calls: calls.map(\.method), ids: ids, outcome: outcome) {
            case .success(let r): return r
            case .failure(let e):
                guard readOnly, attempt < maxRetries, let delay = retryDelay(e, outcome: outcome, attempt: attempt) else { throw e }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            }
        }
    }

    /// nil = do not retry.
    func retryDelay(_ e: RPCError, outcome: Result<HTTPTransport.Response, RPCError.Kind>, attempt: Int) -> Double? {
        var retryAfter: Double?
        switch e.kind {
        case .http(let status, _):
            guard status == 429 || (500...599).contains(status) else { return nil }
            if case .success(let r) = outcome, let h = r.headers["retry-after"], let s = Double(h) { retryAfter = s }
        case .server(let code, _, _):
            // Node-side overload answers (HTTP 429/5xx with a JSON-RPC error body).
            guard case .success(let r) = outcome, r.status == 429 || (500...599).contains(r.status) else { return nil }
            _ = code
        case .transport: break
        default: return nil
        }
        let backoff = baseBackoff * pow(2, Double(attempt)) * Double.random(in: 0.8...1.2)
        return min(max(retryAfter ?? 0, backoff), 5)
    }
}

/// JSON-RPC 2.0 encoding/decoding, shared by the async client, the sync path and the host.
public enum RPCCodec {
    /// `{"jsonrpc":"2.0","id":N,"method":M,"params":P}`; params omitted only when nil.
    public static func requestValue(id: Int, method: String, params: [Value]) -> Value {
        requestValue(id: id, method: method, rawParams: .array(params))
    }

    public static func requestValue(id: Int, method: String, rawParams: Value?) -> Value {
        var o = OVSMObject(minimumCapacity: 4)
        o["jsonrpc"] = .string("2.0")
        o["id"] = .int(id)
        o["method"] = .string(method)
        if let p = rawParams, p != .null { o["params"] = p }
        return .object(o)
    }

    public static func request(id: Int, method: String, params: [Value]) throws -> Data {
        try request(id: id, method: method, rawParams: .array(params))
    }

    public static func request(id: Int, method: String, rawParams: Value?) throws -> Data {
        do { return Data(try JSON.stringify(requestValue(id: id, method: method, rawParams: rawParams)).utf8) } catch {
            throw RPCError(method: method, kind: .invalidRequest("params are not JSON-encodable: \(error)"))
        }
    }

    /// Parses a body into a JSON value, or explains why it is not JSON.
    static func parseBody(_ body: Data) -> Result<Value, RPCError.Kind> {
        if body.isEmpty { return .failure(.invalidResponse("empty body")) }
        let firstByte = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if firstByte == UInt8(ascii: "<") {
            return .failure(.invalidResponse("HTML instead of JSON (\(RPCError.snippet(Array(body.prefix(200)))))"))
        }
        do {
            let v = try body.withUnsafeBytes { try JSON.parse(bytes: $0) }
            return .success(v)
        } catch {
            return .failure(.invalidResponse("not JSON (\(RPCError.snippet(Array(body.prefix(200)))))"))
        }
    }

    static func errorKind(_ err: Value) -> RPCError.Kind {
        guard case .object(let e) = err else { return .invalidResponse("malformed error member") }
        var code = 0
        if case .int(let c)? = e["code"] { code = c }
        var message = ""
        if case .string(let m)? = e["message"] { message = m }
        let data = e["data"]
        return .server(code: code, message: message, data: data == .null ? nil : data)
    }

    /// Interprets one HTTP outcome for a single call.
    public static func response(method: String, id: Int?, outcome: Result<HTTPTransport.Response, RPCError.Kind>) -> Result<Value, RPCError> {
        let r: HTTPTransport.Response
        switch outcome {
        case .failure(let k): return .failure(RPCError(method: method, kind: k))
        case .success(let resp): r = resp
        }
        let parsed = parseBody(r.body)
        // A JSON-RPC error member wins over the HTTP status (nodes send 4xx/5xx with one).
        if case .success(.object(let o)) = parsed, let err = o["error"], err != .null {
            return .failure(RPCError(method: method, kind: errorKind(err)))
        }
        guard (200...299).contains(r.status) else {
            return .failure(RPCError(method: method, kind: .http(status: r.status, snippet: RPCError.snippet(Array(r.body.prefix(200))))))
        }
        switch parsed {
        case .failure(let k): return .failure(RPCError(method: method, kind: k))
        case .success(.object(let o)):
            guard let result = o["result"] else {
                return .failure(RPCError(method: method, kind: .invalidResponse("JSON without a result or error member")))
            }
            return .success(result)
        case .success(let other):
            return .failure(RPCError(method: method, kind: .invalidResponse("expected a JSON-RPC object, got \(other.typeName)")))
        }
    }

    static func batchResponse(label: String, calls: [String], ids: [Int],
                              outcome: Result<HTTPTransport.Response, RPCError.Kind>) -> Result<[Result<Value, RPCError>], RPCError> {
        let r: HTTPTransport.Response
        switch outcome {
        case .failure(let k): return .failure(RPCError(method: label, kind: k))
        case .success(let resp): r = resp
        }
        let parsed = parseBody(r.body)
        if case .success(.object(let o)) = parsed, let err = o["error"], err != .null {
            return .failure(RPCError(method: label, kind: errorKind(err)))
        }
        guard (200...299).contains(r.status) else {
            return .failure(RPCError(method: label, kind: .http(status: r.status, snippet: RPCError.snippet(Array(r.body.prefix(200))))))
        }
        guard case .success(let v) = parsed else {
            if case .failure(let k) = parsed { return .failure(RPCError(method: label, kind: k)) }
            return .failure(RPCError(method: label, kind: .invalidResponse("?")))
        }
        guard case .array(let items) = v else {
            return .failure(RPCError(method: label, kind: .invalidResponse("expected a JSON array for a batch, got \(v.typeName)")))
        }
        var byID: [Int: Value] = [:]
        for item in items {
            if case .object(let o) = item, case .int(let i)? = o["id"] { byID[i] = item }
        }
        var out: [Result<Value, RPCError>] = []
        for (n, id) in ids.enumerated() {
            let method = calls[n]
            guard case .object(let o)? = byID[id] else {
                out.append(.failure(RPCError(method: method, kind: .invalidResponse("no answer for this call in the batch"))))
                continue
            }
            if let err = o["error"], err != .null {
                out.append(.failure(RPCError(method: method, kind: errorKind(err))))
            } else if let res = o["result"] {
                out.append(.success(res))
            } else {
                out.append(.failure(RPCError(method: method, kind: .invalidResponse("JSON without a result or error member"))))
            }
        }
        return .success(out)
    }
}
