import ArgumentParser
import Chain
import Foundation
import OVSMKit
import Synchronization

/// `osvm deploy BINARY`: deploy (or upgrade) an sBPF program through the upgradeable loader.
struct ProgramDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Deploy or upgrade an sBPF program (upgradeable loader), resumable. Nodes: `osvm nodes deploy user@host`.",
        discussion: """
        Checks the ELF and the payer's funds before sending anything, writes the program into a
        buffer (chunks in parallel, retried), then deploys it, or upgrades it in place when
        --program-id names an existing program whose upgrade authority signs.
        An interrupted deploy keeps its buffer: run the same command again to write only the
        missing chunks (the keypairs are kept, 0600, in ~/.config/osvm/program-buffers/);
        `osvm program close-buffer ADDR|--all` reclaims a buffer's rent.

        Examples:
          osvm deploy target/deploy/hello.so -u devnet --keypair ~/keys/dev.json
          osvm deploy hello.so --program-id hello-keypair.json -u localnet     # deploy, later upgrade
          osvm deploy hello.so --json
        A user@host argument is node deployment (moved to `osvm nodes deploy`, still accepted here).
        """)

    @Argument(help: "The program: an sBPF ELF shared object (cargo build-sbf's .so).") var binary: String
    @Option(name: .customLong("program-id"), help: "The program's keypair file (new or existing program), or the address of an existing one to upgrade (default: a new address).")
    var programId: String?
    @Option(name: .customLong("upgrade-authority"), help: "Upgrade authority keypair (default: the payer --keypair).") var upgradeAuthority: String?
    @Option(help: "Buffer keypair file to write into (default: a new one, recorded for resuming).") var buffer: String?
    @Option(name: .customLong("max-len"), help: "Maximum program size for later upgrades (default: this program's size).") var maxLen: Int?
    @Option(help: "Write transactions in flight at once (1-64).") var window: Int = 16
    @Flag(help: "Print one JSON object.") var json = false
    @OptionGroup var options: ChainOptions

    func run() async throws {
        try await chainRun {
            guard (1...64).contains(window) else { throw CLIError("invalid --window \(window): must be 1-64") }
            if let maxLen, maxLen <= 0 { throw CLIError("invalid --max-len \(maxLen): must be positive") }
            let program = try SBPFProgram(validating: try readProgram(binary), name: binary)
            let cfg = try options.config()
            let payer = try options.loadKeypair(cfg)
            let authority = try upgradeAuthority.map { try readKeypair($0, what: "--upgrade-authority") } ?? payer

            // The program address: a keypair file, an address (upgrade only), or a new keypair.
            var programKeypair: Keypair? = nil
            var programAddress: Pubkey? = nil
            if let programId {
                if FileManager.default.fileExists(atPath: programId) {
                    programKeypair = try readKeypair(programId, what: "--program-id")
                } else if let pk = try? Pubkey(programId, what: "--program-id") {
                    programAddress = pk
                } else {
                    throw CLIError("--program-id \(programId): no such keypair file, and not an address")
                }
            }
            let recordPath = DeployRecord.path(program: program.bytes, payer: payer.pubkey, programIdArgument: programId)
            let recorded = try DeployRecord.load(recordPath)
            let bufferKeypair = try buffer.map { try readKeypair($0, what: "--buffer") } ?? recorded?.buffer ?? Keypair.generate()
            if programId == nil { programKeypair = try recorded?.program ?? Keypair.generate() }
            let pid = programAddress ?? programKeypair!.pubkey
            if recorded == nil {
                try DeployRecord(buffer: bufferKeypair, program: programId == nil ? programKeypair : nil).save(recordPath)
            }

            var deployer = ProgramDeployer(rpc: try options.client(cfg), payer: payer, authority: authority)
            deployer.commitment = cfg.commitment
            deployer.window = window
            let progress = ProgressPrinter()
            let started = Date()
            let outcome: ProgramDeployer.Outcome
            do {
                outcome = try await deployer.run(program, programId: pid, programKeypair: programKeypair, buffer: bufferKeypair,
                                                 maxDataLen: maxLen, onEvent: progress.handle)
            } catch let e as ProgramDeployError {
                progress.finishLine()
                if let b = e.buffer {
                    stderrLine("error: \(e.description)")
                    stderrLine("buffer \(b) is kept: run the same command again to resume, or `osvm program close-buffer \(b)` to reclaim its rent")
                    throw ExitCode(1)
                }
                // Nothing was sent: a record made by this run is not worth keeping.
                if recorded == nil { try? FileManager.default.removeItem(atPath: recordPath) }
                throw CLIError(e.description)
            } catch {
                progress.finishLine()
                if let b = progress.bufferAddress {
                    stderrLine("error: \(String(describing: error))")
                    stderrLine("buffer \(b) is kept: run the same command again to resume, or `osvm program close-buffer \(b)` to reclaim its rent")
                    throw ExitCode(1)
                }
                if recorded == nil { try? FileManager.default.removeItem(atPath: recordPath) }
                throw error
            }
            progress.finishLine()
            try? FileManager.default.removeItem(atPath: recordPath)
            let seconds = Date().timeIntervalSince(started)
            let kb = Double(outcome.bytesWritten) / 1024
            if json {
                print(try jsonLine(.object(OVSMObject([
                    ("programId", .string(outcome.programId.base58)), ("programData", .string(outcome.programData.base58)),
                    ("signature", .string(outcome.signature.base58)), ("upgraded", .bool(outcome.upgraded)),
                    ("buffer", .string(outcome.buffer.base58)), ("bytes", .int(outcome.bytes)),
                    ("chunks", .int(outcome.chunksTotal)), ("chunksWritten", .int(outcome.chunksWritten)), ("bytesWritten", .int(outcome.bytesWritten)),
                    ("chunkSize", .int(outcome.chunkSize)), ("writeSeconds", .float(outcome.writeSeconds)),
                    ("seconds", .float(seconds)), ("lamportsNeeded", .int(Int(outcome.costs.needed))),
                ]))))
                return
            }
            print("Program Id: \(outcome.programId.base58)")
            print("Signature: \(outcome.signature.base58)")
            stderrLine(String(format: "%@ %d bytes: %d of %d chunks written in %.2f s (%.1f chunks/s, %.1f KB/s); total %.2f s",
                              outcome.upgraded ? "upgraded" : "deployed", outcome.bytes, outcome.chunksWritten, outcome.chunksTotal,
                              outcome.writeSeconds, Double(outcome.chunksWritten) / max(outcome.writeSeconds, 0.001),
                              kb / max(outcome.writeSeconds, 0.001), seconds))
        }
    }

    func readProgram(_ path: String) throws -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw CLIError("\(path): no such file") }
        guard !isDir.boolValue else { throw CLIError("\(path) is a directory, expected a program .so file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read (permission denied?)") }
        return [UInt8](data)
    }
}

