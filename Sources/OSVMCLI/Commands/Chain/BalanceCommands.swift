import ArgumentParser
import Chain
import Foundation
import OVSMKit

struct BalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance", abstract: "Show the SOL balance (and token balances) of an address.")

    @Argument(help: "Address (default: the configured keypair's address).")
    var address: String?

    @Flag(help: "Also list SPL token accounts.")
    var tokens = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: ChainOptions

    func run() async throws {
        try await chainRun {
            let cfg = try options.config()
            let who: Pubkey
            if let address { who = try Pubkey(address, what: "ADDRESS") } else { who = try options.loadKeypair(cfg).pubkey }
            let rpc = try options.client(cfg)
            let lamports = try await rpc.getBalance(who, commitment: cfg.commitment)
            var tokenList: [TokenAccount] = []
            if tokens {
                tokenList = try await rpc.getTokenAccountsByOwner(who, programId: Programs.token, commitment: cfg.commitment)
            }
            if json {
                var o = OVSMObject()
                o["address"] = .string(who.base58)
                o["lamports"] = .int(Int(lamports))
                o["sol"] = .string(Lamports.decimal(lamports))
                if tokens {
                    o["tokens"] = .array(tokenList.map { t in
                        .object(OVSMObject([("account", .string(t.pubkey.base58)), ("mint", .string(t.mint.base58)),
                                            ("amount", .string(t.amount.amount)), ("decimals", .int(t.amount.decimals)),
                                            ("uiAmount", .string(t.amount.uiAmountString))]))
                    })
                }
                print(try jsonLine(.object(o)))
                return
            }
            print("\(Lamports.format(lamports)) (\(lamports) lamports)  \(who.base58)")
            if tokens {
                if tokenList.isEmpty { print("no token accounts") }
                for t in tokenList { print("  \(t.amount.uiAmountString)  mint \(t.mint.base58)  account \(t.pubkey.base58)") }
            }
        }
    }
}

struct AirdropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airdrop", abstract: "Request SOL from the cluster's faucet (devnet, testnet, localnet).")

    @Argument(help: "Amount in SOL, e.g. 1 or 0.5.")
    var amount: String

    @Argument(help: "Recipient (default: the configured keypair's address).")
    var address: String?

    @OptionGroup var options: ChainOptions

    func run() async throws {
        try await chainRun {
            let cfg = try options.config()
            let lamports = try Lamports.parse(sol: amount)
            guard lamports > 0 else { throw CLIError("invalid AMOUNT '\(amount)': must be more than 0") }
            let who: Pubkey
            if let address { who = try Pubkey(address, what: "ADDRESS") } else { who = try options.loadKeypair(cfg).pubkey }
            if cfg.rpcURL == Cluster.mainnet.url { throw CLIError("airdrops are not available on mainnet (use -u devnet or -u localnet)") }
            let rpc = try options.client(cfg)
            let sig = try await rpc.requestAirdrop(who, lamports: lamports)
            let status = try await rpc.confirm(sig, commitment: cfg.commitment, timeout: max(options.timeout, 30))
            if let err = status.err { throw CLIError("airdrop \(sig) failed: \(errorText(err))") }
            let balance = try await rpc.getBalance(who, commitment: cfg.commitment)
            print(sig.base58)
            print("airdropped \(Lamports.format(lamports)) to \(who.base58); balance \(Lamports.format(balance))")
        }
    }
}

struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Send SOL: sign with --keypair, send, wait for confirmation, print the signature.")

    @Argument(help: "Recipient address.")
    var to: String

    @Argument(help: "Amount in SOL, e.g. 1 or 0.25.")
    var amount: String

    @Option(help: "Attach a memo.")
    var memo: String?

    @Flag(help: "Skip the node's preflight simulation.")
    var skipPreflight = false

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var options: ChainOptions

    func run() async throws {
        try await chainRun {
            let cfg = try options.config()
            let dest = try Pubkey(to, what: "TO")
            let lamports = try Lamports.parse(sol: amount)
            guard lamports > 0 else { throw CLIError("invalid AMOUNT '\(amount)': must be more than 0") }
            let payer = try options.loadKeypair(cfg)
            let rpc = try options.client(cfg)
            let bh = try await rpc.getLatestBlockhash(commitment: cfg.commitment)
            var ixs = [SystemProgram.transfer(from: payer.pubkey, to: dest, lamports: lamports)]
            if let memo { ixs.append(MemoProgram.memo(memo, signers: [payer.pubkey])) }
            let tx = try Transaction(instructions: ixs, signers: [payer], recentBlockhash: bh.blockhash)
            let sig = try await rpc.sendTransaction(tx, skipPreflight: skipPreflight, preflightCommitment: cfg.commitment)
            let status = try await rpc.confirm(sig, commitment: cfg.commitment, timeout: max(options.timeout, 60))
            if json {
                print(try jsonLine(.object(OVSMObject([
                    ("signature", .string(sig.base58)), ("from", .string(payer.pubkey.base58)), ("to", .string(dest.base58)),
                    ("lamports", .int(Int(lamports))), ("slot", .int(Int(status.slot))), ("err", status.err ?? .null),
                ]))))
            } else {
                print(sig.base58)
            }
            if let err = status.err { throw CLIError("transaction \(sig) failed: \(errorText(err))") }
            if !json {
                stderrLine("sent \(Lamports.format(lamports)) from \(payer.pubkey.base58) to \(dest.base58) (slot \(status.slot), \(status.confirmationStatus ?? cfg.commitment.rawValue))")
            }
        }
    }
}
