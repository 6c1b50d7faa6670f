import ArgumentParser
import Chain
import Foundation
import OVSMKit

/// `osvm program close-buffer ADDR|--all`: reclaim the rent of loader-v3 buffers.
struct ProgramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program", abstract: "Program buffers: close-buffer reclaims their rent.", subcommands: [CloseBuffer.self])

    struct CloseBuffer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close-buffer", abstract: "Close a program buffer (or --all of the authority's) and reclaim its rent.",
            discussion: "Examples:\n  osvm program close-buffer 7xKX…   # the buffer an interrupted deploy reported\n  osvm program close-buffer --all -u devnet")
        @Argument(help: "Buffer address.") var address: String?
        @Flag(help: "Close every buffer whose authority is --authority (default: the payer).") var all = false
        @Option(help: "Buffer authority keypair (default: the payer --keypair).") var authority: String?
        @Option(help: "Where the lamports go (default: the payer).") var recipient: String?
        @Flag(help: "Print one JSON object.") var json = false
        @OptionGroup var options: ChainOptions

        func run() async throws {
            try await chainRun {
                guard (address != nil) != all else { throw CLIError("give a buffer ADDRESS or --all (not both)") }
                let target = try address.map { try Pubkey($0, what: "ADDRESS") }
                let cfg = try options.config()
                let payer = try options.loadKeypair(cfg)
                let auth = try authority.map { try readKeypair($0, what: "--authority") } ?? payer
                let to = try recipient.map { try Pubkey($0, what: "--recipient") } ?? payer.pubkey
                let rpc = try options.client(cfg)
                var buffers: [Pubkey]
                if let target { buffers = [target] } else {
                    buffers = try await BufferTools.find(rpc: rpc, authority: auth.pubkey, commitment: cfg.commitment).map(\.address)
                }
                var closed: [Value] = []
                var total: UInt64 = 0
                for b in buffers {
                    let (sig, lamports) = try await BufferTools.close(rpc: rpc, buffer: b, authority: auth, payer: payer, recipient: to, commitment: cfg.commitment)
                    total += lamports
                    closed.append(.object(OVSMObject([("buffer", .string(b.base58)), ("lamports", .int(Int(lamports))), ("signature", .string(sig.base58))])))
                    if !json { print("closed \(b.base58): reclaimed \(Lamports.format(lamports)) (\(sig.base58))") }
                }
                if json {
                    print(try jsonLine(.object(OVSMObject([("closed", .array(closed)), ("lamports", .int(Int(total))), ("recipient", .string(to.base58))]))))
                } else if buffers.isEmpty {
                    print("no buffers with authority \(auth.pubkey.base58)")
                } else if buffers.count > 1 {
                    print("closed \(buffers.count) buffers: reclaimed \(Lamports.format(total)) to \(to.base58)")
                }
            }
        }
    }
}
