import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import OSVMSettings

/// HTTP/1.1 over our own TCP socket, for `http://` and (with OpenSSL's TLS, see
/// `Connection`) `https://` endpoints: validators, RPC providers, AI endpoints, MCP servers.
/// It exists because URLSession on Linux hands bodies to libcurl, which always inflates gzip
/// and queues the result without back-pressure — a 2 MB gzip bomb became 2 GB before a
/// delegate could count a byte. Here every byte passes through one loop that counts it,
/// bodies are never decompressed (`Accept-Encoding: identity`; a compressed answer is
/// refused), and the deadline, idle timeout and cancellation are checked between reads.
/// One connection per request (`Connection: close`). Redirects stay on the same scheme or
/// go from http to https, never from https down to http. Proxies (`HTTPS_PROXY`) are not
/// supported.
public struct PlainHTTPClient: HTTPClient {
    public var maxRedirects: Int

    public init(maxRedirects: Int = 5) { self.maxRedirects = maxRedirects }

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, Error> {
        let (stream, continuation) = AsyncThrowingStream<HTTPStreamPart, Error>.makeStream(bufferingPolicy: .unbounded)
        if let problem = request.urlProblem {
            continuation.finish(throwing: problem)
            return stream
        }
        let exchange = PlainExchange(request, maxRedirects: maxRedirects, out: continuation)
        continuation.onTermination = { _ in exchange.cancel() }
        if let deadline = request.deadline {
            // The poll budgets enforce the deadline between reads; this timer also covers
            // what they cannot interrupt (a slow DNS lookup in getaddrinfo).
            DispatchQueue.global().asyncAfter(deadline: .now() + deadline + 0.25) {
                continuation.finish(throwing: HTTPError.timedOut(seconds: deadline))
                exchange.cancel()
            }
        }
        // Blocking socket I/O gets its own thread, never one of the cooperative pool's.
        let t = Thread {
            // OpenSSL writes with plain write(2): a peer that hung up would raise SIGPIPE and
            // kill the process. Blocked on this thread only, the signal stays pending and dies
            // with the thread; the write fails with EPIPE, which is reported as an error.
            var pipe = sigset_t()
            sigemptyset(&pipe)
            sigaddset(&pipe, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipe, nil)
            exchange.run()
        }
        t.stackSize = 1 << 20
        t.start()
        return stream
    }
}

/// One request with its redirects, run on its own thread.
final class PlainExchange: @unchecked Sendable {
    private let request: HTTPRequest
    private let maxRedirects: Int
    private let out: AsyncThrowingStream<HTTPStreamPart, Error>.Continuation
    private let cancelled = Atomic<Bool>(false)
    private let fd = Mutex<Int32>(-1)
    private let started = Date()
    private var sawHead = false

    init(_ r: HTTPRequest, maxRedirects: Int, out: AsyncThrowingStream<HTTPStreamPart, Error>.Continuation) {
        request = r; self.maxRedirects = maxRedirects; self.out = out
    }

