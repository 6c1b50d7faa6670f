import Assistant
import Chain
import Foundation
import OSVMSettings

/// The terminal thread: waits for keys, signals and new frames (no polling), feeds keys
/// to the store in order and draws the newest state.
final class WorkbenchLoop {
    let terminal: Terminal
    let store: Store
    let mailbox: FrameMailbox
    /// nil in a replay: it writes no recovery file.
    let recovery: RecoveryStore?
    let recorder: SessionRecorder?
    /// `--replay`: feeds the recorded actions; nil in a live session.
    let feeder: ReplayFeeder?
    /// OSC 52 and other bytes beside the frame, written by this thread.
    let outbox: TerminalOutbox
    var exitMessage: String?
    var frame = ScreenBuffer(width: 0, height: 0)
    var lastState: AppState
    var seenSuspend = 0
    var replayEnded = false

    static func themeDirectories(env: [String: String]) -> [String] {
        var dirs: [String] = []
        if let d = env["OSVM_THEMES"] { dirs.append(d) }
        if let h = env["HOME"] { dirs.append(h + "/.config/osvm/themes") }
        dirs.append(FileManager.default.currentDirectoryPath + "/Themes")
        return dirs
    }

    /// A live workbench (recording to `recorder` when given).
    init(terminal: Terminal, options: Options, url: String, theme: Theme, themeDirs: [String], home: String,
         recorder: SessionRecorder?) {
        self.terminal = terminal
        let files = WorkbenchFiles(home: home)
        let recovery = RecoveryStore(home: home)
        self.recovery = recovery
        self.recorder = recorder
        feeder = nil
        mailbox = FrameMailbox(wakeFD: terminal.wakeWrite)
        let mailboxForWake = mailbox
        outbox = TerminalOutbox(wake: { mailboxForWake.poke() })
        let seed = WorkbenchSeed(width: terminal.width, height: terminal.height, theme: theme, url: url,
                                 themeSearchPaths: themeDirs, history: files.loadHistory(), chat: options.chat)
        let state = seed.initialState()
        lastState = state
        let box = InputBox()
        let log = LogSink(clock: { Self.clock() }) { lines in box.yield(.log(lines)) }
        recorder?.begin(seed: seed) { message in log.line(.error, message) }
        let chain = ChainService(url: url, log: log)
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home
        let assistant = ChatBackend(rpcURL: url, flags: AIConfig.Flags(url: options.aiURL, key: options.aiKey, model: options.model),
                                    environment: env, autoApprove: options.yes, notify: { box.yield(.chatApprovalRequested(code: $0)) })
        var live = Services.live(rpcURL: url, home: home, themeDirs: themeDirs, log: log, chain: chain, recovery: recovery)
            .withAssistantAndNodes(assistant, environment: env)
            .withDeploy(environment: env)
        let outbox = self.outbox
        live.copyToClipboard = { text in
            if let bytes = OSC52.sequence(text) { outbox.send(bytes) }
            else { log.line(.warn, "clipboard: \(text.utf8.count) bytes is more than terminals accept over OSC 52") }
        }
        let mailbox = self.mailbox
        store = Store(state: state, services: live, publish: { mailbox.post($0) }, recorder: recorder, performsEffects: true)
        box.continuation = store.input
        let input = store.input
        if let file = options.file {
            let path = (file as NSString).expandingTildeInPath
            if FileManager.default.fileExists(atPath: path) { Self.open(path, input: input) }
            else { input.yield(.newFileOpened(path: path)) }
        }
        let orphans = recovery.orphans()
        if !orphans.isEmpty { input.yield(.recoveryOffered(orphans)) }
        input.yield(.chatConfigured(assistant.summary, error: assistant.configError))
        let services = live
        Task.detached {
            let sessions = services.chatSessions()
            input.yield(.chatSessionsListed(sessions))
            guard let newest = sessions.first else { return }
            do {
                let t = try services.chatLoad(newest.path)
                input.yield(.chatSessionLoaded(path: newest.path, messages: t.messages, problems: t.problems(newest.path)))
            } catch {
                input.yield(.notice("chat: \(error)"))
            }
        }
        if let err = chain.startError { input.yield(.paneFailed(.explorer, "no cluster: \(err) — try :cluster localnet")) }
        log.line(.info, "osvm-tui started — cluster \(Redact.url(url))")
    }

