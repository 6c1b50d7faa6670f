/// One OVSM session: the global environment, the host seam, limits and cancellation.
/// Not thread-safe: drive it from one thread at a time (see `InterpreterSession` for an
/// async, cancellable wrapper that owns a large-stack worker thread).
///
///     let interp = Interpreter(host: host)
///     let result = interp.run(source: "(+ 1 2)")   // .success([.int(3)])
public final class Interpreter {
    public let host: Host
    public let limits: Limits
    public let cancelFlag: CancelFlag

    /// Global bindings, indexed by symbol.
    var globals: [Symbol: GlobalCell] = [:]
    /// Current nesting of user calls, macro expansions and evals (spec §12).
    var depth = 0
    /// Steps (calls + loop iterations) until the next checkpoint (`Interpreter.checkpoint`):
    /// the hot paths only decrement and test the sign.
    var stepsLeft = 0
    /// Step budget left after the current countdown; nil when unlimited (spec §12).
    var budgetLeft: Int? = nil
    /// The process's peak resident size when this interpreter was made (memory limit base).
    let baselineRSS: Int
    /// Published to the printer and JSON writer while this interpreter runs.
    lazy var walkContext = WalkContext(maxText: limits.maxTextBytes, cancel: cancelFlag)
    var gensymCounter = 0
    /// Nesting of forms being compiled (code made by macros or `eval` can be deeper than
    /// the reader allows); bounded by `limits.maxDepth` like calls.
    var compileNesting = 0
    /// Macro expansions in progress at compile time, and the forms the outermost one may
    /// still produce (see `Limits.maxCodeSize`).
    var macroNesting = 0
    var expansionBudget = 0
    /// The frame top-level code runs in (global names live in cells, not here).
    let rootFrame = Frame.make(size: 0, parent: nil)
    /// Recycled call frames (see `FramePool`).
    let framePool: FramePool
    /// `return`/`break`/`continue`, allocated once (see `ControlSignals`).
    let signals = ControlSignals()
    /// `format`'s parsed control strings (see `Format.Cache`).
    let formatCache = Format.Cache()
    /// The keys array `assoc` made last by appending a new key (see `keysAppending`).
    var assocShape: (from: [String], key: String, to: [String])? = nil
    /// The attached debugger, if any (docs/DEBUGGER.md). Set it before running: the
    /// compiler instruments code only while one is attached, so code compiled without it
    /// carries no hooks and costs nothing.
    public var debugger: Debugger?

    public init(host: Host = Host(), limits: Limits = Limits(), cancelFlag: CancelFlag = CancelFlag()) {
        self.host = host
        self.limits = limits
        self.cancelFlag = cancelFlag
        framePool = FramePool(root: rootFrame)
        baselineRSS = MemoryUse.peakResidentBytes()
        if let b = limits.stepBudget {
            let chunk = max(0, min(b, Interpreter.checkpointInterval))
            stepsLeft = chunk
            budgetLeft = b - chunk
        } else {
            stepsLeft = Interpreter.checkpointInterval
        }
        installBuiltins()
    }

    deinit {
        framePool.destroy()
        // Globals may hold values nested deeper than this thread's stack can release.
        var g: [Symbol: GlobalCell] = [:]
        swap(&g, &globals)
        StackGuard.release(consume g)
    }

    func installBuiltins() {
        let builtins = Builtins.all + host.extraBuiltins
        // Sized once: grown from empty, the table was rehashed nine times on the way.
        globals.reserveCapacity(globals.count + builtins.reduce(0) { $0 + 1 + $1.aliases.count } + 64)
        for b in builtins {
            let f = Value.function(Function(builtin: b))
            for n in [b.name] + b.aliases {
                cell(for: Symbol.intern(n)).define(f)
            }
        }
    }

    /// The global cell for a symbol, created unbound on first mention (compile time).
    @inline(__always) func cell(for s: Symbol) -> GlobalCell {
        if let c = globals[s] { return c }
        let c = GlobalCell(symbol: s)
        globals[s] = c
        return c
    }

    /// Names with a global binding, sorted (REPL completion, `:env`).
    public var globalNames: [String] {
        globals.values.filter { $0.isBound }.map { $0.symbol.name }.sorted()
    }

    /// The value bound globally to `name`, if any.
    public func globalValue(_ name: String) -> Value? {
        guard let c = globals[Symbol.intern(name)], c.isBound else { return nil }
        return c.value
    }

    /// Binds a global (embedders use this to inject values).
    public func defineGlobal(_ name: String, _ value: Value) {
        cell(for: Symbol.intern(name)).define(value)
    }

    /// Docstring of a builtin or a user function with a docstring.
    public func documentation(for name: String) -> String? {
        Builtins.byName[name]?.doc ?? host.extraBuiltins.first { $0.name == name }?.doc
    }

    // MARK: services for builtins

    /// Appends text to the output stream.
    @inline(__always) public func write(_ text: String) { host.output(text) }