    /// Wakes a blocked read: shutting the socket down makes poll return at once.
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
        fd.withLock { if $0 >= 0 { shutdown($0, Int32(SHUT_RDWR)) } }
    }

    func run() {
        do {
            var url = request.url
            var method = request.method
            var body = request.body
            for hop in 0...maxRedirects {
                let sock = try connect(url)
                defer { fd.withLock { close(sock); $0 = -1 } }
                let connection = Connection(fd: sock, exchange: self)
                if url.scheme?.lowercased() == "https" {
                    let host = url.host ?? ""
                    try connection.startTLS(host: host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host,
                                            endpoint: HTTPRequest.endpoint(of: url))
                }
                try send(connection, url: url, method: method, body: body)
                var reader = SocketReader(connection: connection, exchange: self)
                let (status, headers) = try reader.readHead()
                if (300...399).contains(status), status != 304, let loc = headers["location"] {
                    guard hop < maxRedirects else { throw HTTPError.tooManyRedirects }
                    let from = url.scheme?.lowercased() ?? ""
                    guard let next = URL(string: loc, relativeTo: url)?.absoluteURL,
                          let to = next.scheme?.lowercased(), to == from || (from == "http" && to == "https") else {
                        throw HTTPError.badResponse("redirect to an unsupported location (only http(s), never from https to http)")
                    }
                    if status == 301 || status == 302 || status == 303 { method = "GET"; body = nil }
                    url = next
                    continue
                }
                if let enc = headers["content-encoding"]?.lowercased(), !enc.isEmpty, enc != "identity" {
                    throw HTTPError.badResponse("compressed body (Content-Encoding: \(TerminalText.line(String(enc.prefix(20))))) although none was accepted")
                }
                let length = headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                if let length, length > request.maxResponseBytes { throw HTTPError.tooLarge(limit: request.maxResponseBytes) }
                sawHead = true
                out.yield(.head(status: status, headers: headers))
                if method == "HEAD" || status == 204 || status == 304 { break }
                let chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false
                try reader.readBody(chunked: chunked, length: length, limit: request.maxResponseBytes) { out.yield(.body($0)) }
                break
            }
            out.finish()
        } catch let e as HTTPError {
            out.finish(throwing: cancelled.load(ordering: .relaxed) ? HTTPError.cancelled : e)
        } catch {
            out.finish(throwing: HTTPError.other(PlainError.describe(error)))
        }
    }

    // MARK: time

    /// Milliseconds to wait in the next poll, or a timeout error.
    func waitBudget() throws -> Int32 {
        if cancelled.load(ordering: .relaxed) { throw HTTPError.cancelled }
        var ms = request.idleTimeout * 1000
        if let d = request.deadline {
            let left = d - Date().timeIntervalSince(started)
            if left <= 0 { throw HTTPError.timedOut(seconds: d) }
            ms = min(ms, left * 1000)
        }
        return Int32(max(1, min(ms, Double(Int32.max))))
    }

    /// The error for a poll that found nothing within its budget.
    func timeoutError() -> HTTPError {
        if let d = request.deadline, Date().timeIntervalSince(started) >= d - 0.01 { return .timedOut(seconds: d) }
        return .timedOut(seconds: request.idleTimeout)
    }

    func throwIfCancelled() throws {
        if cancelled.load(ordering: .relaxed) { throw HTTPError.cancelled }
    }

    func closedError() -> HTTPError {
        if cancelled.load(ordering: .relaxed) { return .cancelled }
        return sawHead ? .closedMidResponse
            : .cannotConnect(endpoint: request.endpoint, reason: "connection closed before any answer")
    }

    // MARK: connect and send

    private func connect(_ url: URL) throws -> Int32 {
        guard let host = url.host, !host.isEmpty else { throw HTTPError.invalidURL(url.absoluteString) }
        let endpoint = HTTPRequest.endpoint(of: url)
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        guard getaddrinfo(bare, String(port), &hints, &list) == 0, let first = list else {
            throw HTTPError.cannotConnect(endpoint: endpoint, reason: "unknown host")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = ECONNREFUSED
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            ai = a.pointee.ai_next
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), a.pointee.ai_protocol)
            if s < 0 { lastErrno = errno; continue }
            fd.withLock { $0 = s }
            _ = fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { return s }
            if errno == EINPROGRESS {
                var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
                let n = poll(&p, 1, try waitBudget())
                if n == 0 { fd.withLock { close(s); $0 = -1 }; throw timeoutError() }
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
                if n > 0 && err == 0 { return s }
                lastErrno = err == 0 ? ECONNREFUSED : err
            } else {
                lastErrno = errno
            }
            fd.withLock { close(s); $0 = -1 }
            if cancelled.load(ordering: .relaxed) { throw HTTPError.cancelled }
        }
        let reason: String
        switch lastErrno {
        case ECONNREFUSED: reason = "connection refused"
        case ENETUNREACH, EHOSTUNREACH: reason = "no route to host"
        case ETIMEDOUT: reason = "connection timed out"
        default: reason = String(cString: strerror(lastErrno)).lowercased()
        }
        throw HTTPError.cannotConnect(endpoint: endpoint, reason: reason)
    }

    private func send(_ connection: Connection, url: URL, method: String, body: Data?) throws {
        let target = RequestTarget.of(url)
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(HTTPRequest.endpoint(of: url))\r\nConnection: close\r\n"
        var headers = request.headers
        headers["Accept-Encoding"] = "identity"
        if headers["User-Agent"] == nil { headers["User-Agent"] = "osvm/0.1" }
        // Credentials in the URL (`https://user:key@rpc.example/`, common with RPC
        // providers) are sent as Basic auth unless the caller set its own Authorization.
        if !headers.keys.contains(where: { $0.lowercased() == "authorization" }), let auth = RequestTarget.basicAuthorization(url) {
            headers["Authorization"] = auth
        }
        for (k, v) in headers where !k.contains("\r") && !k.contains("\n") && !v.contains("\r") && !v.contains("\n") {
            head += "\(k): \(v)\r\n"
        }
        if let body { head += "Content-Length: \(body.count)\r\n" } else if method == "POST" { head += "Content-Length: 0\r\n" }
        head += "\r\n"
        var bytes = Data(head.utf8)
        if let body { bytes.append(body) }
        try connection.write(bytes)
    }
}

