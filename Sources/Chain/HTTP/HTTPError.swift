import Foundation

/// Why an HTTP exchange failed, in words a user can act on (never Foundation's
/// "NSURLErrorDomain error -1004": the transport is our own socket code).
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    /// Nobody answered: refused, unknown host, no network. `reason` is a short phrase.
    case cannotConnect(endpoint: String, reason: String)
    case timedOut(seconds: Double)
    /// The body (counted after decompression) passed the limit; the transfer was stopped.
    case tooLarge(limit: Int)
    /// The server hung up after answering part of the response.
    case closedMidResponse
    case tooManyRedirects
    case tls(endpoint: String, reason: String)
    /// Not a well-formed HTTP response (bad framing, undecodable content encoding).
    case badResponse(String)
    case cancelled
    /// Anything else, already phrased plainly.
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid URL '\(TerminalText.line(u))'"
        case .cannotConnect(let e, let r): return "cannot connect to \(e) (\(r))"
        case .timedOut(let s): return "timed out after \(HTTPError.seconds(s))"
        case .tooLarge(let limit): return "response larger than \(HTTPError.bytes(limit))"
        case .closedMidResponse: return "server closed the connection mid-response"
        case .tooManyRedirects: return "too many redirects"
        case .tls(let e, let r): return "TLS with \(e) failed: \(r)"
        case .badResponse(let m): return "bad HTTP response: \(m)"
        case .cancelled: return "cancelled"
        case .other(let m): return m
        }
    }

    /// Failures worth another attempt of an idempotent request: the server may simply not
    /// have been reachable for a moment. Timeouts are not retried: the timeout is the
    /// caller's budget for the whole call.
    public var isTransient: Bool {
        switch self {
        case .cannotConnect, .closedMidResponse: return true
        default: return false
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    static func bytes(_ n: Int) -> String {
        if n >= 1 << 20, n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10, n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        return "\(n) bytes"
    }
}
