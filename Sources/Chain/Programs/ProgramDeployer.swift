import Foundation
import OVSMKit

/// Deploys or upgrades a program through the upgradeable loader, as `solana program deploy`:
/// checks the target and the payer's funds before spending anything, creates (or resumes)
/// a buffer, writes the missing chunks, then `DeployWithMaxDataLen` (a new program) or
/// `Upgrade` (an existing one whose upgrade authority signs). UI-free: events go to `onEvent`.
public struct ProgramDeployer: Sendable {
    public enum Event: Sendable {
        case plan(String)
        case bufferCreated(Pubkey, signature: Signature)
        case resuming(Pubkey, chunksPresent: Int, chunksTotal: Int)
        case progress(ChunkWriter.Progress)
        case finalizing(String)
    }

    /// What a deploy will cost the payer (lamports), computed before anything is sent.
    public struct Costs: Sendable {
        public var bufferRent: UInt64 = 0        // 0 when the buffer already exists
        public var programRent: UInt64 = 0
        public var programDataRent: UInt64 = 0
        public var bufferRefund: UInt64 = 0      // the buffer's lamports, returned at deploy
        public var fees: UInt64 = 0
        public var transactions = 0
        /// The most the payer's balance must hold at any point.
        public var needed: UInt64 {
            bufferRent + fees + programRent + (programDataRent > bufferRefund ? programDataRent - bufferRefund : 0)
        }
    }

    public struct Outcome: Sendable {
        public var programId: Pubkey
        public var programData: Pubkey
        public var signature: Signature
        public var upgraded: Bool
        public var buffer: Pubkey
        public var bytes: Int
        public var chunksTotal: Int
        public var chunksWritten: Int
        public var bytesWritten: Int
        public var chunkSize: Int
        public var writeSeconds: Double
        public var costs: Costs
    }

    public let rpc: RPCClient
    public let payer: Keypair
    public let authority: Keypair
    public var commitment: Commitment = .confirmed
    public var window = 16

    public init(rpc: RPCClient, payer: Keypair, authority: Keypair) {
        self.rpc = rpc; self.payer = payer; self.authority = authority
    }

