import Foundation
import OVSMKit
import Synchronization

/// Writes a program into a loader-v3 buffer: one `Write` transaction per chunk, chunks as
/// large as a 1232-byte transaction allows, up to `window` transactions in flight, each
/// retried on transient failures (network, 429/5xx, expired blockhash, no confirmation).
/// Chunks the buffer already holds (a resumed deploy) are skipped. UI-free: progress goes
/// to `onProgress`.
public struct ChunkWriter: Sendable {
    public struct Progress: Sendable {
        public var chunksDone: Int
        public var chunksTotal: Int
        public var bytesDone: Int
        public var bytesTotal: Int
        /// Bytes written by this run (a resumed deploy started with some already there).
        public var bytesThisRun: Int
        public var elapsed: Double
        public var retries: Int
    }

    public let rpc: RPCClient
    public let payer: Keypair
    public let authority: Keypair
    public let buffer: Pubkey
    public var window = 16
    public var maxAttempts = 6
    public var commitment: Commitment = .confirmed
    public var confirmTimeout: Double = 60

    public init(rpc: RPCClient, payer: Keypair, authority: Keypair, buffer: Pubkey) {
        self.rpc = rpc; self.payer = payer; self.authority = authority; self.buffer = buffer
    }

    var signers: [Keypair] { payer.pubkey == authority.pubkey ? [payer] : [payer, authority] }

    /// The largest chunk whose Write transaction fits in 1232 bytes (measured on a real
    /// transaction, so the signer count and account list are accounted for).
    public func chunkSize() throws -> Int {
        let empty = UpgradeableLoader.write(buffer: buffer, authority: authority.pubkey, offset: 0, bytes: [])
        let msg = try Message.compile(instructions: [empty], payer: payer.pubkey, recentBlockhash: .zero)
        let base = ShortVec.encode(Int(msg.header.numRequiredSignatures)).count + 64 * Int(msg.header.numRequiredSignatures)
            + msg.serialize().count
        // The instruction's data length is a shortvec: 1 byte for the empty data, 2 once ≥ 128.
        return Transaction.maxWireSize - base - 1
    }

    /// The chunk offsets whose bytes differ from `existing` (the buffer's program area).
    public static func missingChunks(program: [UInt8], existing: [UInt8]?, chunkSize: Int) -> [Range<Int>] {
        stride(from: 0, to: program.count, by: chunkSize).compactMap { start in
            let r = start..<min(start + chunkSize, program.count)
            if let existing, existing.count >= r.upperBound, existing[r].elementsEqual(program[r]) { return nil }
            return r
        }
    }

    /// Writes `ranges` of `program`; returns when all landed or throws the first fatal error.
    public func write(_ program: [UInt8], ranges: [Range<Int>], totalChunks: Int, alreadyBytes: Int,
                      onProgress: @escaping @Sendable (Progress) -> Void) async throws {
        let started = Date()
        let blockhash = BlockhashCache(rpc: rpc, commitment: commitment)
        let state = Counters((done: totalChunks - ranges.count, bytes: alreadyBytes, retries: 0))
        let total = program.count
        let report: @Sendable () -> Void = {
            let s = state.value.withLock { $0 }
            onProgress(Progress(chunksDone: s.done, chunksTotal: totalChunks, bytesDone: s.bytes,
                                bytesTotal: total, bytesThisRun: s.bytes - alreadyBytes, elapsed: Date().timeIntervalSince(started), retries: s.retries))
        }
        report()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func launch() {
                guard next < ranges.count else { return }
                let r = ranges[next]
                next += 1
                let bytes = Array(program[r])
                group.addTask {
                    try await self.writeChunk(bytes, offset: r.lowerBound, blockhash: blockhash) {
                        state.value.withLock { $0.retries += 1 }
                    }
                    state.value.withLock { $0.done += 1; $0.bytes += r.count }
                    report()
                }
            }
            for _ in 0..<max(1, window) { launch() }
            while try await group.next() != nil { launch() }
        }
    }

    func writeChunk(_ bytes: [UInt8], offset: Int, blockhash: BlockhashCache, onRetry: @Sendable () -> Void) async throws {
        let ix = UpgradeableLoader.write(buffer: buffer, authority: authority.pubkey, offset: UInt32(offset), bytes: bytes)
        var attempt = 0
        while true {
            try Task.checkCancellation()
            do {
                let bh = try await blockhash.get()
                let tx = try Transaction(instructions: [ix], signers: signers, recentBlockhash: bh)
                // No preflight, as the Solana CLI: a failing Write lands with its error and is reported.
                let sig = try await rpc.sendTransaction(tx, skipPreflight: true, preflightCommitment: commitment)
                let status = try await rpc.confirm(sig, commitment: commitment, timeout: confirmTimeout, pollInterval: 0.25)
                if let err = status.err {
                    throw ChainError.compile("writing bytes \(offset)..<\(offset + bytes.count) failed: \((try? JSON.stringify(err)) ?? "error")")
                }
                return
            } catch let e as RPCError where attempt + 1 < maxAttempts && Self.isTransient(e) {
                attempt += 1
                onRetry()
                if Self.isBlockhashProblem(e) || e.isTimeout { await blockhash.invalidate() }
                try await Task.sleep(nanoseconds: UInt64(min(2.0, 0.1 * pow(2, Double(attempt))) * 1e9))
            }
        }
    }

    /// Worth another try: the transport, an overloaded node, an expired blockhash, no confirmation yet.
    static func isTransient(_ e: RPCError) -> Bool {
        switch e.kind {
        case .network, .timeout, .transport: return true
        case .http(let status, _): return status == 429 || status >= 500
        case .server: return isBlockhashProblem(e) || e.serverCode == -32005
        default: return false
        }
    }

    static func isBlockhashProblem(_ e: RPCError) -> Bool {
        let m = e.serverMessage ?? ""
        if m.contains("Blockhash not found") || m.contains("BlockhashNotFound") { return true }
        if case .string("BlockhashNotFound")? = e.transactionError { return true }
        return false
    }
}

/// Progress counters shared by the writer tasks.
final class Counters: Sendable {
    let value: Mutex<(done: Int, bytes: Int, retries: Int)>
    init(_ v: (done: Int, bytes: Int, retries: Int)) { value = Mutex(v) }
}

/// One recent blockhash shared by the chunk writers, fetched again after 20 s or on demand.
actor BlockhashCache {
    let rpc: RPCClient
    let commitment: Commitment
    var current: (hash: Hash, at: Date)?
    init(rpc: RPCClient, commitment: Commitment) { self.rpc = rpc; self.commitment = commitment }

    func get() async throws -> Hash {
        if let c = current, Date().timeIntervalSince(c.at) < 20 { return c.hash }
        let h = try await rpc.getLatestBlockhash(commitment: commitment).blockhash
        current = (h, Date())
        return h
    }

    func invalidate() { current = nil }
}
