import Chain
import Foundation
import OSVMSettings
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// MCP over a child process's stdin/stdout, one JSON-RPC message per line. A reader
/// thread matches responses to waiting requests; when the process exits every pending
/// request fails with `serverExited` (stderr's last lines included).
///
///     let t = try StdioTransport(command: "mcp-server-time", arguments: ["--local-timezone", "UTC"])
public final class StdioTransport: MCPTransport, @unchecked Sendable {
    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let state = Mutex<State>(State())
    private let command: String

    private struct State {
        var pending: [Int: CheckedContinuation<JSONValue, Error>] = [:]
        var exited: String?
        var stderrTail = ""
    }

    public init(command: String, arguments: [String] = [], environment: [String: String] = [:], grace: Double = 2) throws {
        self.command = command
        self.grace = grace
        signal(SIGPIPE, SIG_IGN)   // a dead server must not kill us on write
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        // An allowlist, not the parent's environment: OPENAI_KEY and OSVM_* stay with us.
        process.environment = ChildEnvironment.minimal(from: ProcessInfo.processInfo.environment, adding: environment)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        process.terminationHandler = { [weak self] p in
            self?.failAll("'\(command)' exited with status \(p.terminationStatus)")
        }
        do { try process.run() } catch {
            throw MCPError.spawnFailed(command: command, detail: PlainError.reason(error))
        }
        startReaders()
    }

    private func startReaders() {
        let out = stdout.fileHandleForReading
        let err = stderr.fileHandleForReading
        Thread { [weak self] in
            var buffer = Data()
            while true {
                let chunk = out.availableData
                if chunk.isEmpty { break }
                // Only the new bytes are searched for a newline: rescanning the whole buffer
                // made one long line quadratic.
                var from = buffer.count
                buffer.append(chunk)
                while let nl = buffer[(buffer.startIndex + from)...].firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<nl]
                    buffer = Data(buffer[(nl + 1)...])
                    from = 0
                    self?.deliver(Data(line))
                }
                // The same bound as HTTP bodies: a server that writes without end (or one
                // endless line) fails its requests instead of exhausting memory.
                if buffer.count > HTTPRequest.defaultMaxResponseBytes {
                    self?.failAll("a message from '\(self?.command ?? "server")' is larger than 64 MiB")
                    if let me = self { Thread { me.terminate(grace: 0.5) }.start() }
                    break
                }
            }
            self?.failAll("'\(self?.command ?? "server")' closed its output")
        }.start()
        Thread { [weak self] in
            while true {
                let chunk = err.availableData
                if chunk.isEmpty { break }
                self?.state.withLock { st in
                    st.stderrTail = String((st.stderrTail + String(decoding: chunk, as: UTF8.self)).suffix(1000))
                }
            }
        }.start()
    }

    private func deliver(_ line: Data) {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }), let msg = try? JSONValue.parse(line) else { return }
        if let method = msg["method"]?.stringValue, let id = msg["id"] {
            // A request from the server: answer ping, refuse the rest.
            let reply: JSONValue = method == "ping"
                ? ["jsonrpc": "2.0", "id": id, "result": [:]]
                : ["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": "method not supported by osvm"]]
            try? write(reply)
            return
        }
        guard let id = msg["id"]?.intValue else { return }
        let c = state.withLock { $0.pending.removeValue(forKey: id) }
        c?.resume(returning: msg)
    }

    private func failAll(_ why: String) {
        let (waiting, tail) = state.withLock { st -> ([CheckedContinuation<JSONValue, Error>], String) in
            if st.exited == nil { st.exited = why }
            let w = Array(st.pending.values)
            st.pending.removeAll()
            return (w, st.stderrTail)
        }
        let detail = tail.isEmpty ? why : why + " (stderr: " + lastLine(tail) + ")"
        for c in waiting { c.resume(throwing: MCPError.serverExited(detail)) }
    }

    private func lastLine(_ s: String) -> String {
        s.split(separator: "\n").last.map(String.init) ?? s
    }

    private func write(_ message: JSONValue) throws {
        var data = message.jsonData
        data.append(0x0A)
        do { try stdin.fileHandleForWriting.write(contentsOf: data) } catch {
            throw MCPError.serverExited(state.withLock { $0.exited } ?? "cannot write to '\(command)'")
        }
    }

    public func request(_ message: JSONValue, id: Int) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { c in
            let dead = state.withLock { st -> String? in
                if let e = st.exited { return e }
                st.pending[id] = c
                return nil
            }
            if let dead {
                c.resume(throwing: MCPError.serverExited(dead))
                return
            }
            do { try write(message) } catch {
                if let c = state.withLock({ $0.pending.removeValue(forKey: id) }) { c.resume(throwing: error) }
            }
        }
    }

    /// Drops a request that will not be waited for any more (timeout or cancel).
    public func abandon(id: Int, with error: Error) {
        if let c = state.withLock({ $0.pending.removeValue(forKey: id) }) { c.resume(throwing: error) }
    }

    public func notify(_ message: JSONValue) async throws { try write(message) }

    /// Ends the server for good: closes its stdin, sends SIGTERM, and SIGKILL after
    /// `grace` seconds if it is still there — a server that ignores SIGTERM (or hangs in
    /// its initialize) must not outlive `osvm`. When the server leads its own process group
    /// the whole group is signalled, so helpers it spawned go too.
    public func close() async {
        try? stdin.fileHandleForWriting.close()
        await Task.detached { [self] in self.terminate(grace: self.grace) }.value
    }

    /// Seconds between SIGTERM and SIGKILL.
    public let grace: Double

    /// Blocking terminate-then-kill (also used by deinit).
    func terminate(grace: Double) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        let target = getpgid(pid) == pid ? -pid : pid
        kill(target, SIGTERM)
        let until = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < until { usleep(20_000) }
        if process.isRunning {
            kill(target, SIGKILL)
            let hard = Date().addingTimeInterval(2)
            while process.isRunning && Date() < hard { usleep(10_000) }
        }
    }

    deinit { terminate(grace: 0.5) }

    public var isRunning: Bool { process.isRunning }
    public var processID: Int32 { process.processIdentifier }
}
