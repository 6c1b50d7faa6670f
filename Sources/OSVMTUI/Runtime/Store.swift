import Assistant
import Foundation
import OSVMSettings
import OVSMKit
/// The one owner of `AppState`. Actions arrive in order through `input` (keys from the
/// terminal thread, log batches, service results); each runs through `Update`, the new
/// state is published to the renderer, and effects run through `Services`.
public actor Store {
    public private(set) var state: AppState
    let services: Services
    let publish: @Sendable (AppState) -> Void
    public nonisolated let input: AsyncStream<Action>.Continuation
    let stream: AsyncStream<Action>
    var ticking = false
    var recoveryTask: Task<Void, Never>?
    var lookupTask: Task<Void, Never>?
    var chatTask: Task<Void, Never>?
    var nodesTask: Task<Void, Never>?
    var deployTask: Task<Void, Never>?
    /// The debugger of the debug run in progress (docs/DEBUGGER.md, "In the workbench").
    var debugger: Debugger?
    var debugCancel: DebugRunCancel?
    /// `--record`: every action reduced here is written to it, in order.
    let recorder: SessionRecorder?
    /// false while a replay runs: effects are dropped (the recording holds the services'
    /// replies); the session after the replay performs them (with unavailable services).
    private(set) var performsEffects: Bool

    public init(state: AppState, services: Services, publish: @escaping @Sendable (AppState) -> Void) {
        self.init(state: state, services: services, publish: publish, recorder: nil, performsEffects: true)
    }

    init(state: AppState, services: Services, publish: @escaping @Sendable (AppState) -> Void,
         recorder: SessionRecorder?, performsEffects: Bool) {
        self.state = state
        self.services = services
        self.publish = publish
        self.recorder = recorder
        self.performsEffects = performsEffects
        (stream, input) = AsyncStream<Action>.makeStream()
    }

    /// Consumes `input` until it finishes.
    public func run() async {
        publish(state)
        let s = services
        let input = self.input
        if performsEffects {
            Task.detached { input.yield(.globalNamesLoaded(await s.globalNames())) }
            Task.detached { input.yield(.chatToolsReady(await s.chatTools())) }
        }
        for await a in stream { send(a) }
    }

    public func send(_ action: Action) {
        if case .debugFinished = action { debugger = nil; debugCancel = nil }
        let effects: [Effect]
        if let recorder {
            recorder.record(action)
            let lastDrawn: AppState?
            (effects, lastDrawn) = SessionReplay.reduce(&state, action)
            // The trailer holds the screen the user saw last: a quitting state is not drawn.
            if let lastDrawn { recorder.end(screen: SessionReplay.screen(lastDrawn)) }
        } else {
            effects = Update.reduce(&state, action)
        }
        publish(state)
        guard performsEffects else { return }
        for e in effects { perform(e) }
    }

    /// The replay is over: from now on effects run, through this store's services.
    func startEffects() { performsEffects = true }

    /// A replayed action (`--replay`): applied as `SessionReplay` does. false: it quit the
    /// recorded session, so it is not applied (the replay stays on the last screen).
    func replay(_ action: Action) -> Bool {
        guard SessionReplay.apply(&state, action) else { return false }
        publish(state)
        return true
    }

    /// Reads `q` as the one explorer lookup in flight (a newer one cancels it); its answer
    /// arrives as `loaded(view)`, a failure as `explorerFailed` with `failure` before it.
    private func runLookup(_ q: ExplorerQuery, failure: String, _ loaded: @escaping @Sendable (ExplorerView) -> Action) {
        let s = services, input = self.input
        lookupTask?.cancel()
        lookupTask = Task.detached {
            do {
                let v = try await s.lookup(q)
                if !Task.isCancelled { input.yield(loaded(v)) }
            } catch {
                if !Task.isCancelled { input.yield(.explorerFailed(failure + "\(error)")) }
            }
        }
    }

    func perform(_ e: Effect) {
        let s = services
        let input = self.input
        switch e {
        case .evaluate(let source, let origin):
            s.evaluationSubmitted()             // before any later Ctrl-C is handled
            Task.detached { input.yield(.evalFinished(origin, await s.evaluate(source))) }
        case .cancelEvaluation:
            s.cancelEvaluation()
        case .readFile(let path):
            Task.detached {
                do { input.yield(.fileOpened(path: path, text: try await s.readFile(path))) }
                catch {
                    if FileProblem.isMissing(path) { input.yield(.newFileOpened(path: path)) }
                    else { input.yield(.fileFailed("open \(path): " + FileProblem.describe(error, path: path))) }
                }
            }
        case .writeFile(let path, let text):
            Task.detached {
                do { try await s.writeFile(path, text); input.yield(.fileSaved(path: path)) }
                catch { input.yield(.fileFailed("save \(path): " + FileProblem.describe(error, path: path, writing: true))) }
            }
        case .saveRecovery(let immediate):
            recoveryTask?.cancel()
            if immediate { flushRecovery(); return }
            // Coalesced: typing writes the buffer at most every 300 ms, read when written.
            recoveryTask = Task.detached { [weak self] in
                await s.sleep(.milliseconds(300))
                if !Task.isCancelled { await self?.flushRecovery(inBackground: true) }
            }
        case .clearRecovery:
            recoveryTask?.cancel()
            s.clearRecovery()
        case .adoptRecovery(let o):
            s.adoptRecovery(o)
        case .discardRecovery(let o):
            s.discardRecovery(o)
        case .lookup(let q):
            runLookup(q, failure: "") { .explorerLoaded($0) }
        case .refreshLookup(let q):
            runLookup(q, failure: "refresh: ") { .explorerRefreshed($0) }
        case .loadSignatures(let address, let before):
            Task.detached {
                do {
                    let page = try await s.signatures(address, before)
                    input.yield(.explorerMoreSignatures(address: address, page.rows, more: page.more))
                } catch {
                    input.yield(.explorerFailed("load more: \(error)"))
                }
            }
        case .copyToClipboard(let text):
            s.copyToClipboard(text)
        case .refreshStatus:
            Task.detached { input.yield(.statusUpdated(await s.status())) }
        case .runDoctor:
            Task.detached { input.yield(.doctorResults(await s.doctor())) }
        case .rpcQuery(let what):
            Task.detached {
                do { input.yield(.notice("rpc \(what): " + (try await s.rpcQuery(what)))) }
                catch { input.yield(.notice("rpc \(what): \(error)")) }
            }
        case .setCluster(let name):
            do {
                let st = try s.setCluster(name)
                send(.statusUpdated(st))
                send(.notice("cluster \(st.cluster) (\(Redact.url(st.url)))"))
                perform(.refreshStatus)
            } catch {
                send(.notice("cluster: \(error)"))
            }
        case .loadTheme(let name):
            send(.themeLoaded(s.loadTheme(name), name: name))
        case .saveLog(let path, let text):
            Task.detached {
                do { try await s.writeFile(path, text); input.yield(.notice("log saved to \(path)")) }
                catch { input.yield(.notice("log save \(path): \(error)")) }
            }
        case .appendHistory(let line):
            s.appendHistory(line)
        case .startTicking:
            guard !ticking else { return }
            ticking = true
            Task.detached { [weak self] in
                while let self, await self.state.busy {
                    await s.sleep(.milliseconds(100))
                    input.yield(.tick)
                }
                await self?.stopTicking()
            }
        case .chatSend(let run, let session, let messages):
            chatTask?.cancel()
            let r = s.chatRun(session, messages)
            if session == nil, let p = r.session { send(.chatSessionCreated(path: p)) }
            chatTask = Task.detached {
                for await e in r.events { input.yield(.chatEvent(run: run, e)) }
                input.yield(.chatFinished(run: run))
            }
        case .chatCancel:
            chatTask?.cancel()
            chatTask = nil
            s.chatCancel()
        case .chatApprove(let d):
            s.chatApprove(d)
        case .chatListSessions:
            Task.detached { input.yield(.chatSessionsListed(s.chatSessions())) }
        case .chatOpenSession(let path):
            Task.detached {
                do {
                    let t = try s.chatLoad(path)
                    input.yield(.chatSessionLoaded(path: path, messages: t.messages, problems: t.problems(path)))
                }
                catch { input.yield(.notice("chat: \(error)")) }
            }
        case .deployStart(let run, let order):
            deployTask?.cancel()
            deployTask = Task.detached {
                for await u in s.deploy(order) { input.yield(.deployUpdate(run: run, u)) }
                input.yield(.deployFinished(run: run))
            }
        case .deployCancel:
            deployTask?.cancel()
            deployTask = nil
        case .reloadNodes:
            nodesTask?.cancel()
            nodesTask = nil
            startNodeMonitor()
        case .suspend, .quit:
            break   // the terminal loop sees these in the published state / events
        case .debugStart(let order):
            let dbg = Debugger(breakpoints: order.breakpoints)
            for w in order.watches { dbg.addWatch(w) }
            if order.stopAtStart { dbg.setStartAction(.stepIn) }
            let cancel = DebugRunCancel()
            debugger = dbg
            debugCancel = cancel
            Self.awaitStop(dbg, input)
            Task.detached {
                let r = await s.debugRun(order.source, dbg, cancel)
                dbg.finish()               // (again: a test's runner may not)
                input.yield(.debugFinished(r))
            }
        case .debugResume(let action):
            guard let dbg = debugger, dbg.resume(action) else { return }
            Self.awaitStop(dbg, input)
        case .debugPause:
            debugger?.requestPause()
        case .debugCancel:
            debugCancel?.cancel()
        case .debugEvaluate(let source, let target):
            guard let dbg = debugger else { send(.debugEvaluated(target, .error("the program is not paused"))); return }
            // `evaluate` blocks until the evaluator thread has run it: a thread of its own.
            Thread { input.yield(.debugEvaluated(target, dbg.evaluate(source))) }.start()
        case .debugBreakpoints(let lines):
            guard let dbg = debugger else { return }
            for l in dbg.breakpoints where !lines.contains(l) { dbg.removeBreakpoint(line: l) }
            for l in lines { dbg.setBreakpoint(line: l) }
        case .debugWatches(let watches):
            guard let dbg = debugger else { return }
            while dbg.removeWatch(at: 0) {}
            for w in watches { dbg.addWatch(w) }
        }
    }

    /// Waits for the run's next pause on a thread of its own (`waitForStop` blocks; the
    /// evaluator thread is the one paused) and posts it. The end of the run is posted by
    /// the run's task, with its result.
    nonisolated static func awaitStop(_ dbg: Debugger, _ input: AsyncStream<Action>.Continuation) {
        Thread {
            if case .paused(let p)? = dbg.waitForStop() { input.yield(.debugPaused(p)) }
        }.start()
    }

    func stopTicking() { ticking = false }

    /// Writes the editor buffer to the recovery file (or removes it when saved). Before an
    /// evaluation it is written now; the coalesced writes while typing go to the
    /// background with a copy of the buffer (a copy shares the buffer's chunks), so a
    /// 50 MB buffer is turned into text and written off the actor that handles keys.
    func flushRecovery(inBackground: Bool = false) {
        recoveryTask = nil
        guard state.editor.modified else { services.clearRecovery(); return }
        if inBackground {
            let buffer = state.editor.buffer
            services.writeRecoveryLater(state.editor.path) { buffer.text }
        } else {
            services.writeRecovery(state.editor.path, state.editor.buffer.text)
        }
    }

    /// Lists the registered nodes and feeds the fleet's readings in (SSH probes run only
    /// for registered nodes; Prometheus may know nodes the registry does not).
    public func startNodeMonitor() {
        let s = services
        let input = self.input
        let (nodes, error) = s.nodes()
        send(.nodesListed(nodes, error: error))
        guard nodesTask == nil else { return }
        nodesTask = Task.detached {
            for await reading in s.nodeSnapshots() { input.yield(.fleet(reading)) }
        }
    }

    /// Refreshes the header every `interval` (a timer, not polling: idle between refreshes).
    public func startStatusRefresh() {
        guard let interval = services.statusInterval else { return }
        let s = services
        let input = self.input
        Task.detached {
            while !Task.isCancelled {
                let st = await s.status()
                input.yield(.statusUpdated(st))
                // Unreachable cluster: back off instead of logging a failure every few seconds.
                await s.sleep(st.connected == false ? interval * 6 : interval)
            }
        }
    }
}
