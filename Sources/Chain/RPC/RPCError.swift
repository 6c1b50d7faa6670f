import OVSMKit
import OSVMSettings

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
        /// The HTTP exchange failed: connection refused, TLS, too large, cut mid-response, ...
        case network(HTTPError)
        /// Any other failure below JSON-RPC, already phrased.
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
        // Server-provided text is sanitised here, so no caller can print it raw.
        case .server(let code, let message, _): return "server error \(code): \(TerminalText.line(message))"
        case .http(let status, let snippet):
            return "HTTP \(status)" + (snippet.isEmpty ? "" : ": \(TerminalText.line(snippet))")
        case .timeout(let s): return HTTPError.timedOut(seconds: s).description
        case .network(let e): return e.description
        case .transport(let m): return TerminalText.line(m)
        case .invalidResponse(let m): return "invalid response: \(TerminalText.line(m))"
        case .unexpectedResult(let m): return "unexpected result: \(TerminalText.line(m))"
        case .invalidRequest(let m): return "invalid request: \(m)"
        }
    }

    /// "getBalance: server error -32602: Invalid params";
    /// "unexpected result from getSlot: expected a non-negative integer, got array".
    public var description: String {
        if case .unexpectedResult(let m) = kind { return "unexpected result from \(method): \(TerminalText.line(m))" }
        return "\(method): \(detail)"
    }

    /// The OVSM error of spec §13: category `user`, message `rpc: <method>: <detail>`.
    public var ovsmError: OVSMError { OVSMError(.user, "rpc: \(description)") }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }

    /// First line of a body, trimmed, for messages ("<html><head>…").
    static func snippet(_ bytes: [UInt8]) -> String {
        var text = TerminalText.sanitize(String(decoding: bytes.prefix(200), as: UTF8.self))
        text = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > 80 { text = String(text.prefix(80)) + "…" }
        return text
    }
}

import Foundation

extension RPCError.Kind {
    /// A transport failure as an RPC error kind (timeouts keep their own case).
    init(_ error: Error, timeout: Double) {
        switch error {
        case HTTPError.timedOut(let s): self = .timeout(s)
        case let e as HTTPError: self = .network(e)
        default: self = .transport(PlainError.describe(error))
        }
    }
}