/// Buffered reads from the socket with the exchange's time limits.
struct SocketReader {
    let connection: Connection
    let exchange: PlainExchange
    var buffer = [UInt8]()
    var start = 0
    var eof = false

    init(connection: Connection, exchange: PlainExchange) { self.connection = connection; self.exchange = exchange }

    var available: Int { buffer.count - start }

    /// Reads more bytes; false at end of stream.
    mutating func fill() throws -> Bool {
        if eof { return false }
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let r = try chunk.withUnsafeMutableBytes { try connection.read(into: $0) }
        if r == 0 { eof = true; return false }
        buffer.append(contentsOf: chunk[0..<r])
        return true
    }

    mutating func take(_ n: Int) -> [UInt8] {
        let out = Array(buffer[start..<(start + n)])
        start += n
        return out
    }

    /// A CRLF-terminated line (without it), at most `max` bytes.
    mutating func line(max: Int) throws -> String {
        while true {
            if let i = buffer[start...].firstIndex(of: 0x0A) {
                var bytes = take(i - start + 1)
                bytes.removeLast()
                if bytes.last == 0x0D { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            if available > max { throw HTTPError.badResponse("header line too long") }
            if try !fill() { throw exchange.closedError() }
        }
    }

    mutating func readHead() throws -> (Int, [String: String]) {
        while true {
            let statusLine = try line(max: 8192)
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]), (100...999).contains(status) else {
                throw HTTPError.badResponse("not an HTTP response")
            }
            var headers: [String: String] = [:]
            var total = 0
            while true {
                let l = try line(max: 65536)
                if l.isEmpty { break }
                total += l.utf8.count
                if total > 256 << 10 || headers.count > 500 { throw HTTPError.badResponse("too many headers") }
                guard let colon = l.firstIndex(of: ":") else { continue }
                let k = l[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let v = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers[k] = headers[k].map { $0 + ", " + v } ?? v
            }
            if (100...199).contains(status) { continue }   // 100 Continue and friends
            return (status, headers)
        }
    }

    /// Delivers the body in pieces as they arrive, counting them against `limit`.
    mutating func readBody(chunked: Bool, length: Int?, limit: Int, _ deliver: (Data) -> Void) throws {
        var total = 0
        func emit(_ bytes: [UInt8]) throws {
            total += bytes.count
            if total > limit { throw HTTPError.tooLarge(limit: limit) }
            if !bytes.isEmpty { deliver(Data(bytes)) }
        }
        if chunked {
            while true {
                let sizeLine = try line(max: 1024)
                let hex = sizeLine.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(hex, radix: 16), size >= 0 else { throw HTTPError.badResponse("bad chunk size") }
                if size == 0 {
                    while try !line(max: 8192).isEmpty {}   // trailers
                    return
                }
                if size > limit - total { throw HTTPError.tooLarge(limit: limit) }
                var left = size
                while left > 0 {
                    if available == 0, try !fill() { throw exchange.closedError() }
                    let n = min(left, available)
                    try emit(take(n))
                    left -= n
                }
                _ = try line(max: 16)
            }
        } else if let length {
            var left = length
            while left > 0 {
                if available == 0, try !fill() { throw exchange.closedError() }
                let n = min(left, available)
                try emit(take(n))
                left -= n
            }
        } else {
            while true {
                if available > 0 { try emit(take(available)) }
                if try !fill() { return }
            }
        }
    }
}
