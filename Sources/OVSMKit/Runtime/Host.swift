import Synchronization

/// The only I/O seam of OVSMKit (ARCHITECTURE.md): the embedder injects output, clock,
/// sleep, randomness, RPC and the optional capabilities of spec §17.3. OVSMKit itself never
/// prints, reads a clock or touches the network.
///
///     var host = Host()
///     host.output = { text in FileHandle.standardOutput.write(Data(text.utf8)) }
///     let interp = Interpreter(host: host)
public struct Host: Sendable {
    /// Receives program output text, in order (may be partial lines; `log` sends whole lines).
    public var output: @Sendable (String) -> Void = { _ in }
    /// Wall clock in milliseconds since the Unix epoch.
    public var nowMillis: @Sendable () -> Int = { 0 }
    /// Blocks the evaluating thread for at most `ms` milliseconds (called in ≤ 50 ms ticks).
    public var sleepMillis: @Sendable (Int) -> Void = { _ in }
    /// Uniform random double in [0, 1).
    public var random: @Sendable () -> Double = { 0.5 }
    /// One JSON-RPC call: method and params (an array value) → the `result` member.
    /// Throw `OVSMError(.user, "rpc: <method>: <detail>")` on failure. nil = offline.
    public var rpc: (@Sendable (_ method: String, _ params: Value) throws -> Value)?
    /// Granted capabilities of spec §17.3, keyed by builtin name (`http-get`, `llm-query`, …).
    public var capabilities: [String: @Sendable ([Value]) throws -> Value] = [:]
    /// Extra global builtins provided by the embedder (e.g. MCP tools), bound at start.
    public var extraBuiltins: [Builtin] = []

    public init() {}
}

/// Set from any thread (Ctrl-C, a UI action) to stop a running evaluation with a `limit`
/// error; the evaluator polls it on every call, loop iteration and sleep tick.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public func reset() { flag.store(false, ordering: .relaxed) }
    @inline(__always) public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// Resource limits of spec §12.
public struct Limits: Sendable {
    /// Nested user calls + macro expansions + evals.
    public var maxDepth = 10_000
    /// Optional step budget (function calls + loop iterations, and work builtins do in
    /// proportion to their input: regex matching, array copies one step per 64 elements);
    /// nil = unlimited.
    public var stepBudget: Int? = nil
    /// Growth of the process's peak resident memory a run may cause before it stops with
    /// `limit` (checked every few thousand steps); nil = unlimited. The default keeps a
    /// runaway script (or a value nested millions deep) from taking the machine down.
    public var maxMemoryBytes: Int? = 4 << 30
    /// Longest text one `str`, `join`, `concat` or `json-stringify` may build, and where
    /// printing a value stops; more is `limit`.
    public var maxTextBytes = 256 << 20
    /// Maximum output bytes kept by collectors such as `--json` (embedder-enforced).
    public var maxOutputBytes: Int? = nil
    /// Forms one macro expansion (with the expansions nested in it) or one `eval` may
    /// produce; more raises `limit` (a macro whose expansion keeps growing).
    public var maxCodeSize = 2_000_000
    public init() {}
}
