import ArgumentParser
import Deploy
import Foundation
import OSVMSettings
import Synchronization

/// `osvm rpc devnet`: a local non-voting RPC node following devnet (agave-validator run
/// detached), with `--status`, `--logs` and `--stop`. The work is Deploy's `DevnetNode`.
struct RPCDevnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devnet",
        abstract: "Run a local RPC node that follows devnet (agave-validator, detached); --status, --logs, --stop.",
        discussion: """
        Starts agave-validator (from --validator-bin, $OSVM_VALIDATOR_BIN,
        validator_bin in config.yml, else PATH) as a non-voting RPC node:
        devnet's five entrypoints, its genesis hash, its known validators
        (--only-known-rpc), a ledger size limit, the full RPC API on 127.0.0.1.

        Files: $XDG_STATE_HOME/osvm/devnet (default ~/.local/state/osvm/devnet):
        identity.json (generated for the node, 0600; never ~/.config/solana),
        ledger/, validator.log, validator.pid, node.json.

        The node needs a large machine and hours to catch up. On a server:
          osvm user@host --svm solana --node-type rpc --network devnet

        --status exits 0 when the node runs, 3 when it does not.

        Examples:
          osvm rpc devnet --dry-run     # the exact agave-validator command
          osvm rpc devnet               # start (RPC on http://127.0.0.1:8899)
          osvm rpc devnet --status      # pid, port, ledger, slot
          osvm rpc devnet --logs        # follow; Ctrl-C leaves the node running
          osvm rpc devnet --stop        # SIGTERM, SIGKILL after --grace seconds
          osvm -u http://127.0.0.1:8899 rpc slot
        """)

    @Option(help: "RPC port on 127.0.0.1.") var rpcPort: Int = 8899
    @Option(help: "Address the RPC listens on (0.0.0.0 exposes it to the network).") var rpcBindAddress = "127.0.0.1"
    @Option(help: "Ports for gossip, repair and TPU, LOW-HIGH.") var dynamicPortRange = "8000-8030"
    @Option(help: "Shreds kept in the ledger (50000000 is agave's minimum).") var limitLedgerSize: UInt64 = DevnetNodeOptions.minLedgerLimit
    @Option(help: "Ledger directory (default: ledger/ in the node's state directory).") var ledger: String?
    @Option(help: "agave-validator to run (default: $OSVM_VALIDATOR_BIN, validator_bin in config.yml, else PATH).") var validatorBin: String?
    @Flag(help: "Print the exact command and exit; starts nothing, writes nothing.") var dryRun = false
    @Flag(help: "Is the node running? pid, RPC port, ledger, slot (exit 3 when not running).") var status = false
    @Flag(help: "Show the log's last lines and follow it (Ctrl-C stops following; the node keeps running).") var logs = false
    @Flag(help: "Stop the node: SIGTERM, then SIGKILL after --grace seconds.") var stop = false
    @Option(help: "With --logs: how many lines to show first.") var lines: Int = 20
    @Flag(help: "With --logs: print the last lines and exit.") var noFollow = false
    @Option(help: "With --stop: seconds to wait after SIGTERM before SIGKILL.") var grace: Double = 30
    @Option(help: "With --status: seconds to wait for getSlot.") var timeout: Double = 3
    @Flag(help: "With --status or a start: one JSON object.") var json = false

    func validate() throws {
        let modes = [dryRun, status, logs, stop].filter { $0 }.count
        guard modes <= 1 else { throw ValidationError("choose one of --dry-run, --status, --logs, --stop") }
        guard lines >= 0 else { throw ValidationError("--lines must be 0 or more") }
        guard grace >= 0, grace.isFinite else { throw ValidationError("--grace must be 0 or more seconds") }
    }

    func run() async throws {
        try await chainRun {
            do { try await body() } catch let e as DeployError where e.description.contains("\n") {
                // Install instructions, a log's last lines: several lines, each sanitised.
                for (i, l) in e.description.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    stderrLine((i == 0 ? "error: " : "") + l)
                }
                throw ExitCode(1)
            }
        }
    }

    func body() async throws {
        let env = ProcessInfo.processInfo.environment
        let layout = DevnetNodeLayout.standard(environment: env, ledger: ledger.map { absolute($0) })
        let node = DevnetNode(layout: layout, environment: env)
        if status { return try await printStatus(node) }
        if logs {
            if case .running = node.find() {} else { stderrLine("note: the devnet node is not running; showing its last log") }
            return try followLogs(layout)
        }
        if stop { return try stopNode(node) }

        var options = DevnetNodeOptions()
        options.rpcPort = rpcPort
        options.rpcBindAddress = rpcBindAddress
        options.dynamicPortRange = try DevnetNodeOptions.PortRange.parse(dynamicPortRange)
        options.ledgerLimitShreds = limitLedgerSize
        try options.validate()

        let settings = try CLISettings.load()
        let configured = try settings.validatorBin(flag: validatorBin).map { ($0.value, $0.origin.description) }
        if dryRun {
            let exe: String
            // A path the user configured must be right; a missing install is only a note.
            if configured != nil {
                exe = try ValidatorLocator.locate(configured: configured, environment: env)
            } else if let found = try? ValidatorLocator.locate(configured: nil, environment: env) {
                exe = found
            } else {
                stderrLine("note: agave-validator is not installed here (osvm rpc devnet without --dry-run says how to install it)")
                exe = ValidatorLocator.programName
            }
            print(ShellWords.join(node.commandLine(executable: exe, options: options)))
            return
        }
        let exe = try ValidatorLocator.locate(configured: configured, environment: env)
        let started = try node.start(executable: exe, options: options)
        if let stale = started.clearedStalePid { stderrLine("note: removed a stale pid file (pid \(stale) is not running)") }
        let r = started.record
        if json {
            let o: [String: Any] = ["pid": Int(r.pid), "rpcURL": r.localRPCURL, "rpcPort": r.rpcPort, "ledger": r.ledger,
                                    "log": r.log, "identity": started.identityPubkey, "identityFile": r.identity,
                                    "command": [r.executable] + r.arguments]
            print(try jsonText(o))
            return
        }
        print("devnet RPC node started: pid \(r.pid)")
        print("  rpc       \(r.localRPCURL)   (answers once the node has a snapshot and has caught up)")
        print("  identity  \(started.identityPubkey)  \(r.identity)\(started.createdIdentity ? " (new)" : "")")
        print("  ledger    \(r.ledger)")
        print("  log       \(r.log)")
        print("follow the log: osvm rpc devnet --logs   status: osvm rpc devnet --status   stop: osvm rpc devnet --stop")
    }

    func absolute(_ p: String) -> String {
        let e = Settings.expandTilde(p, home: ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory())
        return e.hasPrefix("/") ? e : FileManager.default.currentDirectoryPath + "/" + e
    }

    func printStatus(_ node: DevnetNode) async throws {
        let s = await node.status(timeout: timeout)
        if json {
            print(String(decoding: try Self.encoder.encode(s), as: UTF8.self))
        } else {
            if let stale = s.stalePid { stderrLine("note: removed a stale pid file (pid \(stale) is not running)") }
            if s.running, let pid = s.pid {
                print("running   yes, pid \(pid)" + (s.startedAt.map { ", started \($0)" } ?? ""))
                if let url = s.rpcURL { print("rpc       \(url)") }
                if let slot = s.slot {
                    print("slot      \(slot)")
                } else if let e = s.slotError {
                    print("slot      - (RPC not answering yet: \(e))")
                }
            } else {
                print("running   no   (start it with: osvm rpc devnet)")
            }
            if let id = s.identity { print("identity  \(id)") }
            print("ledger    \(s.ledger)")
            print("log       \(s.log)")
        }
        if !s.running { throw ExitCode(3) }
    }

    func stopNode(_ node: DevnetNode) throws {
        switch try node.stop(grace: grace) {
        case .notRunning(let stale):
            if let stale { print("the devnet node was not running (removed a stale pid file for pid \(stale))") }
            else { print("the devnet node is not running") }
        case .stopped(let pid, let killed):
            print(killed ? "stopped the devnet node (pid \(pid)) with SIGKILL: it ignored SIGTERM for \(Int(grace)) s"
                         : "stopped the devnet node (pid \(pid))")
        }
    }

    func followLogs(_ layout: DevnetNodeLayout) throws {
        guard FileManager.default.fileExists(atPath: layout.log) else {
            throw CLIError("no log yet at \(layout.log): start the node with osvm rpc devnet")
        }
        // Position first, then print the tail: a line written in between is printed once.
        let follower = LogFollower(path: layout.log)
        stdoutWrite(LogFollower.lastLines(of: layout.log, count: lines))
        if noFollow { return }
        Interrupt.install()
        while !Interrupt.requested.load(ordering: .relaxed) {
            for e in follower.poll() {
                switch e {
                case .data(let d): FileHandle.standardOutput.write(d)
                case .restarted: stderrLine("-- \(layout.log) was truncated or replaced; following it from the start --")
                }
            }
            usleep(150_000)
        }
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    func jsonText(_ o: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}

/// Ctrl-C while following the log: stop following (exit 0) instead of dying mid-write.
private enum Interrupt {
    static let requested = Atomic<Bool>(false)
    static func install() {
        signal(SIGINT) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in Interrupt.requested.store(true, ordering: .relaxed) }
    }
}

/// A command line as one shell line: words quoted only when the shell would split or
/// expand them, so a dry run reads like a command and pastes as one.
enum ShellWords {
    static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }

    static func quote(_ w: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+%")
        if !w.isEmpty, w.allSatisfy({ plain.contains($0) }) { return w }
        return "'" + w.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
