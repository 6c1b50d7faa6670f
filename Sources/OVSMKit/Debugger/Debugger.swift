import Foundation

/// An OVSM debugger: breakpoints by line, stepping, locals, watches, evaluation in the
/// paused frame (docs/DEBUGGER.md).
///
/// Attach it before compiling (`Interpreter.debugger`, or `ScriptSession.Options.debugger`):
/// only then does the compiler wrap each list form in a step node that calls back here, so
/// an interpreter without a debugger runs exactly the code it always ran.
///
/// Two threads meet here. The evaluator thread calls the hooks; to pause it blocks inside
/// the hook, serving the controller's requests (evaluate an expression, resume) on its own
/// thread, so the interpreter is only ever touched by the thread that runs it. The
/// controller (a CLI loop, the workbench) calls the public methods from any thread.
///
///     let dbg = Debugger(breakpoints: [3])
///     // evaluator thread: session.evaluate(source:) with options.debugger = dbg, then dbg.finish()
///     if case .paused(let p) = dbg.waitForStop() { print(p.line, p.locals) }
///     dbg.evaluate("(* n 2)")      // runs in the paused frame
///     dbg.resume(.stepOver)
///
/// `@unchecked Sendable`: the state both threads touch (`shared`) is only read or written
/// with `cond` locked; the evaluator's bookkeeping (`calls`, `mode`, `evaluating`) is only
/// touched by the thread running the program, which is one thread at a time.
public final class Debugger: @unchecked Sendable {
    /// Print forms of locals and results are cut to this many characters.
    public static let maxValueLength = 300

    enum State {
        case idle
        case running
        case paused(DebugPause)
        case finished
    }

    enum Request {
        case evaluate(String)
        case resume(DebugAction)
    }

    /// Shared between controller and evaluator; guarded by `cond`.
    struct Shared {
        var state = State.idle
        var breakpoints: Set<Int> = []
        var watches: [String] = []
        var pauseRequested = false
        /// How the run goes on when it starts (before any pause).
        var startAction = DebugAction.continue
        var request: Request? = nil
        var response: DebugValue? = nil
        var pauseCount = 0
    }

    let cond = NSCondition()
    var shared = Shared()

    // Evaluator-thread state (see the class comment).
    struct ActiveCall {
        let name: String
        var line: Int?
        /// Lines of the step nodes running in this call, innermost last: a form starts a
        /// new line unless the innermost running form is on its line (so the second call
        /// in `(+ (f x) (f y))` does not stop again, but each pass of a loop body does).
        var forms: [Int] = []
    }
    var calls: [ActiveCall] = []
    enum Mode {
        case run
        case stepIn
        case stepOver(depth: Int)
        case stepOut(depth: Int)
    }
    var mode = Mode.run
    /// Nonzero while the debugger itself evaluates (watches, `evaluate`): hooks stay quiet.
    var evaluating = 0

    public init(breakpoints: Set<Int> = []) {
        shared.breakpoints = breakpoints
    }

    private func locked<T>(_ body: (inout Shared) -> T) -> T {
        cond.lock()
        defer { cond.unlock() }
        return body(&shared)
    }

    // MARK: - controller side

    public var breakpoints: Set<Int> { locked { $0.breakpoints } }
    public func setBreakpoint(line: Int) { locked { _ = $0.breakpoints.insert(line) } }
    @discardableResult
    public func removeBreakpoint(line: Int) -> Bool { locked { $0.breakpoints.remove(line) != nil } }

    public var watches: [String] { locked { $0.watches } }
    /// Adds a watch expression, evaluated in the paused frame at every pause.
    public func addWatch(_ expression: String) { locked { $0.watches.append(expression) } }
    /// Removes the watch at `index` (0-based); false when there is none.
    @discardableResult
    public func removeWatch(at index: Int) -> Bool {
        locked { s in
            guard s.watches.indices.contains(index) else { return false }
            s.watches.remove(at: index)
            return true
        }
    }

    /// Pauses the running program at its next form.
    public func requestPause() { locked { $0.pauseRequested = true } }

    /// How the next run starts: `.stepIn` stops at its first line.
    public func setStartAction(_ action: DebugAction) { locked { $0.startAction = action } }

    public var isPaused: Bool {
        locked { if case .paused = $0.state { return true } else { return false } }
    }
    public var isFinished: Bool {
        locked { if case .finished = $0.state { return true } else { return false } }
    }