func readKeypair(_ path: String, what: String) throws -> Keypair {
    do { return try Keypair.read(path: path) } catch { throw CLIError("\(what): \(error)") }
}

/// Progress on stderr: a redrawn bar on a terminal, a plain line per ~10 % otherwise.
final class ProgressPrinter: Sendable {
    let tty = isatty(STDERR_FILENO) == 1
    private let state = Mutex<(lastDecile: Int, drawn: Bool, buffer: Pubkey?)>((-1, false, nil))

    var bufferAddress: Pubkey? { state.withLock { $0.buffer } }

    @Sendable func handle(_ e: ProgramDeployer.Event) {
        switch e {
        case .plan(let text): stderrLine(text)
        case .bufferCreated(let b, let sig):
            state.withLock { $0.buffer = b }
            stderrLine("buffer \(b) created (\(sig))")
        case .resuming(let b, let present, let total):
            state.withLock { $0.buffer = b }
            stderrLine("resuming buffer \(b): \(present) of \(total) chunks already written")
        case .progress(let p): progress(p)
        case .finalizing(let what):
            finishLine()
            stderrLine("buffer written; sending \(what)")
        }
    }

    func progress(_ p: ChunkWriter.Progress) {
        let rate = p.elapsed > 0 ? Double(p.bytesThisRun) / 1024 / p.elapsed : 0
        let text = String(format: "%d/%d chunks  %d/%d bytes  %.1f KB/s", p.chunksDone, p.chunksTotal, p.bytesDone, p.bytesTotal, rate)
            + (p.retries > 0 ? "  \(p.retries) retries" : "")
        if tty {
            let width = 24
            let filled = p.chunksTotal == 0 ? width : width * p.chunksDone / p.chunksTotal
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            state.withLock { $0.drawn = true }
            FileHandle.standardError.write(Data("\r\u{1B}[2K[\(bar)] \(text)".utf8))
            return
        }
        let decile = p.chunksTotal == 0 ? 10 : p.chunksDone * 10 / p.chunksTotal
        let print = state.withLock { s -> Bool in
            guard decile > s.lastDecile else { return false }
            s.lastDecile = decile
            return true
        }
        if print { stderrLine("written " + text) }
    }

    func finishLine() {
        if state.withLock({ let d = $0.drawn; $0.drawn = false; return d }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
