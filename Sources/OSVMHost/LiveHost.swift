import Chain
import Foundation
import OVSMKit
import Synchronization

/// Builds OVSM hosts wired to the real world: output, wall clock, sleeping, randomness and
/// Solana JSON-RPC (spec §13).
///
///     let host = LiveHost.make(rpcURL: "http://127.0.0.1:8899") { print($0, terminator: "") }
///     let interp = Interpreter(host: host)
///
/// `rpcURL == nil` leaves `rpc` nil: RPC builtins then fail with `rpc: offline`.
public enum LiveHost {
    /// - Parameters:
    ///   - rpcURL: an http(s) URL or a cluster name (`devnet`, …); nil = offline.
    ///   - timeout: seconds per RPC call (spec: 30).
    ///   - retries: extra attempts for reads on 429/5xx/transport errors (spec: one request → 0).
    public static func make(rpcURL: String?, timeout: Double = 30, retries: Int = 0,
                            output: @escaping @Sendable (String) -> Void) -> OVSMKit.Host {
        var host = OVSMKit.Host()
        host.output = output
        host.nowMillis = { Int((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        host.sleepMillis = { ms in if ms > 0 { Thread.sleep(forTimeInterval: Double(ms) / 1000) } }
        host.random = { Double.random(in: 0..<1) }
        if let rpcURL {
            host.rpc = rpcFunction(url: rpcURL, timeout: timeout, retries: retries)
        }
        return host
    }

    /// The host's `rpc` closure for an endpoint: one blocking JSON-RPC call per invocation;
    /// returns `result` (server key order kept), maps every failure to
    /// `OVSMError(.user, "rpc: <method>: <detail>")`.
    ///
    /// The client (a URLSession, which initialises libcurl and OpenSSL) is built on the first
    /// call, not here: most scripts never call RPC, and `osvm ovsm eval` start-up must not pay
    /// for it.
    public static func rpcFunction(url: String, timeout: Double = 30, retries: Int = 0)
        -> @Sendable (String, Value) throws -> Value
    {
        let client = LazyClient(url: url, timeout: timeout, retries: retries)
        return { method, params in
            let rpc: RPCClient
            switch client.get() {
            case .success(let c): rpc = c
            case .failure(let error):
                let detail = (error as? ChainError)?.description ?? "\(error)"
                throw OVSMError(.user, "rpc: \(method): \(detail)")
            }
            do {
                return try rpc.callSync(method, rawParams: params)
            } catch let e as RPCError {
                throw e.ovsmError
            } catch {
                throw OVSMError(.user, "rpc: \(method): \(error)")
            }
        }
    }
}

/// The RPC client of one host, created once on first use (calls may come from several threads).
private final class LazyClient: Sendable {
    let url: String
    let timeout: Double
    let retries: Int
    private let client = Mutex<Result<RPCClient, any Error>?>(nil)

    init(url: String, timeout: Double, retries: Int) {
        self.url = url
        self.timeout = timeout
        self.retries = retries
    }

    func get() -> Result<RPCClient, any Error> {
        client.withLock { slot in
            if let made = slot { return made }
            let made = Result { try RPCClient(url: try Cluster.resolve(url), timeout: timeout, maxRetries: retries) }
            slot = made
            return made
        }
    }
}
