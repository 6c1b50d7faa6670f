import ArgumentParser
import Chain
import Foundation
import OSVMSettings
import OVSMKit

struct RPCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc", abstract: "Query a Solana RPC node, watch it, or run a local one.",
        subcommands: [RPCHealth.self, RPCSlot.self, RPCEpoch.self, RPCVersion.self, RPCAccount.self, RPCTx.self,
                      RPCSignatures.self, RPCMonitor.self, RPCLocal.self, RPCDevnet.self])
}

/// Shared body for the simple queries: human text or `--json` of the raw result.
struct QueryFlags: ParsableArguments {
    @Flag(help: "Print the raw JSON-RPC result.")
    var json = false
    @OptionGroup var options: ChainOptions
}

struct RPCHealth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Node health (getHealth).")
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let rpc = try q.options.client(cfg)
            let started = Date()
            let text = try await rpc.getHealth()   // "ok" or a clear error
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            if q.json { print(try jsonLine(.string(text))); return }
            print("\(text)  (\(Redact.url(cfg.rpcURL)), \(ms) ms)")
        }
    }
}

struct RPCSlot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "slot", abstract: "Current slot (getSlot).")
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            // Typed: anything but a non-negative integer is an error, not output.
            print(try await q.options.client(cfg).getSlot(commitment: cfg.commitment))
        }
    }
}

struct RPCEpoch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "epoch", abstract: "Epoch progress (getEpochInfo).")
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let rpc = try q.options.client(cfg)
            if q.json { print(try jsonLine(try await rpc.call("getEpochInfo"))); return }
            let e = try await rpc.getEpochInfo(commitment: cfg.commitment)
            print("epoch \(e.epoch)  slot \(e.slotIndex)/\(e.slotsInEpoch) (\(String(format: "%.2f", e.progress * 100))%)  absolute slot \(e.absoluteSlot)  block height \(e.blockHeight)"
                  + (e.transactionCount.map { "  transactions \($0)" } ?? ""))
        }
    }
}

struct RPCVersion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Node software version (getVersion).")
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let rpc = try q.options.client(cfg)
            if q.json { print(try jsonLine(try await rpc.call("getVersion"))); return }
            let v = try await rpc.getVersion()
            print("solana-core \(TerminalText.line(v.solanaCore))" + (v.featureSet.map { "  feature-set \($0)" } ?? ""))
        }
    }
}

struct RPCAccount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "An account's lamports, owner and data (getAccountInfo).")
    @Argument(help: "Account address.") var address: String
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let pk = try Pubkey(address, what: "ADDR")
            let rpc = try q.options.client(cfg)
            if q.json {
                print(try jsonLine(try await rpc.call("getAccountInfo", [.string(pk.base58), .object(OVSMObject([("encoding", .string("base64"))]))])))
                return
            }
            guard let a = try await rpc.getAccountInfo(pk, commitment: cfg.commitment) else {
                throw CLIError("account \(pk.base58) not found")
            }
            let owner = Programs.name(of: a.owner).map { "\(a.owner.base58) (\($0))" } ?? a.owner.base58
            print("address     \(pk.base58)")
            print("balance     \(Lamports.format(a.lamports)) (\(a.lamports) lamports)")
            print("owner       \(owner)")
            print("executable  \(a.executable)")
            print("data        \(a.data.count) bytes")
            print("rent epoch  \(a.rentEpoch)")
            if !a.data.isEmpty {
                let shown = a.data.prefix(64)
                print("data (hex)  \(Hex.encode(Array(shown)))\(a.data.count > 64 ? "…" : "")")
            }
        }
    }
}

