import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why an HTTP exchange failed, in words a user can act on. Foundation's own errors
/// ("NSURLErrorDomain error -1004") never leave the transport: `from(_:endpoint:...)`
/// translates them.
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
    case tls(endpoint: String)
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
        case .tls(let e): return "TLS handshake with \(e) failed (certificate or protocol problem)"
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

    /// Translates an error from URLSession. `receivedHead`: whether the response had
    /// started, which tells a refused connection from one cut mid-response.
    public static func from(_ error: Error, endpoint: String, timeout: Double, receivedHead: Bool) -> HTTPError {
        if let e = error as? HTTPError { return e }
        if error is CancellationError { return .cancelled }
        let ns = error as NSError
        // Never the raw NSError text ("NSCocoaErrorDomain error 256"): it tells a user nothing.
        guard ns.domain == NSURLErrorDomain else { return .other("network error talking to \(endpoint)") }
        switch ns.code {
        case NSURLErrorTimedOut: return .timedOut(seconds: timeout)
        case NSURLErrorCancelled: return .cancelled
        case NSURLErrorCannotConnectToHost: return .cannotConnect(endpoint: endpoint, reason: "connection refused")
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed:
            return .cannotConnect(endpoint: endpoint, reason: "unknown host")
        case NSURLErrorNotConnectedToInternet: return .cannotConnect(endpoint: endpoint, reason: "no network")
        case NSURLErrorNetworkConnectionLost, NSURLErrorZeroByteResource:
            return receivedHead ? .closedMidResponse
                : .cannotConnect(endpoint: endpoint, reason: "connection closed before any answer")
        case NSURLErrorBadURL, NSURLErrorUnsupportedURL: return .invalidURL(endpoint)
        case NSURLErrorHTTPTooManyRedirects, NSURLErrorRedirectToNonExistentLocation: return .tooManyRedirects
        case NSURLErrorBadServerResponse, NSURLErrorCannotParseResponse:
            return receivedHead ? .closedMidResponse : .badResponse("malformed HTTP response")
        case NSURLErrorCannotDecodeRawData, NSURLErrorCannotDecodeContentData:
            return .badResponse("cannot decode the response body")
        case NSURLErrorDataLengthExceedsMaximum: return .tooLarge(limit: HTTPRequest.defaultMaxResponseBytes)
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateHasBadDate, NSURLErrorServerCertificateUntrusted,
             NSURLErrorServerCertificateHasUnknownRoot, NSURLErrorServerCertificateNotYetValid,
             NSURLErrorClientCertificateRejected, NSURLErrorClientCertificateRequired:
            return .tls(endpoint: endpoint)
        default: return .other("network error talking to \(endpoint) (URL error \(ns.code))")
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
