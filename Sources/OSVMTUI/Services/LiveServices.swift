import Foundation
import OSVMSettings
import OSVMHost
import OVSMKit

/// Files under `~/.osvm/` the workbench keeps between runs.
struct WorkbenchFiles: Sendable {
    var home: String
    var dir: String { home + "/.osvm" }
    var history: String { dir + "/tui_history" }
    var recovery: String { dir + "/tui_recovery.ovsm" }
    static let recoveryHeader = ";; osvm-tui recovery: "

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

    func writeRecovery(path: String?, text: String) {
        try? Self.atomicWrite(Self.recoveryHeader + (path ?? "") + "\n" + text, to: recovery)
    }

    /// The unsaved buffer of a previous run: (its file, its text).
    func loadRecovery() -> (String?, String)? {
        guard let text = try? String(contentsOfFile: recovery, encoding: .utf8), text.hasPrefix(Self.recoveryHeader) else { return nil }
        let body = text.dropFirst(Self.recoveryHeader.count)
        guard let nl = body.firstIndex(of: "\n") else { return nil }
        let path = String(body[..<nl])
        return (path.isEmpty ? nil : path, String(body[body.index(after: nl)...]))
    }

    func clearRecovery() { unlink(recovery) }
}

extension Services {
    /// The real world: one shared interpreter, the cluster at `rpcURL`, files under `home`.
    static func live(rpcURL: String?, home: String, themeDirs: [String], log: LogSink, chain: ChainService) -> Services {
        // Scripts' RPC goes through the workbench's switchable cluster (and its latency log).
        let rpc = ScriptSession.RPCSource.custom { method, params, cancel in try chain.hostCall(method, params, cancel: cancel) }
        let worker = EvalWorker(options: .init(rpc: rpc), output: { log.output($0) }, after: { log.flushPartial() })
        let files = WorkbenchFiles(home: home)
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        let clockLock = NSLock()
        var services = Services(
            evaluate: { await worker.evaluate($0) },
            cancelEvaluation: { worker.cancel() },
            globalNames: { await worker.globalNames() },
            readFile: { path in try String(contentsOfFile: path, encoding: .utf8) },
            writeFile: { path, text in
                do { try AtomicFile.writeDocument(Data(text.utf8), to: path) } catch { throw ServiceError("\(error)") }
            },
            writeRecovery: { path, text in files.writeRecovery(path: path, text: text) },
            clearRecovery: { files.clearRecovery() },
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
        return services
    }
}