    /// Blocks until the program pauses or ends; nil when `timeout` seconds pass first.
    public func waitForStop(timeout: Double? = nil) -> DebugStop? {
        let deadline = timeout.map { Date(timeIntervalSinceNow: $0) }
        cond.lock()
        defer { cond.unlock() }
        while true {
            switch shared.state {
            case .paused(let p): return .paused(p)
            case .finished: return .finished
            case .idle, .running:
                if let deadline {
                    if !cond.wait(until: deadline) { return nil }
                } else {
                    cond.wait()
                }
            }
        }
    }

    /// Lets a paused program go on; false when it is not paused.
    @discardableResult
    public func resume(_ action: DebugAction) -> Bool {
        locked { s in
            guard case .paused = s.state else { return false }
            s.request = .resume(action)
            s.state = .running
            cond.broadcast()
            return true
        }
    }

    /// Evaluates OVSM source in the paused frame (its locals, then the globals), on the
    /// evaluator thread; blocks until done. Errors come back as `.error`.
    public func evaluate(_ source: String) -> DebugValue {
        cond.lock()
        defer { cond.unlock() }
        guard case .paused = shared.state else { return .error("the program is not paused") }
        while shared.request != nil { cond.wait() }   // another controller thread's request
        shared.response = nil
        shared.request = .evaluate(source)
        cond.broadcast()
        while shared.response == nil {
            if case .paused = shared.state { cond.wait() } else { return .error("the program stopped") }
        }
        let r = shared.response!
        shared.response = nil
        return r
    }

    /// The run ended: wakes `waitForStop`. Embedders call it after the evaluation returns
    /// (`ScriptSession` does).
    public func finish() {
        locked { s in
            s.state = .finished
            s.request = nil
            cond.broadcast()
        }
    }

    // MARK: - evaluator side (called by the step nodes, on the evaluator thread)

    /// A run starts: the outermost frame is the program, the start action sets the mode.
    func beginRun() {
        calls = [ActiveCall(name: "<top level>", line: nil)]
        evaluating = 0
        let start = locked { s -> DebugAction in
            s.state = .running
            s.pauseCount = 0
            return s.startAction
        }
        setMode(start)
    }

    private func setMode(_ action: DebugAction) {
        switch action {
        case .continue, .stop: mode = .run
        case .stepIn: mode = .stepIn
        case .stepOver: mode = .stepOver(depth: calls.count)
        case .stepOut: mode = .stepOut(depth: calls.count)
        }
    }

    /// A function body starts; false when no run is being debugged (nothing to undo).
    func enterCall(_ name: String) -> Bool {
        if calls.isEmpty { return false }
        calls.append(ActiveCall(name: name, line: nil))
        return true
    }
    func leaveCall() { calls.removeLast() }

    /// A form starts running: whether it starts a new line of its call (see `ActiveCall.forms`).
    func enterForm(_ line: Int) -> Bool? {
        let top = calls.count - 1
        if top < 0 { return nil }
        let isNew = calls[top].forms.last != line
        calls[top].forms.append(line)
        return isNew
    }
    func leaveForm() { calls[calls.count - 1].forms.removeLast() }

    /// Before a form runs: pause when a breakpoint, a step or a pause request says so.
    func before(_ site: DebugSite, _ env: Frame, _ interp: Interpreter, newLine: Bool) throws {
        if evaluating > 0 { return }
        let line = site.span.line
        let depth = calls.count
        calls[depth - 1].line = line
        let (requested, atBreakpoint) = locked { s -> (Bool, Bool) in
            let r = s.pauseRequested
            s.pauseRequested = false
            return (r, newLine && s.breakpoints.contains(line))
        }
        let reason: PauseReason
        if requested {
            reason = .requested
        } else if atBreakpoint {
            reason = .breakpoint
        } else {
            switch mode {
            case .run, .stepOut: return
            case .stepIn: guard newLine else { return }
            case .stepOver(let d): guard newLine, depth <= d else { return }
            }
            reason = .step
        }
        try pause(reason, site, env, interp)
    }

    /// After a form gave `value`: a pending step-out stops once back in the caller.
    func after(_ site: DebugSite, _ env: Frame, _ interp: Interpreter, _ value: Value) throws {
        guard evaluating == 0, case .stepOut(let d) = mode, calls.count < d else { return }
        try pause(.returned(Self.cut(Printer.printForm(value))), site, env, interp)
    }

