import OVSMKit

/// Everything that can go wrong with one JSON-RPC call, typed.
///
///     do { _ = try await client.getBalance(pk) }
///     catch let e as RPCError where e.serverCode == -32602 { ... }
public struct RPCError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Error, Sendable {
        /// The server's JSON-RPC `error` member: code, message, optional data.
        case server(code: Int, message: String, data: Value?)
        /// A non-2xx HTTP status without a JSON-RPC error body (`snippet`: start of the body).
        case http(status: Int, snippet: String)
        /// No complete answer within the timeout (seconds).
        case timeout(Double)
        /// Connection refused, DNS failure, TLS, reset, ...
        case transport(String)
        /// A 2xx answer that is not a JSON-RPC response: empty, HTML, garbage JSON.
        case invalidResponse(String)
        /// A JSON-RPC `result` whose shape is not what the typed method expects.
        case unexpectedResult(String)
        /// A bad endpoint URL or unencodable params.
        case invalidRequest(String)
    }

    public var method: String
    public var kind: Kind

    public init(method: String, kind: Kind) { self.method = method; self.kind = kind }

    /// The JSON-RPC error code when the server answered with one.
    public var serverCode: Int? { if case .server(let c, _, _) = kind { return c }; return nil }
    public var serverMessage: String? { if case .server(_, let m, _) = kind { return m }; return nil }
    public var serverData: Value? { if case .server(_, _, let d) = kind { return d }; return nil }
    public var httpStatus: Int? { if case .http(let s, _) = kind { return s }; return nil }
    public var isTimeout: Bool { if case .timeout = kind { return true }; return false }

    /// The transaction error inside a preflight failure's `data.err` (e.g. "SignatureFailure"
    /// or {"InstructionError":[0,{"Custom":1}]}), when present.
    public var transactionError: Value? {
        guard case .object(let o)? = serverData, let e = o["err"], e != .null else { return nil }
        return e
    }

    /// The detail without the method: "server error -32602: Invalid params".
    public var detail: String {
        switch kind {
        case .server(let code, let message, _): return "server error \(code): \(message)"
        case .http(let status, let snippet):
            return "HTTP \(status)" + (snippet.isEmpty ? "" : ": \(snippet)")
        case .timeout(let s): return "no answer within \(RPCError.seconds(s))"
        case .transport(let m): return m
        case .invalidResponse(let m): return "invalid response: \(m)"
        case .unexpectedResult(let m): return "unexpected result: \(m)"
        case .invalidRequest(let m): return "invalid request: \(m)"
        }
    }

    /// "getBalance: server error -32602: Invalid params".
    public var description: String { "\(method): \(detail)" }

    /// The OVSM error of spec §13: category `user`, message `rpc: <method>: <detail>`.
    public var ovsmError: OVSMError { OVSMError(.user, "rpc: \(method): \(detail)") }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// First line of a body, trimmed, for messages ("<html><head>…").
    static func snippet(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes.prefix(200), as: UTF8.self)
        text = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > 80 { text = String(text.prefix(80)) + "…" }
        return text
    }
}

import Foundation