    /// `programKeypair` is required to create a new program; an existing one is upgraded.
    public func run(_ program: SBPFProgram, programId: Pubkey, programKeypair: Keypair?, buffer: Keypair,
                    maxDataLen: Int? = nil, onEvent: @escaping @Sendable (Event) -> Void) async throws -> Outcome {
        let len = program.bytes.count
        let loader = UpgradeableLoader.self
        let programData = try loader.programDataAddress(programId)

        // 1. The target: absent (deploy) or an upgradeable program this authority may upgrade.
        var upgrade = false
        if let existing = try await rpc.getAccountInfo(programId, commitment: commitment) {
            guard existing.owner == loader.id, case .program(let pd)? = try? loader.State(decoding: existing.data) else {
                throw ProgramDeployError.invalid("\(programId) already exists and is not an upgradeable program (owner \(existing.owner)); choose another --program-id")
            }
            guard let pdAccount = try await rpc.getAccountInfo(pd, commitment: commitment),
                  case .programData(_, let auth)? = try? loader.State(decoding: pdAccount.data) else {
                throw ProgramDeployError.invalid("program \(programId) has no program data account (closed?); it cannot be upgraded")
            }
            guard let auth else { throw ProgramDeployError.invalid("program \(programId) is immutable (no upgrade authority)") }
            guard auth == authority.pubkey else {
                throw ProgramDeployError.invalid("the upgrade authority of \(programId) is \(auth), not \(authority.pubkey); pass --upgrade-authority with its keypair")
            }
            let capacity = pdAccount.data.count - loader.programDataMetadataSize
            guard len <= capacity else {
                throw ProgramDeployError.invalid("the new program is \(len) bytes but \(programId) holds at most \(capacity) (its max length); extend it first (solana program extend) or deploy to a new address")
            }
            upgrade = true
        } else if programKeypair == nil {
            throw ProgramDeployError.invalid("program \(programId) does not exist; to create it --program-id must be its keypair file, not an address")
        }
        let maxLen = max(maxDataLen ?? len, len)
        guard maxLen <= SBPFProgram.maxSize else { throw ProgramDeployError.invalid("--max-len \(maxLen) exceeds \(SBPFProgram.maxSize)") }

        // 2. The buffer: new, or an earlier one of ours to resume.
        var existingData: [UInt8]? = nil
        var bufferLamports: UInt64 = 0
        if let b = try await rpc.getAccountInfo(buffer.pubkey, commitment: commitment) {
            guard b.owner == loader.id, case .buffer(let auth)? = try? loader.State(decoding: b.data) else {
                throw ProgramDeployError.invalid("\(buffer.pubkey) exists and is not a loader buffer; use another --buffer")
            }
            guard auth == authority.pubkey else {
                throw ProgramDeployError.invalid("buffer \(buffer.pubkey) belongs to authority \(auth.map(\.base58) ?? "none"), not \(authority.pubkey)")
            }
            guard b.data.count == loader.bufferMetadataSize + len else {
                throw ProgramDeployError.invalid("buffer \(buffer.pubkey) holds \(b.data.count - loader.bufferMetadataSize) bytes, the program is \(len): it was made for another build; close it (osvm program close-buffer \(buffer.pubkey)) and deploy again")
            }
            existingData = Array(b.data[loader.bufferMetadataSize...])
            bufferLamports = b.lamports
        }
        let writer = configured(ChunkWriter(rpc: rpc, payer: payer, authority: authority, buffer: buffer.pubkey))
        let chunk = try writer.chunkSize()
        let missing = ChunkWriter.missingChunks(program: program.bytes, existing: existingData, chunkSize: chunk)
        let total = (len + chunk - 1) / chunk

        // 3. Costs, checked against the payer's balance before anything is sent.
        var costs = Costs()
        let bufferRentFull = try await rpc.getMinimumBalanceForRentExemption(loader.bufferMetadataSize + len)
        if existingData == nil { costs.bufferRent = bufferRentFull; bufferLamports = bufferRentFull }
        costs.bufferRefund = bufferLamports
        if !upgrade {
            costs.programRent = try await rpc.getMinimumBalanceForRentExemption(loader.programSize)
            costs.programDataRent = try await rpc.getMinimumBalanceForRentExemption(loader.programDataMetadataSize + maxLen)
        }
        let writeFee = try await fee(signers: writer.signers.count)
        let finalSigners = Set([payer.pubkey, authority.pubkey] + (upgrade ? [] : [programId])).count
        costs.transactions = missing.count + (existingData == nil ? 1 : 0) + 1
        costs.fees = writeFee * UInt64(missing.count)
            + (existingData == nil ? try await fee(signers: 2) : 0)
            + (try await fee(signers: finalSigners))
        let balance = try await rpc.getBalance(payer.pubkey, commitment: commitment)
        guard balance >= costs.needed else { throw ProgramDeployError.insufficientFunds(payer: payer.pubkey, balance: balance, costs: costs) }
        onEvent(.plan("\(upgrade ? "upgrading" : "deploying") \(programId): \(program.summary), \(total) chunks of ≤\(chunk) bytes; payer \(payer.pubkey) needs \(Lamports.format(costs.needed)), has \(Lamports.format(balance))"))

        // 4. Create the buffer (rent-exempt, loader-owned, InitializeBuffer in the same transaction).
        if existingData == nil {
            let ixs = [SystemProgram.createAccount(from: payer.pubkey, newAccount: buffer.pubkey, lamports: bufferRentFull,
                                                   space: UInt64(loader.bufferMetadataSize + len), owner: loader.id),
                       loader.initializeBuffer(buffer: buffer.pubkey, authority: authority.pubkey)]
            let sig = try await send(ixs, signers: [payer, buffer], what: "creating buffer \(buffer.pubkey)")
            onEvent(.bufferCreated(buffer.pubkey, signature: sig))
        } else {
            onEvent(.resuming(buffer.pubkey, chunksPresent: total - missing.count, chunksTotal: total))
        }

        // 5. Write what the buffer lacks; read it back, and write again whatever did not land.
        let started = Date()
        var todo = missing
        var written = 0, bytesWritten = 0
        for pass in 0..<3 where !todo.isEmpty {
            let already = len - todo.reduce(0) { $0 + $1.count }
            try await writer.write(program.bytes, ranges: todo, totalChunks: total, alreadyBytes: already) { onEvent(.progress($0)) }
            written += todo.count
            bytesWritten += todo.reduce(0) { $0 + $1.count }
            guard let b = try await rpc.getAccountInfo(buffer.pubkey, commitment: commitment) else {
                throw ProgramDeployError.failed("buffer \(buffer.pubkey) disappeared while writing", buffer: nil)
            }
            todo = ChunkWriter.missingChunks(program: program.bytes, existing: Array(b.data.dropFirst(loader.bufferMetadataSize)), chunkSize: chunk)
            if !todo.isEmpty && pass == 2 {
                throw ProgramDeployError.failed("\(todo.count) chunks still differ after writing", buffer: buffer.pubkey)
            }
        }
        let writeSeconds = Date().timeIntervalSince(started)

        // 6. Deploy or upgrade (the loader checks the ELF again and closes the buffer).
        onEvent(.finalizing(upgrade ? "Upgrade" : "DeployWithMaxDataLen(\(maxLen))"))
        let sig: Signature
        if upgrade {
            sig = try await send([try loader.upgrade(program: programId, buffer: buffer.pubkey, authority: authority.pubkey, spill: payer.pubkey)],
                                 signers: [payer, authority], what: "upgrading \(programId)", buffer: buffer.pubkey)
        } else {
            let ixs = [SystemProgram.createAccount(from: payer.pubkey, newAccount: programId, lamports: costs.programRent,
                                                   space: UInt64(loader.programSize), owner: loader.id),
                       try loader.deployWithMaxDataLen(payer: payer.pubkey, program: programId, buffer: buffer.pubkey,
                                                       authority: authority.pubkey, maxDataLen: UInt64(maxLen))]
            sig = try await send(ixs, signers: [payer, programKeypair!, authority], what: "deploying \(programId)", buffer: buffer.pubkey)
        }
        return Outcome(programId: programId, programData: programData, signature: sig, upgraded: upgrade, buffer: buffer.pubkey,
                       bytes: len, chunksTotal: total, chunksWritten: written, bytesWritten: bytesWritten, chunkSize: chunk, writeSeconds: writeSeconds, costs: costs)
    }

