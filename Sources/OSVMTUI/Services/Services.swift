import Foundation

/// Everything the workbench needs from the world, as closures. `Services.live` wires the
/// interpreter, Solana RPC and files; tests build their own with canned answers.
public struct Services: Sendable {
    public var evaluate: @Sendable (String) async -> EvalResult
    public var cancelEvaluation: @Sendable () -> Void
    /// Names bound in the session (REPL completion before the first evaluation).
    public var globalNames: @Sendable () async -> [String]
    public var readFile: @Sendable (String) async throws -> String
    /// Writes atomically (temporary file in the same directory, then rename).
    public var writeFile: @Sendable (String, String) async throws -> Void
    public var writeRecovery: @Sendable (String?, String) -> Void
    public var clearRecovery: @Sendable () -> Void
    public var lookup: @Sendable (ExplorerQuery) async throws -> ExplorerView
    public var status: @Sendable () async -> ChainStatus
    public var rpcQuery: @Sendable (String) async throws -> String
    public var setCluster: @Sendable (String) throws -> ChainStatus
    public var loadTheme: @Sendable (String) -> Theme?
    public var appendHistory: @Sendable (String) -> Void
    public var sleep: @Sendable (Duration) async -> Void
    /// "HH:MM:SS" for log lines.
    public var clock: @Sendable () -> String
    /// How often the header refreshes slot/epoch (nil = never).
    public var statusInterval: Duration?

    public init(
        evaluate: @escaping @Sendable (String) async -> EvalResult = { _ in EvalResult(printed: "", error: nil) },
        cancelEvaluation: @escaping @Sendable () -> Void = {},
        globalNames: @escaping @Sendable () async -> [String] = { [] },
        readFile: @escaping @Sendable (String) async throws -> String = { _ in "" },
        writeFile: @escaping @Sendable (String, String) async throws -> Void = { _, _ in },
        writeRecovery: @escaping @Sendable (String?, String) -> Void = { _, _ in },
        clearRecovery: @escaping @Sendable () -> Void = {},
        lookup: @escaping @Sendable (ExplorerQuery) async throws -> ExplorerView = { _ in throw ServiceError("offline") },
        status: @escaping @Sendable () async -> ChainStatus = { ChainStatus(cluster: "offline", url: "") },
        rpcQuery: @escaping @Sendable (String) async throws -> String = { _ in throw ServiceError("offline") },
        setCluster: @escaping @Sendable (String) throws -> ChainStatus = { _ in throw ServiceError("offline") },
        loadTheme: @escaping @Sendable (String) -> Theme? = { Theme.load($0, searchPaths: []) },
        appendHistory: @escaping @Sendable (String) -> Void = { _ in },
        sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
        clock: @escaping @Sendable () -> String = { "00:00:00" },
        statusInterval: Duration? = nil
    ) {
        self.evaluate = evaluate; self.cancelEvaluation = cancelEvaluation
        self.globalNames = globalNames
        self.readFile = readFile; self.writeFile = writeFile
        self.writeRecovery = writeRecovery; self.clearRecovery = clearRecovery
        self.lookup = lookup; self.status = status; self.rpcQuery = rpcQuery; self.setCluster = setCluster
        self.loadTheme = loadTheme; self.appendHistory = appendHistory
        self.sleep = sleep; self.clock = clock; self.statusInterval = statusInterval
    }
}

public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
