import Assistant
import Deploy
import Foundation
import OVSMKit

/// One chat run: its session file (created when the session was new) and its events.
public struct ChatRun: Sendable {
    public var session: String?
    public var events: AsyncStream<AgentEvent>
    public init(session: String?, events: AsyncStream<AgentEvent>) { self.session = session; self.events = events }
}

/// Everything the workbench needs from the world, as closures. `Services.live` wires the
/// interpreter, Solana RPC and files; tests build their own with canned answers.
public struct Services: Sendable {
    public var evaluate: @Sendable (String) async -> EvalResult
    /// Called by the store as soon as it asks for an evaluation (before `evaluate` runs),
    /// so that a Ctrl-C right after Enter applies to it.
    public var evaluationSubmitted: @Sendable () -> Void = {}
    public var cancelEvaluation: @Sendable () -> Void
    /// Runs source with `Debugger` attached, in a session of its own that `DebugRunCancel`
    /// cancels, and calls the debugger's `finish()` at the end (`DebugRunner`). The default
    /// runs offline.
    public var debugRun: @Sendable (String, Debugger, DebugRunCancel) async -> EvalResult = {
        await DebugRunner.run($0, $1, cancel: $2)
    }
    /// Names bound in the session (REPL completion before the first evaluation).
    public var globalNames: @Sendable () async -> [String]
    public var readFile: @Sendable (String) async throws -> String
    /// Writes atomically (temporary file in the same directory, then rename).
    public var writeFile: @Sendable (String, String) async throws -> Void
    /// This instance's recovery file: write (file, text) now / remove. Both run after any
    /// pending `writeRecoveryLater`.
    public var writeRecovery: @Sendable (String?, String) -> Void
    public var clearRecovery: @Sendable () -> Void
    /// Writes it in the background, the text made there (typing in a large buffer); by
    /// default the same as `writeRecovery`.
    public var writeRecoveryLater: @Sendable (String?, @escaping @Sendable () -> String) -> Void
    /// Makes an orphaned recovery this instance's own / removes it.
    public var adoptRecovery: @Sendable (RecoveryOrphan) -> Void = { _ in }
    public var discardRecovery: @Sendable (RecoveryOrphan) -> Void = { _ in }
    public var lookup: @Sendable (ExplorerQuery) async throws -> ExplorerView
    /// A page of the signatures of an address older than `before`; `more`: the page was full.
    public var signatures: @Sendable (_ address: String, _ before: String) async throws -> (rows: [SignatureRow], more: Bool) = { _, _ in
        throw ServiceError("offline")
    }
    /// Writes text to the terminal's clipboard (OSC 52). The live workbench queues it for
    /// the terminal thread; tests record it.
    public var copyToClipboard: @Sendable (String) -> Void = { _ in }
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
    /// Runs the assistant on a conversation (last message: the new user message),
    /// recording it in the session file (a new one when `session` is nil).
    public var chatRun: @Sendable (_ session: String?, _ messages: [ChatMessage]) -> ChatRun
    /// Stops the running answer (a pending approval is declined).
    public var chatCancel: @Sendable () -> Void
    public var chatApprove: @Sendable (ApprovalDecision) -> Void
    /// Saved sessions, newest first.
    public var chatSessions: @Sendable () -> [ChatSessionInfo]
    public var chatLoad: @Sendable (String) throws -> ChatLog.Transcript
    /// Connects the enabled MCP servers and offers their tools to the agent.
    public var chatTools: @Sendable () async -> ChatToolsReport = { ChatToolsReport() }
    /// `osvm doctor`'s checks, read-only.
    public var doctor: @Sendable () async -> [CheckResult] = {
        [CheckResult("doctor", "Doctor", .skip, "not available in this session")]
    }
    /// The registered nodes (or why the registry cannot be read).
    public var nodes: @Sendable () -> ([NodeInfo], String?)
    /// Readings of the fleet (its source, snapshots, sparkline history, problems) from
    /// Prometheus or SSH probes, merged, until cancelled.
    public var nodeSnapshots: @Sendable () -> AsyncStream<FleetReading>
    /// Runs (or dry-runs) a deployment; the stream ends with the run, and cancelling its
    /// consumer stops the deployment.
    public var deploy: @Sendable (DeployOrder) -> AsyncStream<DeployUpdate>

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
        statusInterval: Duration? = nil,
        chatRun: @escaping @Sendable (String?, [ChatMessage]) -> ChatRun = { _, _ in
            ChatRun(session: nil, events: AsyncStream { $0.yield(.error("no assistant configured")); $0.finish() })
        },
        chatCancel: @escaping @Sendable () -> Void = {},
        chatApprove: @escaping @Sendable (ApprovalDecision) -> Void = { _ in },
        chatSessions: @escaping @Sendable () -> [ChatSessionInfo] = { [] },
        chatLoad: @escaping @Sendable (String) throws -> ChatLog.Transcript = { _ in ChatLog.Transcript(messages: [], unreadable: 0, repaired: 0) },
        nodes: @escaping @Sendable () -> ([NodeInfo], String?) = { ([], nil) },
        nodeSnapshots: @escaping @Sendable () -> AsyncStream<FleetReading> = { AsyncStream { $0.finish() } },
        deploy: @escaping @Sendable (DeployOrder) -> AsyncStream<DeployUpdate> = { _ in
            AsyncStream { $0.yield(.failed("deployments are not available here")); $0.finish() }
        }
    ) {
        self.evaluate = evaluate; self.cancelEvaluation = cancelEvaluation
        self.globalNames = globalNames
        self.readFile = readFile; self.writeFile = writeFile
        self.writeRecovery = writeRecovery; self.clearRecovery = clearRecovery
        self.writeRecoveryLater = { path, text in writeRecovery(path, text()) }
        self.lookup = lookup; self.status = status; self.rpcQuery = rpcQuery; self.setCluster = setCluster
        self.loadTheme = loadTheme; self.appendHistory = appendHistory
        self.sleep = sleep; self.clock = clock; self.statusInterval = statusInterval
        self.chatRun = chatRun; self.chatCancel = chatCancel; self.chatApprove = chatApprove
        self.chatSessions = chatSessions; self.chatLoad = chatLoad
        self.nodes = nodes; self.nodeSnapshots = nodeSnapshots
        self.deploy = deploy
    }
}

public struct ServiceError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