    /// A replay (`--replay`): the recording's seed and actions, no services.
    init(terminal: Terminal, replay recording: Recording, speed: Double) {
        self.terminal = terminal
        recovery = nil
        recorder = nil
        mailbox = FrameMailbox(wakeFD: terminal.wakeWrite)
        let mailboxForWake = mailbox
        outbox = TerminalOutbox(wake: { mailboxForWake.poke() })
        let state = recording.seed.initialState()
        lastState = state
        let mailbox = self.mailbox
        store = Store(state: state, services: .unavailable("not in a replay: it has no interpreter, network or files"),
                      publish: { mailbox.post($0) }, recorder: nil, performsEffects: false)
        feeder = ReplayFeeder(events: recording.events, speed: speed)
    }

    static func open(_ path: String, input: AsyncStream<Action>.Continuation) {
        do { input.yield(.fileOpened(path: path, text: try String(contentsOfFile: path, encoding: .utf8))) }
        catch { input.yield(.fileFailed("open \(path): " + FileProblem.describe(error, path: path))) }
    }

    static func clock() -> String {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return String(format: "%02d:%02d:%02d", tmv.tm_hour, tmv.tm_min, tmv.tm_sec)
    }

    func run() -> Int32 {
        let store = self.store
        Task.detached { await store.run() }
        if let feeder {
            feeder.start(store)
        } else {
            Task.detached { await store.startStatusRefresh() }
            Task.detached { await store.startNodeMonitor() }
        }
        while true {
            for event in terminal.wait() {
                // While a replay runs, the terminal's input is not the session's: a key
                // skips to the end, a resize waits for it.
                if let feeder, !feeder.finished {
                    switch event {
                    case .key, .click, .wheel, .paste, .pasteRefused: feeder.skip(); continue
                    case .resize: continue
                    default: break
                    }
                }
                switch event {
                case .key(let k): store.input.yield(.key(k))
                case .click(let x, let y): store.input.yield(.click(x: x, y: y))
                case .wheel(let x, let y, let up): store.input.yield(.wheel(x: x, y: y, up: up))
                case .paste(let text): store.input.yield(.paste(text))
                case .pasteRefused(let n): store.input.yield(.pasteRefused(bytes: n))
                case .resize(let w, let h): store.input.yield(.resize(width: w, height: h))
                case .suspend: suspend()
                case .resumed: terminal.resumeScreen(); draw(lastState)
                case .quit(let sig):
                    saveRecovery(lastState)
                    recorder?.flush()
                    exitMessage = "osvm-tui: terminated by signal \(sig)"
                    return 128 + sig
                case .wake:
                    let state = mailbox.take()
                    for bytes in outbox.take() { terminal.writeRaw(bytes) }
                    guard let s = state else { continue }
                    lastState = s
                    if s.quitting { saveRecovery(s); recovery?.release(); recorder?.flush(); return 0 }
                    if let feeder, feeder.finished, !replayEnded {
                        replayEnded = true
                        // The session goes on in this terminal, at its size.
                        if s.width != terminal.width || s.height != terminal.height {
                            store.input.yield(.resize(width: terminal.width, height: terminal.height))
                        }
                    }
                    if s.suspendRequests != seenSuspend {
                        seenSuspend = s.suspendRequests
                        // A recorded Ctrl-Z does not stop the process that replays it.
                        if feeder?.finished ?? true { suspend() }
                    }
                    draw(s)
                }
            }
        }
    }

    func draw(_ s: AppState) {
        var st = s
        st.width = terminal.width; st.height = terminal.height
        Renderer.render(st, into: &frame)
        terminal.draw(frame, theme: st.theme)
    }

    func suspend() {
        saveRecovery(lastState)
        terminal.suspend()
        draw(lastState)
    }

    /// Unsaved work survives quitting, signals and crashes of the session.
    func saveRecovery(_ s: AppState) {
        guard let recovery else { return }
        if s.discardOnQuit || !s.editor.modified { recovery.clear() }
        else { recovery.write(path: s.editor.path, text: s.editor.buffer.text) }
    }
}

/// Lets services created before the store send actions into it.
final class InputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _continuation: AsyncStream<Action>.Continuation?
    private var early: [Action] = []
    var continuation: AsyncStream<Action>.Continuation? {
        get { lock.withLock { _continuation } }
        set {
            let pending: [Action] = lock.withLock { _continuation = newValue; defer { early = [] }; return early }
            for a in pending { newValue?.yield(a) }
        }
    }
    func yield(_ a: Action) {
        let c: AsyncStream<Action>.Continuation? = lock.withLock {
            if _continuation == nil { early.append(a) }
            return _continuation
        }
        c?.yield(a)
    }
}
