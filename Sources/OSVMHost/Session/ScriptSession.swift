import Dispatch
import Foundation
import OVSMKit
import Synchronization

/// One OVSM session as every embedder runs it — `osvm ovsm run/eval`, the CLI REPL, the
/// workbench's REPL and editor, the assistant's `run_ovsm`: an interpreter, its host (output
/// sink, clock, RPC), one cancel flag shared by the evaluator and the RPC calls it waits on,
/// the Ctrl-C cycle (`InterruptGate`), limits (steps, memory, a wall-clock limit) and the
/// capabilities granted to scripts.
///
/// Evaluation runs on a large-stack thread (spec §12: deep recursion must reach the depth
/// limit, not the OS stack), one at a time; results are rendered and released there too
/// (values may nest millions deep, spec §16). The interpreter is created on first use, so
/// constructing a session costs nothing at start-up.
///
///     let session = ScriptSession(options: .init(rpc: .offline)) { print($0, terminator: "") }
///     let outcome = session.evaluate(source: "(+ 1 2)")      // outcome.value == "3"
///
/// Ctrl-C: call `submit()` when the user asks for an evaluation (Enter, F5) and
/// `interrupt(now:)` from the signal handler or key binding; a Ctrl-C between the two
/// stops the evaluation before it starts. Embedders that have no separate "asked" moment
/// (a script run) just call `evaluate`, which submits itself.
public final class ScriptSession: @unchecked Sendable {
    /// Where a script's RPC builtins go.
    public enum RPCSource: Sendable {
        /// RPC builtins fail with `rpc: offline`.
        case offline
        /// An http(s) URL or cluster name, with the per-call timeout and read retries.
        case endpoint(String, timeout: Double = 30, retries: Int = 0)
        /// The embedder's own call (the workbench routes through its switchable cluster);
        /// it receives the session's cancel flag.
        case custom(@Sendable (_ method: String, _ params: Value, _ cancel: CancelFlag) throws -> Value)
    }

