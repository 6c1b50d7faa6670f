import Foundation
import OVSMKit

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
    public static func response(method: String, id: Int?, outcome: Result<HTTPResponse, RPCError.Kind>) -> Result<Value, RPCError> {
        let r: HTTPResponse
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
                              outcome: Result<HTTPResponse, RPCError.Kind>) -> Result<[Result<Value, RPCError>], RPCError> {
        let r: HTTPResponse
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
