import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small HTTP/1.1 server for `osvm nodes exporter`: `GET /metrics` answers with what
/// `render` returns (Prometheus' text format), `GET /` with a short index page, anything
/// else 404/405. One thread accepts; each scrape is served on its own thread with a 5 s
/// read deadline and a 8 KiB request limit, so a stuck or hostile client cannot hold it.
/// Bind it to the address Prometheus scrapes from (the deployment firewalls the port to
/// that address as well).
public final class MetricsServer: @unchecked Sendable {
    public let host: String
    public private(set) var port: UInt16 = 0
    private let listener: Int32
    private let render: @Sendable () -> String
    private let index: @Sendable () -> String
    private let stopped = Atomic<Bool>(false)

    /// Binds `host:port` (port 0: any free port; `port` then tells which).
    public init(host: String, port: UInt16, render: @escaping @Sendable () -> String,
                index: @escaping @Sendable () -> String = { "osvm node exporter: see /metrics\n" }) throws {
        self.host = host
        self.render = render
        self.index = index
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else {
            throw DeployError.local("--listen: '\(host)' is not an IPv4 address (e.g. 127.0.0.1 or 10.0.0.5)")
        }
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw DeployError.local("cannot open a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(s, 64) == 0 else {
            let why = String(cString: strerror(errno))
            close(s)
            throw DeployError.local("cannot listen on \(host):\(port): \(why)")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = s
    }

    /// Serves until `stop()`; blocks the calling thread.
    public func serve() {
        while !stopped.load(ordering: .relaxed) {
            let c = accept(listener, nil, nil)
            if c < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if stopped.load(ordering: .relaxed) { return }
                usleep(10_000)
                continue
            }
            let t = Thread { [self] in handle(c) }
            t.stackSize = 512 << 10
            t.start()
        }
    }

    public func stop() {
        stopped.store(true, ordering: .relaxed)
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func handle(_ c: Int32) {
        defer { close(c) }
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard let head = Self.readHead(c) else { return }
        let (status, type, body) = respond(to: head)
        let payload = Data(body.utf8)
        let text = "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
        var out = Data(text.utf8)
        if head.method != "HEAD" { out.append(payload) }
        var off = 0
        while off < out.count {
            let w = out.withUnsafeBytes { send(c, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
            if w <= 0 { return }
            off += w
        }
    }

    struct Head { var method: String; var path: String }

    private func respond(to head: Head) -> (String, String, String) {
        guard head.method == "GET" || head.method == "HEAD" else { return ("405 Method Not Allowed", "text/plain", "GET only\n") }
        let path = head.path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.path
        switch path {
        case "/metrics": return ("200 OK", "text/plain; version=0.0.4; charset=utf-8", render())
        case "/": return ("200 OK", "text/plain; charset=utf-8", index())
        default: return ("404 Not Found", "text/plain", "not found: try /metrics\n")
        }
    }

    /// The request line of a head of at most 8 KiB (nil: garbage, too long, or timed out).
    static func readHead(_ c: Int32) -> Head? {
        var buf = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 2048)
        while buf.count < 8192 {
            let r = chunk.withUnsafeMutableBytes { recv(c, $0.baseAddress!, $0.count, 0) }
            if r <= 0 { return nil }
            buf += chunk[0..<r]
            if let end = findHeadEnd(buf) {
                guard let line = String(bytes: buf[0..<end], encoding: .utf8)?.split(separator: "\r\n").first else { return nil }
                let parts = line.split(separator: " ")
                guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
                return Head(method: String(parts[0]), path: String(parts[1]))
            }
        }
        return nil
    }

    private static func findHeadEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }
}