    /// Blocks the evaluator until the controller resumes it, serving its evaluations
    /// meanwhile. A cancelled run (Ctrl-C, `stop`) leaves with the `cancelled` error.
    private func pause(_ reason: PauseReason, _ site: DebugSite, _ env: Frame, _ interp: Interpreter) throws {
        let watchList = locked { $0.watches }
        let watches = watchList.map { DebugWatch(expression: $0, value: evaluateHere($0, site, env, interp)) }
        let locals = site.locals.compactMap { l -> DebugLocal? in
            let v = env.ancestor(l.depth)[l.index]
            if Unbound.isUnbound(v) { return nil }
            return DebugLocal(name: l.name, value: Self.cut(Printer.printForm(v)))
        }
        let stack = calls.reversed().map { DebugStackFrame(function: $0.name, line: $0.line) }
        cond.lock()
        shared.pauseCount += 1
        shared.state = .paused(DebugPause(line: site.span.line, column: site.span.column, reason: reason,
                                          stack: stack, locals: locals, watches: watches, serial: shared.pauseCount))
        shared.request = nil
        cond.broadcast()
        while true {
            // Timed waits: the cancel flag is polled, it has no way to wake us.
            while shared.request == nil, !interp.cancelFlag.isCancelled {
                _ = cond.wait(until: Date(timeIntervalSinceNow: 0.05))
            }
            guard let request = shared.request else {
                shared.state = .running
                cond.broadcast()   // a controller waiting in `evaluate` gives up
                cond.unlock()
                throw OVSMError(.limit, "cancelled", span: site.span)
            }
            switch request {
            case .evaluate(let source):
                cond.unlock()
                let result = evaluateHere(source, site, env, interp)
                cond.lock()
                shared.request = nil
                shared.response = result
                cond.broadcast()
            case .resume(let action):
                shared.request = nil
                cond.unlock()
                if action == .stop {
                    interp.cancelFlag.cancel()
                    throw OVSMError(.limit, "stopped in the debugger", span: site.span)
                }
                setMode(action)
                return
            }
        }
    }

    /// Compiles `source` against the paused form's scope and runs it in a frame whose
    /// parent is the paused one: locals resolve as the paused code's would, and anything the
    /// expression declares gets slots of its own (the paused frame's size is fixed).
    func evaluateHere(_ source: String, _ site: DebugSite, _ env: Frame, _ interp: Interpreter) -> DebugValue {
        evaluating += 1
        defer { evaluating -= 1 }
        let forms: [Datum]
        switch Reader.readProgram(source) {
        case .failure(let e): return .error(e.description)
        case .success(let f): forms = f
        }
        if forms.isEmpty { return .error("nothing to evaluate") }
        let savedDepth = interp.depth
        defer { interp.depth = savedDepth }
        do {
            let value: Value
            if let scope = site.scope {
                let inner = Scope(parent: scope, function: scope.function)
                let compiler = Compiler(interp)
                compiler.predeclareDefines(forms[...], inner)
                let code = try compiler.compileBody(forms[...], Ctx(scope: inner, loop: nil, tail: false))
                value = try code(Frame.make(size: inner.count, parent: env))
            } else {
                var last = Value.null
                for form in forms {
                    last = try Compiler(interp).compile(form, Ctx(scope: nil, loop: nil, tail: false))(interp.rootFrame)
                }
                value = last
            }
            return .value(Self.cut(Printer.printForm(value.primary)))
        } catch {
            return .error(interp.topLevelError(error).description)
        }
    }

    static func cut(_ s: String) -> String {
        s.count <= maxValueLength ? s : String(s.prefix(maxValueLength - 1)) + "…"
    }
}

/// What a step node knows about its form, fixed at compile time: where it is and which
/// names are visible there (name → frame address), with the scope to compile
/// evaluations against.
final class DebugSite {
    struct Local {
        let name: String
        let depth: Int
        let index: Int
    }
    let span: SourceSpan
    let locals: [Local]
    let scope: Scope?

    init(span: SourceSpan, scope: Scope?) {
        self.span = span
        self.scope = scope
        // Innermost first while collecting (an inner name hides an outer one), shown
        // outermost first.
        var seen: Set<String> = []
        var found: [[Local]] = []
        var depth = 0
        var cur = scope
        while let s = cur {
            var here: [Local] = []
            for (sym, slot) in s.bindings().reversed() where !seen.contains(sym.name) {
                seen.insert(sym.name)
                here.append(Local(name: sym.name, depth: depth, index: slot))
            }
            found.append(here.reversed())
            depth += 1
            cur = s.parent
        }
        locals = found.reversed().flatMap { $0 }
    }
}