struct RPCTx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tx", abstract: "A transaction: status, fee, balance changes, instructions, logs (getTransaction).")
    @Argument(help: "Transaction signature.") var signature: String
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let sig = try Signature(signature, what: "SIG")
            let rpc = try q.options.client(cfg)
            if q.json {
                guard let raw = try await rpc.getTransactionRaw(sig, encoding: "json", commitment: cfg.commitment == .processed ? .confirmed : cfg.commitment) else {
                    throw CLIError("transaction \(sig.base58) not found")
                }
                print(try jsonLine(raw)); return
            }
            guard let d = try await rpc.getTransaction(sig, commitment: cfg.commitment == .processed ? .confirmed : cfg.commitment) else {
                throw CLIError("transaction \(sig.base58) not found")
            }
            let m = d.transaction.message
            print("signature  \(sig.base58)")
            print("slot       \(d.slot)   time \(formatTime(d.blockTime))   version \(d.version == .v0 ? "0" : "legacy")")
            print("status     \(d.err == nil ? "success" : "failed: " + errorText(d.err))")
            if let fee = d.fee { print("fee        \(Lamports.format(fee))") }
            print("signatures \(d.transaction.verify() ? "valid" : "INVALID")")
            print("accounts")
            for (i, k) in m.accountKeys.enumerated() {
                let flags = (m.isSigner(i) ? "s" : "-") + (m.isWritable(i) ? "w" : "r")
                var change = ""
                if i < d.preBalances.count, i < d.postBalances.count {
                    let pre = d.preBalances[i], post = d.postBalances[i]
                    if post != pre { change = post > pre ? "  +\(Lamports.format(post - pre))" : "  -\(Lamports.format(pre - post))" }
                }
                print("  [\(i)] \(flags) \(k.base58)\(Programs.name(of: k).map { " (\($0))" } ?? "")\(change)")
            }
            print("instructions")
            for (i, ix) in m.instructions.enumerated() {
                let pid = Int(ix.programIdIndex) < m.accountKeys.count ? m.accountKeys[Int(ix.programIdIndex)] : Programs.system
                var text = Programs.name(of: pid) ?? pid.base58
                if pid == Programs.system, let l = SystemProgram.decodeTransfer(ix.data), ix.accounts.count >= 2 {
                    text += " transfer \(Lamports.format(l)) [\(ix.accounts[0])] → [\(ix.accounts[1])]"
                } else if pid == Programs.memo {
                    text += " \"\(TerminalText.line(String(decoding: ix.data, as: UTF8.self)))\""
                } else {
                    text += " accounts \(ix.accounts) data \(ix.data.count) bytes"
                }
                print("  #\(i) \(text)")
            }
            if !d.logMessages.isEmpty {
                print("logs")
                for l in d.logMessages { print("  \(TerminalText.line(l))") }
            }
        }
    }
}

struct RPCSignatures: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signatures", abstract: "Recent transactions of an address (getSignaturesForAddress).")
    @Argument(help: "Address.") var address: String
    @Option(help: "How many (1-1000).") var limit: Int = 10
    @Option(help: "Start before this signature.") var before: String?
    @OptionGroup var q: QueryFlags
    func run() async throws {
        try await chainRun {
            let cfg = try q.options.config()
            let pk = try Pubkey(address, what: "ADDR")
            guard (1...1000).contains(limit) else { throw CLIError("invalid --limit \(limit): must be 1-1000") }
            if let before { _ = try Signature(before, what: "--before") }
            let rpc = try q.options.client(cfg)
            let commitment: Commitment = cfg.commitment == .processed ? .confirmed : cfg.commitment
            if q.json {
                var o = OVSMObject([("limit", .int(limit)), ("commitment", .string(commitment.rawValue))])
                if let before { o["before"] = .string(before) }
                print(try jsonLine(try await rpc.call("getSignaturesForAddress", [.string(pk.base58), .object(o)])))
                return
            }
            let list = try await rpc.getSignaturesForAddress(pk, limit: limit, before: before, commitment: commitment)
            if list.isEmpty { print("no transactions for \(pk.base58)"); return }
            for s in list {
                let status = s.err == nil ? "ok    " : "FAILED"
                print("\(TerminalText.line(s.signature))  slot \(s.slot)  \(formatTime(s.blockTime))  \(status)\(s.memo.map { "  memo \(TerminalText.line($0))" } ?? "")")
            }
        }
    }
}
