import ArgumentParser
import Chain
import Foundation
import OVSMKit

struct RPCMonitor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "A live status line: processed/confirmed/finalized slot, epoch progress, TPS, latency.")

    @Option(help: "Seconds between updates.") var interval: Double = 1
    @Option(help: "Stop after this many updates (default: run until Ctrl-C).") var count: Int?
    @OptionGroup var options: ChainOptions

    func run() async throws {
        try await chainRun {
            let cfg = try options.config()
            let rpc = try options.client(cfg)
            let tty = isatty(STDOUT_FILENO) == 1
            var lastTx: (count: UInt64, at: Date)?
            var n = 0
            let slotParams: (String) -> [Value] = { [.object(OVSMObject([("commitment", .string($0))]))] }
            while count.map({ n < $0 }) ?? true {
                let started = Date()
                let results = try await rpc.batch([
                    ("getSlot", slotParams("processed")), ("getSlot", slotParams("confirmed")),
                    ("getSlot", slotParams("finalized")), ("getEpochInfo", []), ("getTransactionCount", []),
                ])
                let latency = Date().timeIntervalSince(started) * 1000
                func slot(_ i: Int) -> String {
                    if case .success(.int(let s)) = results[i] { return String(s) }
                    return "?"
                }
                var epochText = "epoch ?"
                if case .success(.object(let o)) = results[3], case .int(let e)? = o["epoch"],
                   case .int(let idx)? = o["slotIndex"], case .int(let total)? = o["slotsInEpoch"], total > 0 {
                    epochText = "epoch \(e) \(String(format: "%.1f", Double(idx) * 100 / Double(total)))%"
                }
                var tps = "TPS -"
                if case .success(.int(let c)) = results[4] {
                    let now = Date()
                    if let last = lastTx, now > last.at, UInt64(c) >= last.count {
                        tps = "TPS " + String(format: "%.0f", Double(UInt64(c) - last.count) / now.timeIntervalSince(last.at))
                    }
                    lastTx = (UInt64(c), now)
                }
                if case .failure(let e) = results[0] { throw e }
                let line = "slot processed \(slot(0)) confirmed \(slot(1)) finalized \(slot(2)) | \(epochText) | \(tps) | \(Int(latency)) ms"
                if tty { stdoutWrite("\r\u{1B}[2K" + line) } else { print(line) }
                n += 1
                if count.map({ n >= $0 }) ?? false { break }
                try await Task.sleep(nanoseconds: UInt64(max(0.05, interval) * 1e9))
            }
            if tty { stdoutWrite("\n") }
        }
    }
}

struct RPCLocal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Run a local validator on 127.0.0.1: solana-test-validator if installed, else osvm's LiteSVM validator (tools/localnet).")

    @Option(help: "RPC port (0 picks a free one).") var port: Int = 8899
    @Flag(help: "Start from an empty ledger.") var reset = false
    @Flag(help: "Use tools/localnet even when solana-test-validator is installed.") var builtin = false

    func run() async throws {
        try await chainRun {
            guard (0...65535).contains(port) else { throw CLIError("invalid --port \(port): must be 0-65535") }
            if !builtin, let tv = findOnPath("solana-test-validator") {
                var args = ["--rpc-port", String(port == 0 ? 8899 : port), "--bind-address", "127.0.0.1"]
                if reset { args.append("--reset") }
                stderrLine("starting \(tv) \(args.joined(separator: " "))")
                try runForeground(tv, args)
                return
            }
            guard let dir = locateLocalnet() else {
                throw CLIError("tools/localnet/localnet.py not found: run from the osvm source tree or set OSVM_LOCALNET_DIR to that folder")
            }
            let python = dir + "/.venv/bin/python"
            if !FileManager.default.isExecutableFile(atPath: python) {
                stderrLine("setting up the local validator's Python environment (first use) ...")
                let status = try runForeground("/bin/bash", [dir + "/setup.sh"])
                guard status == 0 else { throw CLIError("tools/localnet/setup.sh failed (exit \(status))") }
            }
            // The LiteSVM validator keeps its ledger in memory: every start is a fresh ledger.
            if reset { stderrLine("ledger: fresh (the built-in validator keeps no state between runs)") }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = [dir + "/localnet.py", "--host", "127.0.0.1", "--port", String(port)]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            forwardSignals(to: p.processIdentifier)
            let handle = out.fileHandleForReading
            var buf = Data()
            while !buf.contains(0x0A) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buf.append(chunk)
            }
            let line = String(decoding: buf, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("LISTENING "), let actual = Int(line.dropFirst(10)) {
                stdoutWrite("local validator (LiteSVM) listening on http://127.0.0.1:\(actual)\n")
                stdoutWrite("use it with: osvm -u http://127.0.0.1:\(actual) …  (-u localnet means port 8899); Ctrl-C stops it\n")
            }
            p.waitUntilExit()
            if p.terminationReason == .exit && p.terminationStatus != 0 {
                throw CLIError("local validator exited with status \(p.terminationStatus)")
            }
        }
    }

    func findOnPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// $OSVM_LOCALNET_DIR, else tools/localnet above the executable or the working directory.
    func locateLocalnet() -> String? {
        if let d = ProcessInfo.processInfo.environment["OSVM_LOCALNET_DIR"], !d.isEmpty {
            return FileManager.default.fileExists(atPath: d + "/localnet.py") ? d : nil
        }
        var starts = [FileManager.default.currentDirectoryPath]
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path)
        for start in starts {
            var url = URL(fileURLWithPath: start)
            for _ in 0..<8 {
                let cand = url.appendingPathComponent("tools/localnet/localnet.py").path
                if FileManager.default.fileExists(atPath: cand) { return url.appendingPathComponent("tools/localnet").path }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    @discardableResult
    func runForeground(_ exe: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        try p.run()
        forwardSignals(to: p.processIdentifier)
        p.waitUntilExit()
        return p.terminationStatus
    }
}

/// Ctrl-C / SIGTERM to osvm also stop the child (then osvm exits when it does).
private func forwardSignals(to pid: Int32) {
    ChildPID.value = pid
    for sig in [SIGINT, SIGTERM] {
        signal(sig) { s in
            let p = ChildPID.value
            if p > 0 { kill(p, SIGTERM) }
        }
    }
}

private enum ChildPID {
    nonisolated(unsafe) static var value: Int32 = 0
}
