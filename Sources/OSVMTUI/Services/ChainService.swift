import Chain
import Foundation
import OSVMSettings
import OSVMHost
import OVSMKit

/// The workbench's connection to a Solana cluster: one current RPC client (switched by
/// `:cluster`), shared by the explorer, the header and the interpreter's `rpc` host call.
/// Every call is timed and logged.
final class ChainService: @unchecked Sendable {
    private let lock = NSLock()
    private var client: RPCClient?
    private var url: String
    private var lastLatency: Int?
    private let log: LogSink

    /// Why the initial endpoint could not be used (the explorer shows it).
    private(set) var startError: String?

    init(url: String?, log: LogSink) {
        self.log = log
        self.url = ""
        if let url {
            do { _ = try setCluster(url) } catch { startError = "\(error)" }
        }
    }

    private var latency: Int? { lock.withLock { lastLatency } }

    private var current: (RPCClient?, String) { lock.lock(); defer { lock.unlock() }; return (client, url) }

    func setCluster(_ name: String) throws -> ChainStatus {
        let u = try Cluster.resolve(name)
        let c = try RPCClient(url: u, timeout: 10, maxRetries: 0)
        lock.lock(); client = c; url = u; lastLatency = nil; pollLog = PollLogger(); lock.unlock()
        return ChainStatus(cluster: Cluster.name(of: u) ?? Redact.url(u), url: u)
    }

    private func note(_ method: String, start: Date, error: Error?) {
        let ms = Int(Date().timeIntervalSince(start) * 1000)
        lock.lock(); lastLatency = ms; lock.unlock()
        if let error { log.line(.error, "rpc \(method) failed after \(ms) ms: \(error)") }
        else { log.line(.debug, "rpc \(method) \(ms) ms") }
    }

    private func timed<T>(_ method: String, quiet: Bool = false, _ body: (RPCClient) async throws -> T) async throws -> T {
        guard let c = current.0 else { throw ServiceError("no cluster (use :cluster NAME)") }
        let start = Date()
        do {
            let v = try await body(c)
            if quiet { poll(method, start: start, error: nil) } else { note(method, start: start, error: nil) }
            return v
        } catch {
            if quiet { poll(method, start: start, error: error) } else { note(method, start: start, error: error) }
            throw error
        }
    }

    /// The header's poll: its latency is kept, but a line is logged only when its state
    /// changes (the first answer, the first failure, a different failure, recovery).
    private var pollLog = PollLogger()

    private func poll(_ method: String, start: Date, error: Error?) {
        let ms = Int(Date().timeIntervalSince(start) * 1000)
        let line: (LogLine.Level, String)? = lock.withLock {
            lastLatency = ms
            return pollLog.observe(method: method, ms: ms, error: error.map { "\($0)" })
        }
        if let line { log.line(line.0, line.1) }
    }

    /// The interpreter's `rpc` host call (blocking; runs on the evaluation thread).
    func hostCall(_ method: String, _ params: Value, cancel: CancelFlag? = nil) throws -> Value {
        guard let c = current.0 else { throw OVSMError(.user, "rpc: \(method): offline") }
        let start = Date()
        do {
            let v = try LiveHost.call(c, method, params, cancel: cancel)
            note(method, start: start, error: nil)
            return v
        } catch {
            note(method, start: start, error: error)
            throw error
        }
    }

    func status() async -> ChainStatus {
        let (_, u) = current
        var st = ChainStatus(cluster: Cluster.name(of: u) ?? (u.isEmpty ? "offline" : Redact.url(u)), url: u)
        guard !u.isEmpty else { return st }
        do {
            let info = try await timed("getEpochInfo", quiet: true) { try await $0.getEpochInfo() }
            st.connected = true
            st.slot = info.absoluteSlot
            st.epoch = info.epoch
            st.epochProgress = info.progress
        } catch {
            st.connected = false
        }
        st.latencyMillis = latency
        return st
    }

    func rpcQuery(_ what: String) async throws -> String {
        switch what {
        case "slot": return Draw.grouped(try await timed("getSlot") { try await $0.getSlot() })
        case "health": return try await timed("getHealth") { try await $0.getHealth() }
        default:
            let e = try await timed("getEpochInfo") { try await $0.getEpochInfo() }
            return "epoch \(e.epoch) slot \(e.slotIndex)/\(e.slotsInEpoch) (\(Int(e.progress * 100))%)"
        }
    }

    /// Signatures per page (the explorer's list and each "load more").
    static let signaturePage = 20

    /// A page of `address`'s signatures, newest first, older than `before` when given.
    func signatures(_ address: String, before: String?) async throws -> (rows: [SignatureRow], more: Bool) {
        let key = try Pubkey(address)
        let sigs = try await timed("getSignaturesForAddress") {
            try await $0.getSignaturesForAddress(key, limit: Self.signaturePage, before: before)
        }
        return (sigs.map(ChainFormat.signatureRow), sigs.count == Self.signaturePage)
    }

    func lookup(_ q: ExplorerQuery) async throws -> ExplorerView {
        switch q {
        case .account(let text):
            let key = try Pubkey(text)
            let info = try await timed("getAccountInfo") { try await $0.getAccountInfo(key) }
            let page = (try? await signatures(text, before: nil)) ?? (rows: [], more: false)
            var a = ChainFormat.account(text, info)
            a.signatures = page.rows
            a.moreSignatures = page.more
            return .account(a)
        case .transaction(let text):
            let sig = try Signature(text)
            guard let tx = try await timed("getTransaction", { try await $0.getTransaction(sig) }) else {
                throw ServiceError("transaction not found: \(Draw.short(text))")
            }
            return .transaction(ChainFormat.transaction(text, tx))
        }
    }
}