    /// What scripts may do beyond computing (spec §13, §17.3).
    public struct Grants: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The RPC builtins reach `Options.rpc`.
        public static let rpc = Grants(rawValue: 1)
        /// `sleep` really waits (otherwise it returns at once).
        public static let sleep = Grants(rawValue: 2)
        /// `now` reads the wall clock (otherwise 0).
        public static let clock = Grants(rawValue: 4)
        /// `random` is random (otherwise a fixed 0.5).
        public static let random = Grants(rawValue: 8)
        public static let all: Grants = [.rpc, .sleep, .clock, .random]
    }

    public struct Options: Sendable {
        public var rpc: RPCSource
        public var grants: Grants
        /// Step budget, memory, text and output limits of spec §12.
        public var limits: Limits
        /// Seconds one evaluation may run before it is stopped with `limit`; nil = no limit.
        public var timeLimit: Double?
        /// Optional capabilities (spec §17.3: `http-get`, `llm-query`, …) and extra builtins.
        public var capabilities: [String: @Sendable ([Value]) throws -> Value]
        public var extraBuiltins: [Builtin]
        /// Fill `Outcome.globalNames` after each evaluation (the workbench completes from
        /// them); off by default: sorting ~500 names is wasted on a script run.
        public var reportGlobalNames: Bool
        /// Attached to the interpreter before anything is compiled (docs/DEBUGGER.md); the
        /// embedder drives it from another thread and calls `Debugger.finish()` once
        /// `evaluate` returns.
        public var debugger: Debugger?

        public init(rpc: RPCSource = .offline, grants: Grants = .all, limits: Limits = Limits(), timeLimit: Double? = nil,
                    capabilities: [String: @Sendable ([Value]) throws -> Value] = [:], extraBuiltins: [Builtin] = [],
                    reportGlobalNames: Bool = false, debugger: Debugger? = nil) {
            self.rpc = rpc
            self.grants = grants
            self.limits = limits
            self.timeLimit = timeLimit
            self.capabilities = capabilities
            self.extraBuiltins = extraBuiltins
            self.reportGlobalNames = reportGlobalNames
            self.debugger = debugger
        }
    }

    /// How one evaluation ended.
    public struct Outcome: Sendable {
        /// The rendered result (print forms of the last form's values, one per line); nil
        /// when the evaluation failed or produced no values.
        public var value: String?
        public var error: OVSMError?
        /// Ctrl-C (`interrupt`/`cancel`) ended it or stopped it before it started.
        public var interrupted = false
        /// The session's `timeLimit` stopped it.
        public var timedOut = false
        /// False when a Ctrl-C came between `submit` and the start: nothing ran.
        public var started = true
        /// The session's global names after the evaluation (with `reportGlobalNames`).
        public var globalNames: [String] = []

        public var succeeded: Bool { error == nil && started }

        public init(value: String? = nil, error: OVSMError? = nil, interrupted: Bool = false, timedOut: Bool = false,
                    started: Bool = true, globalNames: [String] = []) {
            self.value = value
            self.error = error
            self.interrupted = interrupted
            self.timedOut = timedOut
            self.started = started
            self.globalNames = globalNames
        }
    }

    public let options: Options
    /// Shared by the evaluator and host calls that wait (RPC), so Ctrl-C reaches both.
    public let cancelFlag = CancelFlag()
    private let output: @Sendable (String) -> Void
    /// Guards the Ctrl-C cycle (never held while evaluating).
    private let cycle = Mutex(InterruptGate())
    /// Serialises evaluations and every use of the interpreter.
    private let evalLock = NSLock()
    private var interpreter: Interpreter?
    /// The globals a fresh interpreter starts with (`definitions()` lists what differs),
    /// taken from a second interpreter when first needed: start-up does not pay for it.
    private var initialGlobals: [String: Value]?
    /// Set by the time-limit timer (a flag object: the timer closure must share it).
    private let timedOutFlag = CancelFlag()

    public init(options: Options = Options(), output: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.output = output
    }

    // MARK: - the Ctrl-C cycle

    /// An evaluation was requested (Enter, F5): from now on a Ctrl-C applies to it.
    public func submit() {
        cycle.withLock { gate in
            if gate.outstanding == 0 { cancelFlag.reset() }
            gate.submit()
        }
    }

    /// The submitted request started no evaluation (an incomplete form, a meta command);
    /// returns whether a Ctrl-C came meanwhile.
    @discardableResult
    public func settle() -> Bool { cycle.withLock { $0.settle() } }

    /// A Ctrl-C at `now` (seconds, monotonic). `.cancel` has already set the cancel flag.
    /// `atPrompt` runs under the cycle's lock when nothing is outstanding, so a caller can
    /// post the key to its line editor without racing a `submit`.
    public func interrupt(now: Double = ScriptSession.monotonicSeconds(), atPrompt: () -> Void = {}) -> InterruptGate.Response {
        cycle.withLock { gate in
            let r = gate.interrupt(now: now)
            if r == .cancel { cancelFlag.cancel() }
            if r == .atPrompt { atPrompt() }
            return r
        }
    }

    /// Cancels the outstanding evaluations (nothing when none is outstanding).
    public func cancel() { _ = interrupt() }

    /// `submit()`, unless `abandoned()` — checked under the lock `interrupt` runs under —
    /// says a Ctrl-C came first (a line editor's posted Ctrl-C key not read yet): then the
    /// request is dropped and true returned. No Ctrl-C falls between the check and the submit.
    public func submit(unlessAbandoned abandoned: () -> Bool) -> Bool {
        cycle.withLock { gate in
            if abandoned() { return true }
            if gate.outstanding == 0 { cancelFlag.reset() }
            gate.submit()
            return false
        }
    }

    public static func monotonicSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    // MARK: - evaluation

    /// Reads and evaluates `source`, blocking the caller until done (the work happens on a
    /// large-stack thread).
    public func evaluate(source: String) -> Outcome {
        evaluate { interp in interp.run(source: source) }
    }

    /// Evaluates forms already read (the REPL reads them to know a form is complete).
    public func evaluate(forms: [Datum]) -> Outcome {
        evaluate { interp in interp.run(forms: forms) }
    }

    /// `evaluate(source:)` on a thread of its own, for async callers (the workbench, the
    /// assistant): the cooperative pool never blocks on a script.
    public func evaluateDetached(source: String) async -> Outcome {
        await withCheckedContinuation { (cont: CheckedContinuation<Outcome, Never>) in
            Thread { [self] in cont.resume(returning: evaluate(source: source)) }.start()
        }
    }

    private func evaluate(_ run: @escaping (Interpreter) -> EvalOutcome) -> Outcome {
        let allowed = cycle.withLock { gate -> Bool in
            if gate.outstanding == 0 { cancelFlag.reset() }
            return gate.begin()
        }
        guard allowed else {
            let names = options.reportGlobalNames ? evalLock.withLock { interpreter?.globalNames ?? [] } : []
            finishCycle()
            return Outcome(value: nil, error: nil, interrupted: true, started: false, globalNames: names)
        }
        evalLock.lock()
        let timer = startTimer()
        var outcome = LargeStack.value { [self] () -> Outcome in
            let interp = self.session()
            var result = Outcome()
            switch run(interp) {
            case .failure(let e):
                result.error = e
            case .success(let values):
                switch interp.render(values) {   // bounded by the text limit and Ctrl-C
                case .success(let text): result.value = values.isEmpty ? nil : text
                case .failure(let e): result.error = e
                }
            }
            if self.options.reportGlobalNames { result.globalNames = interp.globalNames }
            return result
        }
        timer?.cancel()
        evalLock.unlock()
        let interrupted = finishCycle()
        if timedOutFlag.isCancelled, outcome.error?.category == .limit {
            timedOutFlag.reset()
            outcome.timedOut = true
            outcome.error = OVSMError.limit("stopped after the \(Self.seconds(options.timeLimit ?? 0)) time limit")
        } else if interrupted, outcome.error?.category == .limit {
            outcome.interrupted = true
        }
        return outcome
    }

    /// Ends the cycle; returns whether a Ctrl-C interrupted it. The flag is cleared once
    /// nothing is outstanding, so a late Ctrl-C does not leak into the next evaluation.
    @discardableResult
    private func finishCycle() -> Bool {
        cycle.withLock { gate in
            let interrupted = gate.end()
            if gate.outstanding == 0 { cancelFlag.reset() }
            return interrupted
        }
    }

    private func startTimer() -> DispatchWorkItem? {
        guard let limit = options.timeLimit, limit > 0 else { return nil }
        timedOutFlag.reset()
        let flag = cancelFlag
        let timedOut = timedOutFlag
        let item = DispatchWorkItem {
            timedOut.cancel()
            flag.cancel()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: item)
        return item
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    // MARK: - the interpreter

    /// The interpreter (call with `evalLock` held, on a large-stack thread).
    private func session() -> Interpreter {
        if let i = interpreter { return i }
        let i = Interpreter(host: makeHost(), limits: options.limits, cancelFlag: cancelFlag)
        i.debugger = options.debugger
        interpreter = i
        return i
    }

    private func makeHost() -> OVSMKit.Host {
        let g = options.grants
        var host: OVSMKit.Host
        switch options.rpc {
        case .endpoint(let url, let timeout, let retries) where g.contains(.rpc):
            host = LiveHost.make(rpcURL: url, timeout: timeout, retries: retries, cancel: cancelFlag, output: output)
        case .custom(let call) where g.contains(.rpc):
            host = LiveHost.make(rpcURL: nil, output: output)
            let flag = cancelFlag
            host.rpc = { method, params in try call(method, params, flag) }
        default:
            host = LiveHost.make(rpcURL: nil, output: output)
        }
        if !g.contains(.sleep) { host.sleepMillis = { _ in } }
        if !g.contains(.clock) { host.nowMillis = { 0 } }
        if !g.contains(.random) { host.random = { 0.5 } }
        host.capabilities = options.capabilities
        host.extraBuiltins = options.extraBuiltins
        return host
    }

    /// Forgets every definition: the next evaluation starts a fresh interpreter (REPL `:reset`).
    public func reset() {
        evalLock.withLock {
            var old = interpreter
            interpreter = nil
            // Released on a large stack: its globals may hold deeply nested values.
            if old != nil { LargeStack.run { old = nil } }
        }
    }

    /// Runs `body` with the interpreter, between evaluations, on a large-stack thread
    /// (reading globals, documentation).
    public func inspect<T>(_ body: @escaping (Interpreter) -> T) -> T {
        evalLock.withLock { LargeStack.value { [self] in body(self.session()) } }
    }

    public var globalNames: [String] { inspect { $0.globalNames } }

    public func documentation(for name: String) -> String? { inspect { $0.documentation(for: name) } }

    /// The globals this session defined or changed (REPL `:env`), with their print forms
    /// cut to `width` characters.
    public func definitions(width: Int = 70) -> [(name: String, value: String)] {
        inspect { [self] interp in
            if initialGlobals == nil {
                let fresh = Interpreter(host: makeHost(), limits: options.limits)
                var initial: [String: Value] = [:]
                for name in fresh.globalNames {
                    if let v = fresh.globalValue(name) { initial[name] = v }
                }
                initialGlobals = initial
            }
            var out: [(String, String)] = []
            for name in interp.globalNames {
                guard let v = interp.globalValue(name), !isInitial(name, v) else { continue }
                out.append((name, Self.oneLine(Printer.printForm(v), width: width)))
            }
            return out
        }
    }

    /// Whether a global still holds what a fresh interpreter gave it.
    private func isInitial(_ name: String, _ value: Value) -> Bool {
        guard let original = initialGlobals?[name] else { return false }
        switch (original, value) {
        case (.function(let a), .function(let b)):
            // The fresh interpreter has its own wrappers around the same builtins.
            if case .builtin(let x) = a.kind, case .builtin(let y) = b.kind { return x === y || x.name == y.name }
            return a === b
        case (.function, _), (_, .function): return false
        default: return Printer.printForm(original) == Printer.printForm(value)
        }
    }

    /// One line, at most `width` characters.
    public static func oneLine(_ s: String, width: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count <= width ? flat : String(flat.prefix(max(1, width - 1))) + "…"
    }

    deinit {
        // A session dropped on a small stack must not release deep globals there.
        var last = interpreter
        interpreter = nil
        if last != nil { LargeStack.run { last = nil } }
    }
}
