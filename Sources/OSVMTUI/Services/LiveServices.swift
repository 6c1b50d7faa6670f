import Foundation
import OSVMSettings
import OSVMHost
import OVSMKit

/// Files under `~/.osvm/` the workbench keeps between runs.
struct WorkbenchFiles: Sendable {
    var home: String
    var dir: String { home + "/.osvm" }
    var history: String { dir + "/tui_history" }
    /// Temp file in the same directory, fsync, rename, mode 0600 (the buffer may hold keys).
    static func atomicWrite(_ text: String, to path: String) throws {
        do { try AtomicFile.write(Data(text.utf8), to: path) } catch { throw ServiceError(error.description) }
    }

    func loadHistory() -> [String] {
        guard let text = try? String(contentsOfFile: history, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.replacingOccurrences(of: "\\n", with: "\n") }.suffix(1000)
    }

    func appendHistory(_ entry: String) {
        let line = entry.replacingOccurrences(of: "\n", with: "\\n") + "\n"
        // 0600: REPL lines can hold keys and tokens typed by hand.
        guard let h = try? PrivateFile.openForAppending(history) else { return }
        h.write(Data(line.utf8)); try? h.close()
    }

}

extension Services {
    /// The real world: one shared interpreter, the cluster at `rpcURL`, files under `home`.
    static func live(rpcURL: String?, home: String, themeDirs: [String], log: LogSink, chain: ChainService,
                     recovery: RecoveryStore) -> Services {
        // Printed output goes to the Log and to the REPL entry of the evaluation that printed it.
        let capture = ReplOutputCapture()
        // Scripts' RPC goes through the workbench's switchable cluster (and its latency log).
        let rpc = ScriptSession.RPCSource.custom { method, params, cancel in try chain.hostCall(method, params, cancel: cancel) }
        let worker = EvalWorker(options: .init(rpc: rpc), output: { text in capture.add(text); log.output(text) },
                                after: { log.flushPartial() })
        let files = WorkbenchFiles(home: home)
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let clockLock = NSLock()
        var services = Services(
            evaluate: { source in
                capture.begin()
                var r = await worker.evaluate(source)
                r.output = capture.end()
                return r
            },
            cancelEvaluation: { worker.cancel() },
            globalNames: { await worker.globalNames() },
            readFile: { path in try String(contentsOfFile: path, encoding: .utf8) },
            writeFile: { path, text in
                do { try AtomicFile.writeDocument(Data(text.utf8), to: path) } catch { throw ServiceError("\(error)") }
            },
            writeRecovery: { path, text in recovery.write(path: path, text: text) },
            clearRecovery: { recovery.clearLater() },
            lookup: { try await chain.lookup($0) },
            status: { await chain.status() },
            rpcQuery: { try await chain.rpcQuery($0) },
            setCluster: { try chain.setCluster($0) },
            loadTheme: { Theme.load($0, searchPaths: themeDirs) },
            appendHistory: { files.appendHistory($0) },
            clock: { clockLock.withLock { formatter.string(from: Date()) } },
            statusInterval: .seconds(5)
        )
        services.evaluationSubmitted = { worker.submit() }
        services.debugRun = { source, debugger, cancel in
            capture.begin()
            var r = await DebugRunner.run(source, debugger, cancel: cancel, options: .init(rpc: rpc),
                                          output: { text in capture.add(text); log.output(text) })
            log.flushPartial()
            r.output = capture.end()
            return r
        }
        services.signatures = { address, before in try await chain.signatures(address, before: before) }
        services.writeRecoveryLater = { path, text in recovery.writeLater(path: path, text: text) }
        services.adoptRecovery = { recovery.adopt($0) }
        services.discardRecovery = { recovery.discard($0) }
        return services
    }
}

/// What the running evaluation printed, for the REPL (the Log gets it too). One
/// evaluation runs at a time; output is capped so a printing loop cannot fill memory.
final class ReplOutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private var active = false
    static let limit = 64 * 1024

    func begin() { lock.withLock { text = ""; active = true } }
    func add(_ s: String) {
        lock.withLock {
            guard active, text.utf8.count < Self.limit else { return }
            text += s
            if text.utf8.count >= Self.limit { text += "\n… (more in the Log pane)" }
        }
    }
    func end() -> String { lock.withLock { active = false; defer { text = "" }; return text } }
}
