import Foundation
import Synchronization

/// Debug tracing on stderr, on when `OSVM_LOG=debug` (what `osvm --debug` sets): one line per
/// RPC call, HTTP request (AI, MCP), ssh/scp command, with its duration. Callers pass text
/// that is already redacted (URLs through `Redact.url`; headers and bodies are never logged).
///
///     DebugLog.log("rpc", "getBalance → 200 in 3 ms")   // "[debug 0.412s] rpc: getBalance → 200 in 3 ms"
public enum DebugLog {
    private static let state = Mutex<(enabled: Bool?, start: Date)>((nil, Date()))

    public static var enabled: Bool {
        state.withLock { s in
            if let e = s.enabled { return e }
            let e = ProcessEnvironment.value("OSVM_LOG")?.lowercased() == "debug"
            s.enabled = e
            return e
        }
    }

    /// Turns tracing on for this process and its children (`--debug`).
    public static func enable() {
        setenv("OSVM_LOG", "debug", 1)
        state.withLock { $0.enabled = true }
    }

    public static func log(_ category: String, _ message: @autoclosure () -> String) {
        guard enabled else { return }
        let t = state.withLock { Date().timeIntervalSince($0.start) }
        let line = String(format: "[debug %.3fs] ", t) + category + ": " + message() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Milliseconds since `start`, for "… in N ms".
    public static func ms(since start: Date) -> Int { Int(Date().timeIntervalSince(start) * 1000) }
}