    /// Throws `limit` ("cancelled") when the host asked to stop.
    @inline(__always) public func checkCancel() throws {
        if cancelFlag.isCancelled { throw OVSMError.limit("cancelled") }
    }

    /// Cancellable sleep in ticks of at most 50 ms (spec §12).
    public func sleep(milliseconds ms: Int) throws {
        var left = ms
        try checkCancel()
        while left > 0 {
            let tick = min(left, 50)
            host.sleepMillis(tick)
            left -= tick
            try checkCancel()
        }
    }

    /// Calls a callable with arguments and returns its primary value.
    @inline(__always) public func apply(_ f: Value, _ args: [Value]) throws -> Value {
        try applyMV(f, args).primary
    }

    /// Calls a callable; multiple values pass through (spec §8.9: funcall/apply).
    public func applyMV(_ f: Value, _ args: [Value]) throws -> Value {
        switch f {
        case .function(let fn):
            switch fn.kind {
            case .builtin(let b):
                try b.checkArity(args.count)
                return try b.body(args, self)
            case .closure(let c):
                return try callClosure(c, args)
            }
        case .keyword(let k):
            guard args.count == 1 else { throw OVSMError.arity(":\(k.name): expected 1 argument, got \(args.count)") }
            return lookupField(args[0], k.name)
        case .object(let o):
            guard args.count == 1 else { throw OVSMError.arity("object call: expected 1 argument, got \(args.count)") }
            let key = try Arg.key(args[0], "object call")
            return o[key] ?? .null
        default:
            throw OVSMError.type("\(Printer.printForm(f)) is not a function (\(f.typeName))")
        }
    }

    /// `(get x key)` for keyword application: objects by key, null → null.
    func lookupField(_ target: Value, _ key: String) -> Value {
        if case .object(let o) = target { return o[key] ?? .null }
        return .null
    }
}

/// A global binding. Compiled code holds the cell, so a global reference costs one load.
final class GlobalCell {
    let symbol: Symbol
    /// Every assignment (`set`) bumps `version`, so compiled intrinsics can check "still the
    /// builtin I was compiled against" with one integer compare.
    private(set) var value: Value = .null
    /// The user closure in `value`, if any, unretained (`value` owns it): call sites read
    /// it without unpacking `value` and without reference counting.
    private(set) var closureRef: Unmanaged<Closure>?
    private(set) var version = 0
    var isBound = false
    var isConst = false
    init(symbol: Symbol) { self.symbol = symbol }

    @inline(never) private func refreshClosureRef() {
        closureRef = nil
        builtinRef = nil
        guard case .function(let f) = value else { return }
        switch f.kind {
        case .closure: closureRef = f.closureRef
        case .builtin(let b): builtinRef = Unmanaged.passUnretained(b)
        }
    }

    /// Sets an array value to null, releasing it through `ScalarArrayRelease` (a global
    /// array of numbers redefined in a loop is freed without a destroy per element).
    @inline(never) private func releaseArray() {
        withUnsafeMutablePointer(to: &value) { Frame.releaseArraySlot($0) }
    }

    /// The builtin in `value`, if any, unretained: builtins live for the whole process
    /// (`Builtins.all`) or as long as the host that supplied them.
    private(set) var builtinRef: Unmanaged<Builtin>?

    /// The value if it is an int, read in place.
    @inline(__always) var intValue: Int? {
        if case .int(let i) = value { return i }
        return nil
    }
    /// The value if it is a number, read in place.
    @inline(__always) var numberValue: Scalar? {
        switch value {
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        default: return nil
        }
    }
    @inline(__always) func define(_ v: Value) {
        set(v)
        isBound = true
    }

    /// Assigns an int over a scalar (the counters and accumulators of loops): nothing to
    /// release, no function to re-cache, so the store skips the outlined destroy/copy of a
    /// `Value`. Returns false (and stores nothing) otherwise.
    @inline(__always) func setIntOverScalar(_ i: Int) -> Bool {
        switch value {
        case .null, .bool, .int, .float:
            withUnsafeMutablePointer(to: &value) { $0.initialize(to: .int(i)) }
            version &+= 1
            return true
        default:
            return false
        }
    }

    /// The value's storage, for updates that move a non-function value out and back
    /// (`InPlaceUpdateNode`); such an update ends with `didAssignInPlace`.
    @inline(__always) func withValuePointer<R>(_ body: (UnsafeMutablePointer<Value>) throws -> R) rethrows -> R {
        try withUnsafeMutablePointer(to: &value) { try body($0) }
    }

    /// After an in-place update of a non-function value through `valuePointer`.
    @inline(__always) func didAssignInPlace() { version &+= 1 }

    /// Assigns the value. (A plain method rather than `didSet`: the setter stays inlined.)
    @inline(__always) func set(_ v: Value) {
        if case .array(let a) = value, a.count >= ScalarArrayRelease.minimumCount { releaseArray() }
        value = v
        version &+= 1
        if closureRef != nil || builtinRef != nil || v.isFunction { refreshClosureRef() }
    }
}
