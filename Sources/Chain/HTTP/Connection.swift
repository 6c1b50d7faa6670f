import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection of an exchange, plain or TLS (`https://`). Reads and writes wait
/// with `poll` inside the exchange's budget (deadline, idle timeout, cancellation), on a
/// non-blocking socket, so a TLS peer that stalls mid-record is as bounded as a plain one.
///
/// TLS is OpenSSL's over our own socket rather than URLSession's: libcurl behind URLSession
/// inflates gzip and queues bodies without back-pressure (a 1 MB gzip body became 2.1 GB of
/// memory), and linking it loads ~30 shared libraries at every start of `osvm`. Here the
/// bytes go through the same counting loop as plain HTTP. Certificates are verified against
/// the system store (`SSL_CERT_FILE`/`SSL_CERT_DIR` override it, as for every OpenSSL
/// program), with the host name (or IP address) checked and SNI sent; TLS 1.2 at least.
final class Connection {
    let fd: Int32
    private var ssl: OpaquePointer?
    private let exchange: PlainExchange

    init(fd: Int32, exchange: PlainExchange) {
        self.fd = fd
        self.exchange = exchange
    }

    deinit { if let ssl { osvm_SSL_free(ssl) } }

    // MARK: TLS

    /// The process's TLS client context, made on the first https request.
    private nonisolated(unsafe) static let context: OpaquePointer? = {
        guard let ctx = osvm_SSL_CTX_new(osvm_TLS_client_method()) else { return nil }
        _ = osvm_ssl_ctx_min_tls12(ctx)
        _ = osvm_ssl_ctx_auto_retry_off(ctx)
        osvm_ssl_ctx_ignore_unexpected_eof(ctx)
        osvm_SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        _ = osvm_SSL_CTX_set_default_verify_paths(ctx)
        return ctx
    }()

    /// Runs the TLS handshake for `host` (name or IP literal, without brackets).
    func startTLS(host: String, endpoint: String) throws {
        if let e = osvm_openssl_load_error() { throw HTTPError.tls(endpoint: endpoint, reason: String(cString: e)) }
        guard let ctx = Self.context, let s = osvm_SSL_new(ctx) else {
            throw HTTPError.tls(endpoint: endpoint, reason: "cannot set up TLS (\(Self.lastError() ?? "OpenSSL"))")
        }
        ssl = s
        osvm_SSL_set_fd(s, fd)
        osvm_SSL_set_connect_state(s)
        if Self.isIPAddress(host) {
            _ = osvm_X509_VERIFY_PARAM_set1_ip_asc(osvm_SSL_get0_param(s), host)
        } else {
            _ = osvm_ssl_set_sni(s, host)
            _ = osvm_SSL_set1_host(s, host)
        }
        while true {
            osvm_ERR_clear_error()
            let r = osvm_SSL_do_handshake(s)
            if r == 1 { return }
            let e = osvm_SSL_get_error(s, r)
            switch e {
            case SSL_ERROR_WANT_READ: try wait(POLLIN)
            case SSL_ERROR_WANT_WRITE: try wait(POLLOUT)
            default:
                try exchange.throwIfCancelled()
                let verify = osvm_SSL_get_verify_result(s)
                if verify != X509_V_OK {
                    let why = String(cString: osvm_X509_verify_cert_error_string(verify))
                    throw HTTPError.tls(endpoint: endpoint, reason: "certificate not trusted: \(why)")
                }
                if e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN, Self.lastError() == nil {
                    throw HTTPError.tls(endpoint: endpoint, reason: "the server closed the connection during the handshake (not a TLS server?)")
                }
                throw HTTPError.tls(endpoint: endpoint, reason: Self.lastError() ?? "handshake failed")
            }
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    private static func lastError() -> String? {
        let code = osvm_ERR_get_error()
        guard code != 0, let reason = osvm_ERR_reason_error_string(code) else { return nil }
        return String(cString: reason)
    }

    // MARK: I/O

    private func wait(_ events: Int32) throws {
        while true {
            var p = pollfd(fd: fd, events: Int16(events), revents: 0)
            let n = poll(&p, 1, try exchange.waitBudget())
            if n > 0 { return }
            if n == 0 { throw exchange.timeoutError() }
            if errno != EINTR { throw exchange.closedError() }
        }
    }

    /// Sends all of `bytes`.
    func write(_ bytes: Data) throws {
        var off = 0
        while off < bytes.count {
            try wait(POLLOUT)
            let w: Int
            if let ssl {
                osvm_ERR_clear_error()
                let r = bytes.withUnsafeBytes { osvm_SSL_write(ssl, $0.baseAddress! + off, Int32(min($0.count - off, 1 << 30))) }
                if r <= 0 {
                    switch osvm_SSL_get_error(ssl, r) {
                    case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: continue
                    default: throw exchange.closedError()
                    }
                }
                w = Int(r)
            } else {
                w = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, $0.count - off, Int32(MSG_NOSIGNAL)) }
                if w < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    throw exchange.closedError()
                }
            }
            off += w
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            if let ssl {
                // Bytes OpenSSL already decrypted need no wait on the socket.
                if osvm_SSL_pending(ssl) == 0 { try wait(POLLIN) }
                osvm_ERR_clear_error()
                let r = osvm_SSL_read(ssl, buffer.baseAddress!, Int32(min(buffer.count, 1 << 30)))
                if r > 0 { return Int(r) }
                switch osvm_SSL_get_error(ssl, r) {
                case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: continue
                case SSL_ERROR_ZERO_RETURN: return 0
                case SSL_ERROR_SYSCALL where errno == 0 || errno == ECONNRESET: return 0
                default: throw exchange.closedError()
                }
            } else {
                try wait(POLLIN)
                let r = recv(fd, buffer.baseAddress!, buffer.count, 0)
                if r > 0 { return r }
                if r == 0 { return 0 }
                if errno == EAGAIN || errno == EINTR { continue }
                if errno == ECONNRESET { return 0 }
                throw exchange.closedError()
            }
        }
    }
}
