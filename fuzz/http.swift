// libFuzzer target `http`: the HTTP/1.1 response parser of osvm's transport
// (`SocketReader` over a `Connection`: status line, headers, chunked / length / to-EOF
// bodies, the size limit), fed with what a hostile server could send. The input is the
// server's whole answer, written into a socket pair and closed; every outcome must be a
// parsed response or an `HTTPError`, in bounded memory.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Chain

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size <= 150_000 else { return 0 }            // fits the socket buffer: no writer thread
    var fds: [Int32] = [0, 0]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { return 0 }
    defer { close(fds[0]) }
    var buf = Int32(1 << 20)
    setsockopt(fds[1], SOL_SOCKET, SO_SNDBUF, &buf, socklen_t(MemoryLayout<Int32>.size))
    setsockopt(fds[0], SOL_SOCKET, SO_RCVBUF, &buf, socklen_t(MemoryLayout<Int32>.size))
    var off = 0
    while off < size {
        let w = send(fds[1], data + off, size - off, Int32(MSG_NOSIGNAL))
        if w <= 0 { break }
        off += w
    }
    close(fds[1])
    _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)

    // A small limit, so the size check is reached by small inputs too.
    let request = HTTPRequest(url: URL(string: "http://127.0.0.1:1/")!, idleTimeout: 1, deadline: 2, maxResponseBytes: 4096)
    let (_, continuation) = AsyncThrowingStream<HTTPStreamPart, Error>.makeStream()
    let exchange = PlainExchange(request, maxRedirects: 0, out: continuation)
    var reader = SocketReader(connection: Connection(fd: fds[0], exchange: exchange), exchange: exchange)
    do {
        let (status, headers) = try reader.readHead()
        precondition((100...999).contains(status))
        let chunked = headers["transfer-encoding"]?.lowercased().contains("chunked") ?? false
        let length = headers["content-length"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var total = 0
        try reader.readBody(chunked: chunked, length: length, limit: request.maxResponseBytes) { total += $0.count }
        precondition(total <= request.maxResponseBytes)
    } catch is HTTPError {
    } catch {
        preconditionFailure("not an HTTPError: \(error)")
    }
    continuation.finish()
    return 0
}
