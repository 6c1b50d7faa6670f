import Foundation
import OSVMHost
import OVSMKit

/// Cancels a debug run's session: its cancel flag ends an evaluation in the paused frame
/// that does not return (a loop typed at `debug>`), or a program that does not reach its
/// next form (a long `sleep`), where the debugger's own stop cannot land.
public final class DebugRunCancel: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?
    private var cancelled = false

    public init() {}

    /// The runner says how to cancel (a cancel asked for before runs it at once).
    func set(_ h: @escaping @Sendable () -> Void) {
        let now = lock.withLock { handler = h; return cancelled }
        if now { h() }
    }

    public func cancel() {
        let h = lock.withLock { cancelled = true; return handler }
        h?()
    }
}

/// A debug run of the editor buffer: a fresh session with the debugger attached before
/// anything is compiled, on its own large-stack thread (the pauses block that thread, not
/// the workbench). The shared REPL session is left alone: its code stays uninstrumented,
/// and a debug run's definitions do not leak into it (as with `osvm ovsm debug`'s `run`).
enum DebugRunner {
    static func run(_ source: String, _ debugger: Debugger, cancel: DebugRunCancel, options: ScriptSession.Options = .init(),
                    output: @escaping @Sendable (String) -> Void = { _ in }) async -> EvalResult {
        var options = options
        options.debugger = debugger
        let session = ScriptSession(options: options, output: output)
        session.submit()                       // from now on a cancel applies to this run
        cancel.set { session.cancel() }
        let outcome = await session.evaluateDetached(source: source)
        debugger.finish()
        if let e = outcome.error { return EvalResult(printed: "", error: e.formatted(file: nil)) }
        return EvalResult(printed: outcome.value ?? "", error: nil)
    }
}