    func configured(_ w: ChunkWriter) -> ChunkWriter {
        var w = w
        w.window = window
        w.commitment = commitment
        return w
    }

    /// The fee of a transaction with `signers` signatures: 5,000 lamports per signature, the
    /// protocol's base fee (deploy transactions carry no priority fee).
    func fee(signers: Int) async throws -> UInt64 {
        UInt64(signers) * 5000
    }

    /// Sends with preflight (clear errors from simulation) and waits for `commitment`.
    func send(_ ixs: [Instruction], signers: [Keypair], what: String, buffer: Pubkey? = nil) async throws -> Signature {
        var unique: [Keypair] = []
        for s in signers where !unique.contains(where: { $0.pubkey == s.pubkey }) { unique.append(s) }
        let bh = try await rpc.getLatestBlockhash(commitment: commitment).blockhash
        let tx = try Transaction(instructions: ixs, signers: unique, recentBlockhash: bh)
        do {
            let sig = try await rpc.sendTransaction(tx, preflightCommitment: commitment)
            let status = try await rpc.confirm(sig, commitment: commitment, timeout: 90)
            if let err = status.err {
                throw ProgramDeployError.failed("\(what): transaction \(sig) failed: \((try? JSON.stringify(err)) ?? "error")", buffer: buffer)
            }
            return sig
        } catch let e as RPCError {
            var text = "\(what): \(e.description)"
            if case .object(let o)? = e.serverData, case .array(let logs)? = o["logs"] {
                let last = logs.suffix(3).compactMap { v -> String? in if case .string(let s) = v { return s }; return nil }
                if !last.isEmpty { text += " (log: \(last.joined(separator: " | ")))" }
            }
            throw ProgramDeployError.failed(text, buffer: buffer)
        }
    }
}

public enum ProgramDeployError: Error, CustomStringConvertible, Sendable {
    case invalid(String)
    case insufficientFunds(payer: Pubkey, balance: UInt64, costs: ProgramDeployer.Costs)
    /// A failure after the buffer exists: `buffer` is named so the same command can resume.
    case failed(String, buffer: Pubkey?)

    public var description: String {
        switch self {
        case .invalid(let m): return m
        case .insufficientFunds(let payer, let balance, let c):
            var parts: [String] = []
            if c.bufferRent > 0 { parts.append("buffer rent \(Lamports.format(c.bufferRent))") }
            if c.programRent > 0 { parts.append("program rent \(Lamports.format(c.programRent))") }
            if c.programDataRent > 0 {
                parts.append("program data rent \(Lamports.format(c.programDataRent))" + (c.bufferRefund > 0 ? " less the buffer's \(Lamports.format(c.bufferRefund)) returned at deploy" : ""))
            }
            parts.append("fees \(Lamports.format(c.fees)) for \(c.transactions) transactions")
            return "insufficient funds: payer \(payer) has \(Lamports.format(balance)) but the deploy needs \(Lamports.format(c.needed)) (\(c.needed) lamports: \(parts.joined(separator: ", "))); nothing was sent"
        case .failed(let m, _): return m
        }
    }

    public var buffer: Pubkey? { if case .failed(_, let b) = self { return b }; return nil }
}
