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
    ///   - cancel: the interpreter's cancel flag; a waiting RPC call stops as soon as it is set.
    public static func make(rpcURL: String?, timeout: Double = 30, retries: Int = 0, cancel: CancelFlag? = nil,
                            output: @escaping @Sendable (String) -> Void) -> OVSMKit.Host {
        var host = OVSMKit.Host()
        host.output = output
        host.nowMillis = { Int((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
        host.sleepMillis = { ms in if ms > 0 { Thread.sleep(forTimeInterval: Double(ms) / 1000) } }
        host.random = { Double.random(in: 0..<1) }
        if let rpcURL {
            host.rpc = rpcFunction(url: rpcURL, timeout: timeout, retries: retries, cancel: cancel)
        }
        return host
    }

    /// The host's `rpc` closure for an endpoint: one blocking JSON-RPC call per invocation;
    /// returns `result` (server key order kept), maps every failure to
    /// `OVSMError(.user, "rpc: <method>: <detail>")`.
    ///
    /// The client is built on the first call, not here: most scripts never call RPC, and
    /// `osvm ovsm eval` start-up must not pay for it.
    public static func rpcFunction(url: String, timeout: Double = 30, retries: Int = 0, cancel: CancelFlag? = nil)
        -> @Sendable (String, Value) throws -> Value
    {
        let client = LazyClient(url: url, timeout: timeout, retries: retries)
        return { method, params in
            let rpc: RPCClient
            switch client.get() {
            case .success(let c): rpc = c
            case .failure(let error):
                let detail = (error as? ChainError)?.description ?? "\(error)"
                throw OVSMError(.user, "rpc: \(method): \(TerminalText.line(detail))")
            }
            return try call(rpc, method, params, cancel: cancel)
        }
    }

    /// One blocking host RPC call with the OVSM error mapping of spec §13 (the workbench's
    /// interpreter uses it too): results of known methods must have their documented shape
    /// (`RPCResultShape`); failures are `user` errors `rpc: <method>: <detail>`;
    /// a call interrupted through `cancel` is the interpreter's own `limit: cancelled`, so
    /// Ctrl-C while a script waits on the network ends like Ctrl-C anywhere else.
    public static func call(_ rpc: RPCClient, _ method: String, _ params: Value, cancel: CancelFlag?) throws -> Value {
        do {
            let v = try rpc.callSync(method, rawParams: params, isCancelled: { cancel?.isCancelled ?? false })
            try RPCResultShape.check(method: method, v)
            return v
        } catch let e as RPCError {
            if case .network(.cancelled) = e.kind, cancel?.isCancelled == true { throw OVSMError.limit("cancelled") }
            throw e.ovsmError
        } catch {
            throw OVSMError(.user, "rpc: \(method): \(TerminalText.line("\(error)"))")
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
