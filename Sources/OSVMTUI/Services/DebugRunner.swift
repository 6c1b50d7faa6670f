import OSVMHost
import OVSMKit

/// A debug run of the editor buffer: a fresh session with the debugger attached before
/// anything is compiled, on its own large-stack thread (the pauses block that thread, not
/// the workbench). The shared REPL session is left alone: its code stays uninstrumented,
/// and a debug run's definitions do not leak into it (as with `osvm ovsm debug`'s `run`).
enum DebugRunner {
    static func run(_ source: String, _ debugger: Debugger, options: ScriptSession.Options = .init(),
                    output: @escaping @Sendable (String) -> Void = { _ in }) async -> EvalResult {
        var options = options
        options.debugger = debugger
        let session = ScriptSession(options: options, output: output)
        let outcome = await session.evaluateDetached(source: source)
        debugger.finish()
        if let e = outcome.error { return EvalResult(printed: "", error: e.formatted(file: nil)) }
        return EvalResult(printed: outcome.value ?? "", error: nil)
    }
}
