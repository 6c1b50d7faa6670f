import Assistant
import Deploy
import OVSMKit

/// The result of one evaluation, already printed (values and errors cross threads as text).
public struct EvalResult: Sendable, Equatable, Codable {
    public var printed: String
    public var error: String?
    public var globalNames: [String]
    /// What the form printed (`print`, `log`) while it ran; shown above its value.
    public var output: String
    public init(printed: String, error: String?, globalNames: [String] = [], output: String = "") {
        self.printed = printed; self.error = error; self.globalNames = globalNames; self.output = output
    }
}

/// Who asked for an evaluation (where the value goes).
public enum EvalOrigin: String, Sendable, Equatable, Codable { case repl, editor, palette }

/// Everything that can happen to the workbench: keys, resizes, time, service results.
///
/// `Codable` so that a session can be recorded and replayed (docs/RECORD-REPLAY.md): a
/// new case must carry only `Codable` payloads.
public enum Action: Sendable, Codable {
    case key(Key)
    /// A bracketed paste: the whole text at once (CR LF and CR already LF), into the
    /// focused text target as one edit.
    case paste(String)
    /// A paste larger than the limit (`BracketedPaste.defaultLimit`): read and dropped.
    case pasteRefused(bytes: Int)
    case click(x: Int, y: Int)
    /// The mouse wheel over (x, y): scrolls the pane there, focused or not.
    case wheel(x: Int, y: Int, up: Bool)
    case resize(width: Int, height: Int)
    case tick
    case evalFinished(EvalOrigin, EvalResult)
    case fileOpened(path: String, text: String)
    case fileSaved(path: String)
    case fileFailed(String)
    /// `:open` of a file that does not exist yet: an empty buffer, created on save.
    case newFileOpened(path: String)
    /// Unsaved buffers of workbenches that are gone (asked about one at a time).
    case recoveryOffered([RecoveryOrphan])
    case explorerLoaded(ExplorerView)
    /// `r`: the top view read again (replaces it when it is still on top).
    case explorerRefreshed(ExplorerView)
    /// A page of older signatures of `address` ("load more"); `more`: the page was full.
    case explorerMoreSignatures(address: String, [SignatureRow], more: Bool)
    case explorerFailed(String)
    case statusUpdated(ChainStatus)
    case log([LogLine])
    case themeLoaded(Theme?, name: String)
    case historyLoaded([String])
    case paneFailed(PaneID, String)
    case notice(String)
    case globalNamesLoaded([String])
    /// An event of chat run `run` (events of a cancelled run are dropped).
    case chatEvent(run: Int, AgentEvent)
    /// The event stream of chat run `run` ended.
    case chatFinished(run: Int)
    /// `run_ovsm` asks before running `code`.
    case chatApprovalRequested(code: String)
    case chatSessionCreated(path: String)
    case chatSessionsListed([ChatSessionInfo])
    /// A saved session read back; `problems` says what could not be read (or was repaired).
    case chatSessionLoaded(path: String, messages: [ChatMessage], problems: String? = nil)
    /// "model at url", or the configuration problem (one line naming the setting).
    case chatConfigured(String, error: String?)
    /// The enabled MCP servers were connected: their tools are offered, failures listed.
    case chatToolsReady(ChatToolsReport)
    case nodesListed([NodeInfo], error: String?)
    case nodeSnapshot(NodeSnapshot)
    /// `:doctor` finished: the same checks and verdicts as `osvm doctor`.
    case doctorResults([CheckResult])
    /// The fleet's source, sparkline history or a problem of the source.
    case fleet(FleetReading)
    /// An update of deployment `run` (`:deploy`); those of an older run are dropped.
    case deployUpdate(run: Int, DeployUpdate)
    case deployFinished(run: Int)
    /// The debug run paused (the evaluator thread waits in the debugger).
    case debugPaused(DebugPause)
    /// The debug run ended, with its value or error.
    case debugFinished(EvalResult)
    /// An evaluation in the paused frame gave this.
    case debugEvaluated(DebugEvalTarget, DebugValue)
}

/// What `Update` asks the world to do; `Store` runs these through `Services`.
public enum Effect: Sendable, Equatable {
    case evaluate(String, EvalOrigin)
    case cancelEvaluation
    case readFile(String)
    case writeFile(path: String, text: String)
    /// Writes the editor buffer to this instance's recovery file when it is modified (soon,
    /// or `immediate`ly: before an evaluation, so a crash in it loses nothing).
    case saveRecovery(immediate: Bool)
    case clearRecovery
    /// Restores an orphaned recovery into this instance's own / drops it.
    case adoptRecovery(RecoveryOrphan)
    case discardRecovery(RecoveryOrphan)
    case lookup(ExplorerQuery)
    /// Reads the view again (`r`); answered by `explorerRefreshed`.
    case refreshLookup(ExplorerQuery)
    /// The signatures of `address` older than `before` (`getSignaturesForAddress` before=).
    case loadSignatures(address: String, before: String)
    /// Puts text on the terminal's clipboard: OSC 52, written by the terminal thread
    /// between frames (a side channel beside the cell grid).
    case copyToClipboard(String)
    case refreshStatus
    case setCluster(String)
    case loadTheme(String)
    case saveLog(path: String, text: String)
    case appendHistory(String)
    case startTicking
    case rpcQuery(String)
    /// Runs `osvm doctor`'s checks (read-only: `--fix` stays a CLI decision).
    case runDoctor
    case suspend
    case quit
    /// Runs the agent on `messages` (the last one is the new user message).
    case chatSend(run: Int, session: String?, messages: [ChatMessage])
    case chatCancel
    case chatApprove(ApprovalDecision)
    case chatListSessions
    case chatOpenSession(String)
    /// Runs (or dry-runs) a deployment through `Services.deploy`.
    case deployStart(run: Int, DeployOrder)
    case deployCancel
    /// Reads the node registry again and restarts the monitors (after a deployment).
    case reloadNodes
    /// Runs the buffer with a debugger attached (in a session of its own).
    case debugStart(DebugRunOrder)
    /// Lets the paused program go on (`.stop` ends it).
    case debugResume(DebugAction)
    /// Asks the running program to pause at its next form (a stop waits for that pause).
    case debugPause
    /// Cancels the debug run's session (what the debugger's stop cannot reach).
    case debugCancel
    /// Evaluates source in the paused frame.
    case debugEvaluate(String, DebugEvalTarget)
    /// The breakpoints (1-based lines) and watches changed during a run.
    case debugBreakpoints(Set<Int>)
    case debugWatches([String])
}
